import { Field, ID, InputType, Int } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { PartnerTier } from '../partners';

@InputType({
  description: 'The rule of one tier (replaces the tier’s current rule). Omitted minimums do not apply.',
})
export class SetTierRuleInput {
  @Field(() => PartnerTier, { description: 'SILVER, GOLD or PLATINUM (REGISTERED has no rule).' })
  tier: PartnerTier;

  @Field(() => DecimalScalar, { nullable: true, description: 'Won sourced revenue; needs `currency`.' })
  minRevenue?: string | null;

  @Field(() => String, { description: 'ISO 4217 code of the revenue minimum.', nullable: true })
  currency?: string | null;

  @Field(() => String, { nullable: true, description: '0 to 1, at most 4 decimals, e.g. "0.30".' })
  minWinRate?: string | null;

  @Field(() => String, { nullable: true, description: '0 to 1, at most 4 decimals.' })
  minAcceptanceRate?: string | null;

  @Field(() => [ID], {
    description: "Courses a partner's users must hold a certification of.",
    nullable: true,
  })
  requiredCourseIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Default 0.' })
  minCertifications?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 36; default 12.' })
  reviewPeriodMonths?: number | null;

  @Field(() => Int, { nullable: true, description: '1 to 365; default 30.' })
  graceDays?: number | null;
}
