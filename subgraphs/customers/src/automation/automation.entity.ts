import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '../../../../shared/src/db/record';
import { connectionType } from '../../../../shared/src/graphql/pagination';
import { DealStage } from '../deals/deal.entity';
import { LeadSource } from '../leads/lead.entity';

export enum AutomationTriggerType {
  LEAD_CREATED = 'LEAD_CREATED',
  LEAD_SCORE_CROSSED = 'LEAD_SCORE_CROSSED',
  DEAL_STAGE_CHANGED = 'DEAL_STAGE_CHANGED',
}
registerEnumType(AutomationTriggerType, { name: 'AutomationTriggerType' });

export enum AutomationActionType {
  ENROL_IN_CAMPAIGN = 'ENROL_IN_CAMPAIGN',
  ASSIGN_OWNER = 'ASSIGN_OWNER',
  CREATE_TASK = 'CREATE_TASK',
}
registerEnumType(AutomationActionType, { name: 'AutomationActionType' });

export enum AutomationOutcome {
  APPLIED = 'APPLIED',
  SKIPPED = 'SKIPPED',
}
registerEnumType(AutomationOutcome, {
  name: 'AutomationOutcome',
  valuesConfig: {
    SKIPPED: { description: 'The rule matched but its action did not apply (e.g. no consent).' },
  },
});

@ObjectType()
export class AutomationTrigger {
  @Field(() => AutomationTriggerType)
  type: AutomationTriggerType;

  @Field(() => Int, { nullable: true, description: 'LEAD_SCORE_CROSSED: the score to reach from below.' })
  threshold: number | null;

  @Field(() => DealStage, { nullable: true, description: 'DEAL_STAGE_CHANGED: the stage moved to.' })
  toStage: DealStage | null;
}

@ObjectType()
export class AutomationConditions {
  @Field(() => LeadSource, { nullable: true })
  leadSource: LeadSource | null;

  @Field(() => String, { nullable: true, description: "The lead's region, else its customer's." })
  region: string | null;
}

@ObjectType()
export class AutomationAction {
  @Field(() => AutomationActionType)
  type: AutomationActionType;

  @Field(() => ID, { nullable: true })
  campaignId: string | null;

  @Field(() => String, { nullable: true })
  ownerId: string | null;

  @Field(() => String, { nullable: true, description: 'CREATE_TASK: subject of the task.' })
  subject: string | null;

  @Field(() => Int, { nullable: true, description: 'CREATE_TASK: days from the trigger to the due time.' })
  dueInDays: number | null;
}

/** When something happens (trigger) to a record that fits (conditions), do something (action). */
@ObjectType()
@Entity({ name: 'automation_rules' })
export class AutomationRule extends BusinessRecord {
  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => Boolean)
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
@ObjectType()
@Entity({ name: 'automation_runs' })
export class AutomationRun extends BusinessRecord {
  @Field(() => ID)
  @Column({ type: 'uuid' })
  ruleId: string;

  @Field(() => AutomationTriggerType)
  @Column({ type: 'text' })
  event: AutomationTriggerType;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  leadId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ type: 'uuid', nullable: true })
  dealId: string | null;

  @Field(() => AutomationOutcome)
  @Column({ type: 'text' })
  outcome: AutomationOutcome;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  detail: string | null;
}

export const AutomationRuleConnection = connectionType('AutomationRule', AutomationRule);
export const AutomationRunConnection = connectionType('AutomationRun', AutomationRun);
