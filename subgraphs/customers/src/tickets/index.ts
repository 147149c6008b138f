export { Ticket } from './ticket.entity';
export { findTicket } from './ticket.service';
export { TICKET_OWNERSHIP } from './ticket.ownership';
export { ticketTimelineSource } from './ticket.timeline';
export { openTicketsOfCustomersSql } from './ticket.sql';
