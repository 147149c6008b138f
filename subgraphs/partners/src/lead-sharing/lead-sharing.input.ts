import { Field, ID, InputType, Int } from 'type-graphql';
import { PartnerTier } from '../partners/partner.entity';
import { LeadOfferStatus } from './lead-sharing.entity';

@InputType()
export class CreateDistributionRuleInput {
  @Field(() => String)
  name: string;

  @Field(() => Int, { description: 'Lower numbers are tried first.' })
  priority: number;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => PartnerTier, { nullable: true })
  minTier?: PartnerTier | null;

  @Field(() => Int, { description: '1 to 720 hours.' })
  responseSlaHours: number;

  @Field(() => Int, { description: '1 to 1000.' })
  maxOpenOffersPerPartner: number;
}

/** Changes to a rule; omitted fields stay as they are, null clears region, industry or minTier. */
@InputType()
export class UpdateDistributionRuleInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => Int, { nullable: true })
  priority?: number | null;

  @Field(() => Boolean, { nullable: true })
  enabled?: boolean | null;

  @Field(() => String, { nullable: true })
  region?: string | null;

  @Field(() => String, { nullable: true })
  industry?: string | null;

  @Field(() => PartnerTier, { nullable: true })
  minTier?: PartnerTier | null;

  @Field(() => Int, { nullable: true })
  responseSlaHours?: number | null;

  @Field(() => Int, { nullable: true })
  maxOpenOffersPerPartner?: number | null;
}

@InputType()
export class LeadOfferFilter {
  @Field(() => LeadOfferStatus, { nullable: true })
  status?: LeadOfferStatus | null;

  @Field(() => ID, { nullable: true })
  partnerId?: string | null;

  @Field(() => ID, { nullable: true })
  leadId?: string | null;
}

@InputType()
export class ReferLeadInput {
  @Field(() => ID, {
    nullable: true,
    description: "The referring partner; defaults to the caller's own partner for a partner user.",
  })
  partnerId?: string | null;

  @Field(() => String, { description: 'Name of the person.' })
  name: string;

  @Field(() => String)
  company: string;

  @Field(() => String)
  email: string;

  @Field(() => String, { nullable: true })
  domain?: string | null;

  @Field(() => String, { nullable: true })
  notes?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Makes the referral safe to retry: the same partner and key always yield the same CRM lead. Generated when omitted.',
  })
  idempotencyKey?: string | null;
}
