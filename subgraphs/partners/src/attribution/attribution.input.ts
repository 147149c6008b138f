import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Credits a CRM deal to the partner that sourced it (CHANNEL_MANAGER and ADMIN).' })
export class AttributeDealInput {
  @Field(() => ID, { description: 'The CRM deal.' })
  dealId: string;

  @Field(() => ID, { nullable: true, description: 'The sourcing partner; null makes the deal direct.' })
  partnerId?: string | null;
}

@InputType({ description: 'Assigns a CRM lead to a partner (CHANNEL_MANAGER and ADMIN).' })
export class AttributeLeadInput {
  @Field(() => ID, { description: 'The CRM lead.' })
  leadId: string;

  @Field(() => ID, { nullable: true, description: 'Partner the lead is assigned to; null clears it.' })
  assignedPartnerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Partner that referred the lead; null clears it.' })
  referredByPartnerId?: string | null;
}
