import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { connectionType } from '../../../../shared/src/graphql/pagination';

/** The CRM's Deal, to which the PRM contributes the partner that sourced it. */
@Directive('@key(fields: "id")')
@ObjectType('Deal')
export class DealRef {
  @Field(() => ID)
  id: string;
}

/** The CRM's Lead, to which the PRM contributes its partner assignment and referral. */
@Directive('@key(fields: "id")')
@ObjectType('Lead')
export class LeadRef {
  @Field(() => ID)
  id: string;
}

export const PartnerDealConnection = connectionType('PartnerDeal', DealRef);
export const PartnerLeadConnection = connectionType('PartnerLead', LeadRef);
