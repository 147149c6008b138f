import { Field, ID, InputType, Int } from 'type-graphql';
import { LeadSource, LeadStatus } from './lead.entity';

@InputType()
export class CreateLeadInput {
  @Field(() => String)
  name: string;

  @Field(() => String, { nullable: true })
  company?: string | null;

  @Field(() => String, { nullable: true })
  email?: string | null;

  @Field(() => LeadSource)
  source: LeadSource;

  @Field(() => LeadStatus, { nullable: true, defaultValue: LeadStatus.NEW })
  status?: LeadStatus;

  @Field(() => Int, { nullable: true, defaultValue: 0 })
  score?: number;

  @Field(() => ID, { nullable: true, description: 'Existing customer the lead belongs to.' })
  customerId?: string | null;
}

@InputType()
export class LeadFilter {
  @Field(() => LeadStatus, { nullable: true })
  status?: LeadStatus | null;

  @Field(() => LeadSource, { nullable: true })
  source?: LeadSource | null;
}
