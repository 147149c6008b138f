import { moveRowsOnMerge } from '@sales-graph/shared/db/reassign';

/** A customer merge moves the duplicate's tickets (deleted ones too) to the survivor. */
export const moveTicketsOnMerge = moveRowsOnMerge('crm.tickets', 'Ticket');
