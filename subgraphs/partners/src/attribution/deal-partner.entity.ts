import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord } from '@sales-graph/shared/db/record';

/** The part a partner plays in a CRM deal. */
export enum DealPartnerRole {
  SOURCED = 'SOURCED',
  RESELLER = 'RESELLER',
  DISTRIBUTOR = 'DISTRIBUTOR',
  INFLUENCER = 'INFLUENCER',
  SERVICES = 'SERVICES',
}
registerEnumType(DealPartnerRole, {
  name: 'DealPartnerRole',
  description: 'The part a partner plays in a deal.',
  valuesConfig: {
    SOURCED: { description: 'Found the opportunity (the primary one is `Deal.sourcedBy`).' },
    RESELLER: { description: 'Sells to the customer.' },
    DISTRIBUTOR: { description: 'Supplies the reseller.' },
    INFLUENCER: { description: 'Influenced the decision without selling.' },
    SERVICES: { description: 'Delivers services around the deal.' },
  },
});

export const DEAL_PARTNER_ROLES = Object.values(DealPartnerRole);

/**
 * A partner's part in a CRM deal besides the primary sourcing one: the primary SOURCED partner
 * stays the deal's one `DealAttribution` (`Deal.sourcedBy`, the CRM's channel, commissions and
 * performance read it); every other (partner, role) of the deal is one row here. A deal has rows
 * here only while it has its primary.
 */
@Entity({ name: 'deal_partner_attributions' })
export class DealPartnerAttribution extends BusinessRecord {
  @Column({ type: 'uuid' })
  dealId: string;

  @Column({ type: 'uuid' })
  partnerId: string;

  @Column({ type: 'text' })
  role: DealPartnerRole;
}

/** One party of a deal as the graph shows it (the primary from the attribution, the others from here). */
@ObjectType({
  description:
    "A partner's part in a deal. A partner user sees only its own partner's parts of the deals it is party to (not the other parties).",
})
export class DealPartner {
  dealId: string;

  partnerId: string;

  @Field(() => DealPartnerRole, { description: 'The part the partner plays.' })
  role: DealPartnerRole;

  @Field(() => Boolean, { description: 'Whether this is the primary sourcing partner (`Deal.sourcedBy`).' })
  primary: boolean;
}
