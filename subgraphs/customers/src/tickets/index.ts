export { Ticket } from './ticket.entity';
export { ticketRepo } from './ticket.service';
export { TICKET_OWNERSHIP } from './ticket.ownership';
