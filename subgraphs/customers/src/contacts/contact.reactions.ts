import type { EntityManager } from 'typeorm';
import { reassignRows } from '@sales-graph/shared/db/reassign';
import type { EventOf } from '@sales-graph/shared/events/events';
import type { CustomerEvents } from '../customers';

/** A customer merge moves the duplicate's contacts (deleted ones too) to the survivor. */
export async function moveContactsOnMerge(
  manager: EntityManager,
  event: EventOf<CustomerEvents, 'CustomersMerging'>,
): Promise<void> {
  const ids = await reassignRows(manager, {
    table: 'crm.contacts',
    column: 'customer_id',
    from: event.duplicateId,
    to: event.survivorId,
    by: event.by,
  });
  event.moved('Contact', ids);
}
