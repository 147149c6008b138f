export { Ticket } from './ticket.entity';
export { ticketRepo } from './ticket.service';
