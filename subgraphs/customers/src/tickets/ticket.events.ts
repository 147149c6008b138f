import type { Ticket, TicketStatus } from './ticket.entity';

/** What happens to a ticket, emitted inside the transaction that did it (`emit<TicketEvents>`). */
export interface TicketEvents {
  TicketOpened: { ticket: Ticket; by: string };
  TicketStatusChanged: { ticket: Ticket; from: TicketStatus; to: TicketStatus; by: string };
}
