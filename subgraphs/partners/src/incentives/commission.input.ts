import { Field, InputType } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { DealPartnerRole } from '../attribution';
import { PartnerTier } from '../partners';

@InputType({ description: "A deal role's share of a plan's commission." })
export class CommissionRoleShareInput {
  @Field(() => DealPartnerRole, { description: 'The deal role.' })
  role: DealPartnerRole;

  @Field(() => String, { description: 'Decimal fraction from 0 to 1, at most 4 decimals, e.g. "0.25".' })
  share: string;
}

@InputType({ description: "A plan's rate for the deal line items of one product family." })
export class CommissionFamilyRateInput {
  @Field(() => String, { description: 'A product family of the catalogue (e.g. "Services").' })
  family: string;

  @Field(() => String, { description: 'Decimal fraction from 0 to 1, at most 4 decimals, e.g. "0.05".' })
  rate: string;
}

@InputType({ description: "Sets a tier's commission plan (replacing the one it had)." })
export class SetCommissionPlanInput {
  @Field(() => PartnerTier, { description: 'The partner tier.' })
  tier: PartnerTier;

  @Field(() => String, { description: 'Decimal fraction from 0 to 1, at most 4 decimals, e.g. "0.10".' })
  rate: string;

  @Field(() => DecimalScalar, { description: 'Most one deal can earn; omit for no cap.', nullable: true })
  capPerDeal?: string | null;

  @Field(() => DecimalScalar, {
    description: 'Most one statement period can earn; omit for no cap.',
    nullable: true,
  })
  capPerPeriod?: string | null;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;

  @Field(() => [CommissionRoleShareInput], {
    nullable: true,
    description:
      "The commission's split by deal role, each role at most once, the shares summing to at most 1 (exact); a role not named earns nothing. Omitted: SOURCED 1 (the primary sourcing partner earns it all).",
  })
  roleShares?: CommissionRoleShareInput[] | null;

  @Field(() => [CommissionFamilyRateInput], {
    nullable: true,
    description:
      "Rates per product family (families of the CRM catalogue, each at most once): a deal's line items of a family earn its rate, the others the plan's `rate`. Omitted or empty: none (the plan is replaced as a whole).",
  })
  familyRates?: CommissionFamilyRateInput[] | null;
}
