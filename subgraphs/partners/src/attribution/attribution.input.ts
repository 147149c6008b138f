import { Field, ID, InputType } from 'type-graphql';

@InputType()
export class AttributeDealInput {
  @Field(() => ID)
  dealId: string;

  @Field(() => ID, { nullable: true, description: 'The sourcing partner; null makes the deal direct.' })
  partnerId?: string | null;
}

@InputType()
export class AttributeLeadInput {
  @Field(() => ID)
  leadId: string;

  @Field(() => ID, { nullable: true, description: 'Partner the lead is assigned to; null clears it.' })
  assignedPartnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Partner that referred the lead; null clears it.' })
  referredByPartnerId?: string | null;
}
