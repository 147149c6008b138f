import type { EntityManager } from 'typeorm';
import type { ActivityEvents } from '../activities';
import type { EventOf } from '@sales-graph/shared/events/events';
import { recomputeLeadScore } from './lead.lifecycle';
import { moveRowsOnMerge } from '@sales-graph/shared/db/reassign';

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
export const moveLeadsOnMerge = moveRowsOnMerge('crm.leads', 'Lead');
