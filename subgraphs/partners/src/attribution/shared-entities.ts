import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { DealStage } from '@sales-graph/shared/deal-stage';

/** The CRM's Deal, to which the PRM contributes the partner that sourced it. */
@Directive('@key(fields: "id")')
@ObjectType('Deal', {
  description:
    'An opportunity to sell to a customer, direct or sourced by a partner, moving through the pipeline stages. SALES and ADMIN write deals; other internal roles read them; a partner user sees only the deals its partner sourced.',
})
export class DealRef {
  @Field(() => ID)
  id: string;

  // Owned by the CRM; declared here so `@requires` can hand their current values to the PRM.
  // Nullable as in the CRM: a query the PRM serves reaches them across the subgraph boundary.
  @Directive('@external')
  @Field(() => DealStage, { nullable: true, description: "The deal's pipeline stage." })
  stage?: DealStage;

  @Directive('@external')
  @Field(() => DecimalScalar, { nullable: true, description: 'Expected value of the deal, in `currency`.' })
  amount?: string;

  @Directive('@external')
  @Field(() => String, { nullable: true })
  currency?: string;

  @Directive('@external')
  @Field(() => Date, {
    description: 'When the deal was closed won or lost; null while open.',
    nullable: true,
  })
  closedAt?: string | Date | null;
}

/** The CRM's Lead, to which the PRM contributes its partner assignment and referral. */
@Directive('@key(fields: "id")')
@ObjectType('Lead', {
  description:
    'A potential buyer not yet qualified into a deal: a person at a company, from a source. SALES, MARKETING and ADMIN write leads; a partner user sees only the leads assigned to or referred by its partner.',
})
export class LeadRef {
  @Field(() => ID)
  id: string;
}

export const PartnerDealConnection = connectionType('PartnerDeal', DealRef);
// The CRM's own Deal connection type (one connection type per node type), answered by `Partner.deals`.
export const DealConnection = connectionType('Deal', DealRef, { shareable: true });
export const PartnerLeadConnection = connectionType('PartnerLead', LeadRef);
// The CRM's own Lead connection type (one connection type per node type), answered by `Partner.leads`.
export const LeadConnection = connectionType('Lead', LeadRef, { shareable: true });

/** How a lead relates to a partner in `Partner.leads`. */
export enum PartnerLeadRelation {
  ASSIGNED = 'ASSIGNED',
  REFERRED = 'REFERRED',
}
registerEnumType(PartnerLeadRelation, {
  name: 'PartnerLeadRelation',
  description: 'How a CRM lead relates to a partner.',
  valuesConfig: {
    ASSIGNED: { description: 'The lead is assigned to the partner to work.' },
    REFERRED: { description: 'The partner referred the lead to us.' },
  },
});
