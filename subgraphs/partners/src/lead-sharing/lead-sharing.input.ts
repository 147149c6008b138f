import { Field, ID, InputType, Int } from 'type-graphql';
import { PartnerTier } from '../partners';

@InputType({ description: 'A new rule for routing leads to partners (CHANNEL_MANAGER and ADMIN).' })
export class CreateDistributionRuleInput {
  @Field(() => String, { description: 'Name of the rule.' })
  name: string;

  @Field(() => Int, { description: 'Lower numbers are tried first.' })
  priority: number;

  @Field(() => Boolean, {
    description: 'Whether the rule routes from the start; true by default.',
    nullable: true,
    defaultValue: true,
  })
  enabled?: boolean | null;

  @Field(() => String, { description: 'Only leads in this region; omit for any.', nullable: true })
  region?: string | null;

  @Field(() => String, { description: 'Only leads in this industry; omit for any.', nullable: true })
  industry?: string | null;

  @Field(() => PartnerTier, { description: 'Only partners of this tier or higher.', nullable: true })
  minTier?: PartnerTier | null;

  @Field(() => Int, { description: '1 to 720 hours.' })
  responseSlaHours: number;

  @Field(() => Int, { description: '1 to 1000.' })
  maxOpenOffersPerPartner: number;
}

/** Changes to a rule; omitted fields stay as they are, null clears region, industry or minTier. */
@InputType({ description: 'Changes to a distribution rule; omitted fields keep their value.' })
export class UpdateDistributionRuleInput {
  @Field(() => String, { description: 'New name.', nullable: true })
  name?: string | null;

  @Field(() => Int, { description: 'New place in the order rules are tried (lower first).', nullable: true })
  priority?: number | null;

  @Field(() => Boolean, { description: 'Whether the rule routes leads.', nullable: true })
  enabled?: boolean | null;

  @Field(() => String, { description: 'Only leads in this region.', nullable: true })
  region?: string | null;

  @Field(() => String, { description: 'Only leads in this industry.', nullable: true })
  industry?: string | null;

  @Field(() => PartnerTier, { description: 'Only partners of this tier or higher.', nullable: true })
  minTier?: PartnerTier | null;

  @Field(() => Int, { description: 'Hours a partner has to answer an offer.', nullable: true })
  responseSlaHours?: number | null;

  @Field(() => Int, { description: 'Most open offers one partner may hold at once.', nullable: true })
  maxOpenOffersPerPartner?: number | null;
}

@InputType({ description: 'A lead a partner refers to us; it becomes a CRM lead with source PARTNER.' })
export class ReferLeadInput {
  @Field(() => ID, {
    nullable: true,
    description: "The referring partner; defaults to the caller's own partner for a partner user.",
  })
  partnerId?: string | null;

  @Field(() => String, { description: 'Name of the person.' })
  name: string;

  @Field(() => String, { description: "The prospect's company name." })
  company: string;

  @Field(() => String, { description: "The prospect contact's email (personal data)." })
  email: string;

  @Field(() => String, { description: "The prospect's web domain.", nullable: true })
  domain?: string | null;

  @Field(() => String, { description: 'What the partner knows about the opportunity.', nullable: true })
  notes?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Makes the referral safe to retry: the same partner and key always yield the same CRM lead. Generated when omitted.',
  })
  idempotencyKey?: string | null;
}
