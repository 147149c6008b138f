import { OwnedRecordType, saveOwner, type Ownable } from '../users';
import { Ticket } from './ticket.entity';

/** Tickets have an accountable owner; OPEN and PENDING tickets move with a hand-over. */
export const TICKET_OWNERSHIP: Ownable<Ticket> = {
  type: OwnedRecordType.TICKET,
  subject: 'Ticket',
  entity: Ticket,
  open: (alias) => `${alias}.status IN ('OPEN', 'PENDING')`,
  setOwner: saveOwner,
};
