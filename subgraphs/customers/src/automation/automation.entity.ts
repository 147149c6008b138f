import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { DealStage } from '../deals';
import { LeadSource } from '../leads';

export enum AutomationTriggerType {
  LEAD_CREATED = 'LEAD_CREATED',
  LEAD_SCORE_CROSSED = 'LEAD_SCORE_CROSSED',
  DEAL_STAGE_CHANGED = 'DEAL_STAGE_CHANGED',
}
registerEnumType(AutomationTriggerType, {
  name: 'AutomationTriggerType',
  description: 'Events that can fire automation rules.',
  valuesConfig: {
    LEAD_CREATED: { description: 'A new lead was created.' },
    LEAD_SCORE_CROSSED: { description: "A lead's score rose to or above the rule's threshold." },
    DEAL_STAGE_CHANGED: { description: 'A deal moved to another pipeline stage.' },
  },
});

export enum AutomationActionType {
  ENROL_IN_CAMPAIGN = 'ENROL_IN_CAMPAIGN',
  ASSIGN_OWNER = 'ASSIGN_OWNER',
  CREATE_TASK = 'CREATE_TASK',
}
registerEnumType(AutomationActionType, {
  name: 'AutomationActionType',
  description: 'The actions an automation rule can take.',
  valuesConfig: {
    ENROL_IN_CAMPAIGN: { description: 'Enrol the lead in a marketing campaign (consent permitting).' },
    ASSIGN_OWNER: { description: 'Make a user the owner of the lead or deal.' },
    CREATE_TASK: { description: 'Create a TASK activity for a user.' },
  },
});

export enum AutomationOutcome {
  APPLIED = 'APPLIED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(AutomationOutcome, {
  name: 'AutomationOutcome',
  description: 'What became of one automation run.',
  valuesConfig: {
    APPLIED: { description: 'The rule matched and its action was applied.' },
    SKIPPED: { description: 'The rule matched but its action did not apply (e.g. no consent).' },
  },
});

@ObjectType({ description: 'The event that fires an automation rule.' })
export class AutomationTrigger {
  @Field(() => AutomationTriggerType, { description: 'The kind of event.' })
  type: AutomationTriggerType;

  @Field(() => Int, { nullable: true, description: 'LEAD_SCORE_CROSSED: the score to reach from below.' })
  threshold: number | null;

  @Field(() => DealStage, { nullable: true, description: 'DEAL_STAGE_CHANGED: the stage moved to.' })
  toStage: DealStage | null;
}

@ObjectType({ description: 'Which events an automation rule applies to; unset conditions match everything.' })
export class AutomationConditions {
  @Field(() => LeadSource, { description: 'Only leads from this source.', nullable: true })
  leadSource: LeadSource | null;

  @Field(() => String, { nullable: true, description: "The lead's region, else its customer's." })
  region: string | null;
}

@ObjectType({ description: 'What an automation rule does when it fires.' })
export class AutomationAction {
  @Field(() => AutomationActionType, { description: 'The kind of action.' })
  type: AutomationActionType;

  @Field(() => ID, {
    description: 'For ENROL_IN_CAMPAIGN: the campaign the lead is enrolled in.',
    nullable: true,
  })
  campaignId: string | null;

  @Field(() => String, {
    description:
      'For ASSIGN_OWNER and CREATE_TASK: the user who becomes owner or gets the task (internal roles only).',
    nullable: true,
  })
  ownerId: string | null;

  @Field(() => String, { nullable: true, description: 'CREATE_TASK: subject of the task.' })
  subject: string | null;

  @Field(() => Int, { nullable: true, description: 'CREATE_TASK: days from the trigger to the due time.' })
  dueInDays: number | null;
}

/** When something happens (trigger) to a record that fits (conditions), do something (action). */
@ObjectType({
  description:
    'A marketing automation: when a trigger fires and the conditions hold, an action runs (MARKETING and ADMIN manage them; ANALYST reads them).',
})
@Entity({ name: 'automation_rules' })
export class AutomationRule extends BusinessRecord {
  @Field(() => String, { description: 'Name of the rule.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => Boolean, { description: 'Whether the rule fires; disabled rules keep their history.' })
  @Column({ type: 'boolean' })
  enabled: boolean;

  @Column({ type: 'text' })
  triggerType: AutomationTriggerType;

  @Column({ type: 'int', nullable: true })
  threshold: number | null;

  @Column({ type: 'text', nullable: true })
  toStage: DealStage | null;

  @Column({ type: 'text', nullable: true })
  conditionLeadSource: LeadSource | null;

  @Column({ type: 'text', nullable: true })
  conditionRegion: string | null;

  @Column({ type: 'text' })
  actionType: AutomationActionType;

  @Column({ type: 'uuid', nullable: true })
  campaignId: string | null;

  @Column({ type: 'text', nullable: true })
  ownerId: string | null;

  @Column({ type: 'text', nullable: true })
  taskSubject: string | null;

  @Column({ type: 'int', nullable: true })
  taskDueInDays: number | null;
}

/** One firing of a rule: the event, the record it acted on, and what came of it. */
@ObjectType({ description: 'One firing of an automation rule and what came of it.' })
@Entity({ name: 'automation_runs' })
export class AutomationRun extends BusinessRecord {
  @Field(() => ID, { description: 'The rule that fired.' })
  @Column({ type: 'uuid' })
  ruleId: string;

  @Field(() => AutomationTriggerType, { description: 'The event that fired it.' })
  @Column({ type: 'text' })
  event: AutomationTriggerType;

  @Field(() => ID, { description: 'The lead the event was about, if any.', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Field(() => ID, { description: 'The deal the event was about, if any.', nullable: true })
  @Column({ type: 'uuid', nullable: true })
  dealId: string | null;

  @Field(() => AutomationOutcome, { description: 'Whether the action applied.' })
  @Column({ type: 'text' })
  outcome: AutomationOutcome;

  @Field(() => String, { description: 'Why the action was skipped, or what it did.', nullable: true })
  @Column({ type: 'text', nullable: true })
  detail: string | null;
}

export const AutomationRuleConnection = connectionType('AutomationRule', AutomationRule);
export const AutomationRunConnection = connectionType('AutomationRun', AutomationRun);
