import { BadUserInputError } from '@sales-graph/shared/errors';
import { intInRange, optionalText, requiredText } from '@sales-graph/shared/validation';
import type { DealStage } from '../deals';
import type { LeadSource } from '../leads';
import { AutomationActionType, AutomationTriggerType } from './automation.entity';
import type { CreateAutomationRuleInput } from './automation.input';

/** A rule's declarative configuration, as stored: one column per setting, unused ones null. */
export interface RuleConfig {
  name: string;
  enabled: boolean;
  triggerType: AutomationTriggerType;
  threshold: number | null;
  toStage: DealStage | null;
  conditionLeadSource: LeadSource | null;
  conditionRegion: string | null;
  actionType: AutomationActionType;
  campaignId: string | null;
  ownerId: string | null;
  taskSubject: string | null;
  taskDueInDays: number | null;
}

const given = (value: unknown) => value !== null && value !== undefined;

function only(field: string, value: unknown, allowed: boolean, where: string): void {
  if (given(value) && !allowed) throw new BadUserInputError(`${field} applies only to ${where}`, field);
}

/**
 * Validates a rule's configuration: each trigger and action takes exactly its own settings (a
 * setting meant for another kind is an error, not silently ignored), and they are in range.
 */
export function planRuleConfig(input: CreateAutomationRuleInput): RuleConfig {
  const { trigger, action } = input;
  const conditions = input.conditions ?? {};
  const T = AutomationTriggerType;
  const A = AutomationActionType;

  only('trigger.threshold', trigger.threshold, trigger.type === T.LEAD_SCORE_CROSSED, 'LEAD_SCORE_CROSSED');
  only('trigger.toStage', trigger.toStage, trigger.type === T.DEAL_STAGE_CHANGED, 'DEAL_STAGE_CHANGED');
  if (trigger.type === T.LEAD_SCORE_CROSSED && !given(trigger.threshold)) {
    throw new BadUserInputError('LEAD_SCORE_CROSSED needs a threshold', 'trigger.threshold');
  }
  if (trigger.type === T.DEAL_STAGE_CHANGED && !given(trigger.toStage)) {
    throw new BadUserInputError('DEAL_STAGE_CHANGED needs toStage', 'trigger.toStage');
  }
  const threshold = given(trigger.threshold)
    ? intInRange(trigger.threshold!, 'trigger.threshold', 1, 100)
    : null;

  only('action.campaignId', action.campaignId, action.type === A.ENROL_IN_CAMPAIGN, 'ENROL_IN_CAMPAIGN');
  only('action.ownerId', action.ownerId, action.type === A.ASSIGN_OWNER, 'ASSIGN_OWNER');
  only('action.subject', action.subject, action.type === A.CREATE_TASK, 'CREATE_TASK');
  only('action.dueInDays', action.dueInDays, action.type === A.CREATE_TASK, 'CREATE_TASK');
  if (action.type === A.ENROL_IN_CAMPAIGN && !given(action.campaignId)) {
    throw new BadUserInputError('ENROL_IN_CAMPAIGN needs a campaignId', 'action.campaignId');
  }
  if (action.type === A.ASSIGN_OWNER && !optionalText(action.ownerId, 'action.ownerId')) {
    throw new BadUserInputError('ASSIGN_OWNER needs an ownerId', 'action.ownerId');
  }
  if (action.type === A.CREATE_TASK && !optionalText(action.subject, 'action.subject')) {
    throw new BadUserInputError('CREATE_TASK needs a subject', 'action.subject');
  }

  return {
    name: requiredText(input.name, 'name'),
    enabled: input.enabled ?? true,
    triggerType: trigger.type,
    threshold,
    toStage: trigger.toStage ?? null,
    conditionLeadSource: conditions.leadSource ?? null,
    conditionRegion: optionalText(conditions.region, 'conditions.region', 100),
    actionType: action.type,
    campaignId: action.campaignId ?? null,
    ownerId: optionalText(action.ownerId, 'action.ownerId'),
    taskSubject: optionalText(action.subject, 'action.subject'),
    taskDueInDays:
      action.type === A.CREATE_TASK ? intInRange(action.dueInDays ?? 1, 'action.dueInDays', 0, 365) : null,
  };
}

/** What is known about an event when rules are matched against it. */
export interface RuleFacts {
  trigger: AutomationTriggerType;
  /** Lead score before and after (LEAD_SCORE_CROSSED). */
  previousScore?: number;
  score?: number;
  /** Stage moved to (DEAL_STAGE_CHANGED). */
  toStage?: DealStage;
  leadSource: LeadSource | null;
  region: string | null;
}

type RuleMatchFields = Pick<
  RuleConfig,
  'enabled' | 'triggerType' | 'threshold' | 'toStage' | 'conditionLeadSource' | 'conditionRegion'
>;

/** Whether the score went from below the threshold to at or above it (not: stayed above). */
export function crossedUpwards(previous: number, current: number, threshold: number): boolean {
  return previous < threshold && current >= threshold;
}

/**
 * Whether an enabled rule fires for an event: same trigger, the trigger's own setting met
 * (score crossed upwards, stage reached), and every condition it has holds (regions compare
 * case-insensitively; an unknown source or region does not match a condition on it).
 */
export function ruleMatches(rule: RuleMatchFields, facts: RuleFacts): boolean {
  if (!rule.enabled || rule.triggerType !== facts.trigger) return false;
  switch (rule.triggerType) {
    case AutomationTriggerType.LEAD_SCORE_CROSSED:
      if (facts.previousScore === undefined || facts.score === undefined || rule.threshold === null)
        return false;
      if (!crossedUpwards(facts.previousScore, facts.score, rule.threshold)) return false;
      break;
    case AutomationTriggerType.DEAL_STAGE_CHANGED:
      if (rule.toStage !== facts.toStage) return false;
      break;
    default:
      break;
  }
  if (rule.conditionLeadSource && rule.conditionLeadSource !== facts.leadSource) return false;
  if (rule.conditionRegion && rule.conditionRegion.toLowerCase() !== facts.region?.toLowerCase())
    return false;
  return true;
}
