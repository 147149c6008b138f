import { Field, InputType } from 'type-graphql';
import { DecimalScalar } from '@sales-graph/shared/graphql/scalars';
import { PartnerTier } from '../partners';

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
}
