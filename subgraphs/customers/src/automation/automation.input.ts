import { Field, ID, InputType, Int } from 'type-graphql';
import { DealStage } from '../deals/deal.entity';
import { LeadSource } from '../leads/lead.entity';
import { AutomationActionType, AutomationTriggerType } from './automation.entity';

@InputType()
export class AutomationTriggerInput {
  @Field(() => AutomationTriggerType)
  type: AutomationTriggerType;

  @Field(() => Int, { nullable: true, description: 'Required for LEAD_SCORE_CROSSED (1 to 100).' })
  threshold?: number | null;

  @Field(() => DealStage, { nullable: true, description: 'Required for DEAL_STAGE_CHANGED.' })
  toStage?: DealStage | null;
}

@InputType()
export class AutomationConditionsInput {
  @Field(() => LeadSource, { nullable: true })
  leadSource?: LeadSource | null;

  @Field(() => String, { nullable: true })
  region?: string | null;
}

@InputType()
export class AutomationActionInput {
  @Field(() => AutomationActionType)
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

@InputType()
export class CreateAutomationRuleInput {
  @Field(() => String)
  name: string;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean;

  @Field(() => AutomationTriggerInput)
  trigger: AutomationTriggerInput;

  @Field(() => AutomationConditionsInput, { nullable: true })
  conditions?: AutomationConditionsInput | null;

  @Field(() => AutomationActionInput)
  action: AutomationActionInput;
}
