import type { EntityManager } from 'typeorm';
import type { ActivityEvents } from '../activities';
import type { EventOf } from '@sales-graph/shared/events/events';
import { recomputeLeadScore } from './lead.lifecycle';
import { reassignRows } from '@sales-graph/shared/db/reassign';
import type { CustomerEvents } from '../customers';

/**
 * An activity linked to a lead is engagement: the lead is rescored in the activity's transaction
 * (which may fire score rules in turn, through LeadScoreChanged).
 */
export async function rescoreLeadOnActivity(
  manager: EntityManager,
  event: EventOf<ActivityEvents, 'ActivityLogged'>,
): Promise<void> {
  if (event.activity.leadId) await recomputeLeadScore(manager, event.activity.leadId);
}

/** A customer merge moves the duplicate's leads (deleted ones too) to the survivor. */
export async function moveLeadsOnMerge(
  manager: EntityManager,
  event: EventOf<CustomerEvents, 'CustomersMerging'>,
): Promise<void> {
  const ids = await reassignRows(manager, {
    table: 'crm.leads',
    column: 'customer_id',
    from: event.duplicateId,
    to: event.survivorId,
  });
  event.moved('Lead', ids);
}
