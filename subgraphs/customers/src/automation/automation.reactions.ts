import type { EntityManager } from 'typeorm';
import type { EventOf } from '@sales-graph/shared/events/events';
import type { DealEvents } from '../deals';
import type { LeadEvents } from '../leads';
import { AutomationTriggerType } from './automation.entity';
import { runAutomations } from './automation.service';

/**
 * Automation's subscribers: the rules run in the transaction of the event that fires them, so the
 * trigger and its actions commit together (see runAutomations). Rules act for whoever caused the event.
 */

/** A new lead fires the LEAD_CREATED rules, then the score rules its initial score crosses (upwards from 0). */
export async function automateLeadCreated(
  manager: EntityManager,
  { lead, by }: EventOf<LeadEvents, 'LeadCreated'>,
): Promise<void> {
  const score = lead.score;
  const actor = { identity: { sub: by } };
  await runAutomations(manager, actor, { trigger: AutomationTriggerType.LEAD_CREATED, lead });
  await runAutomations(manager, actor, {
    trigger: AutomationTriggerType.LEAD_SCORE_CROSSED,
    lead,
    previousScore: 0,
    score,
  });
}

/** LEAD_SCORE_CROSSED rules fire when the score rises through their threshold. */
export async function automateLeadScoreChanged(
  manager: EntityManager,
  { lead, previousScore, by }: EventOf<LeadEvents, 'LeadScoreChanged'>,
): Promise<void> {
  await runAutomations(
    manager,
    { identity: { sub: by } },
    { trigger: AutomationTriggerType.LEAD_SCORE_CROSSED, lead, previousScore },
  );
}

export async function automateDealStageChanged(
  manager: EntityManager,
  { deal, fromStage, toStage, by }: EventOf<DealEvents, 'DealStageChanged'>,
): Promise<void> {
  await runAutomations(
    manager,
    { identity: { sub: by } },
    { trigger: AutomationTriggerType.DEAL_STAGE_CHANGED, deal, fromStage, toStage },
  );
}
