import { Field, ID, InputType, Int } from 'type-graphql';
import { DealStage } from '../deals';
import { LeadSource } from '../leads';
import { AutomationActionType, AutomationTriggerType } from './automation.entity';

@InputType({ description: 'The event that should fire a new automation rule.' })
export class AutomationTriggerInput {
  @Field(() => AutomationTriggerType, { description: 'The kind of event.' })
  type: AutomationTriggerType;

  @Field(() => Int, { nullable: true, description: 'Required for LEAD_SCORE_CROSSED (1 to 100).' })
  threshold?: number | null;

  @Field(() => DealStage, { nullable: true, description: 'Required for DEAL_STAGE_CHANGED.' })
  toStage?: DealStage | null;
}

@InputType({
  description: 'Which events a new automation rule applies to; omitted conditions match everything.',
})
export class AutomationConditionsInput {
  @Field(() => LeadSource, { description: 'Only leads from this source.', nullable: true })
  leadSource?: LeadSource | null;

  @Field(() => String, { description: 'Only leads in this sales region.', nullable: true })
  region?: string | null;
}

@InputType({ description: 'What a new automation rule should do.' })
export class AutomationActionInput {
  @Field(() => AutomationActionType, { description: 'The kind of action.' })
  type: AutomationActionType;

  @Field(() => ID, { nullable: true, description: 'Required for ENROL_IN_CAMPAIGN.' })
  campaignId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for ASSIGN_OWNER.' })
  ownerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Required for CREATE_TASK.' })
  subject?: string | null;

  @Field(() => Int, { nullable: true, description: 'CREATE_TASK: 0 to 365, default 1.' })
  dueInDays?: number | null;
}

@InputType({ description: 'A new automation rule (MARKETING and ADMIN).' })
export class CreateAutomationRuleInput {
  @Field(() => String, { description: 'Name of the rule.' })
  name: string;

  @Field(() => Boolean, {
    description: 'Whether the rule fires from the start; true by default.',
    nullable: true,
    defaultValue: true,
  })
  enabled?: boolean;

  @Field(() => AutomationTriggerInput, { description: 'The event that fires the rule.' })
  trigger: AutomationTriggerInput;

  @Field(() => AutomationConditionsInput, {
    description: 'Which events it applies to; omit to match all.',
    nullable: true,
  })
  conditions?: AutomationConditionsInput | null;

  @Field(() => AutomationActionInput, { description: 'What the rule does.' })
  action: AutomationActionInput;
}
