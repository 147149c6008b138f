import { Field, InputType } from 'type-graphql';
import { DecimalScalar } from '../../../../shared/src/graphql/scalars';
import { PartnerTier } from '../partners/partner.entity';

@InputType({ description: "Sets a tier's commission plan (replacing the one it had)." })
export class SetCommissionPlanInput {
  @Field(() => PartnerTier)
  tier: PartnerTier;

  @Field(() => String, { description: 'Decimal fraction from 0 to 1, at most 4 decimals, e.g. "0.10".' })
  rate: string;

  @Field(() => DecimalScalar, { nullable: true })
  capPerDeal?: string | null;

  @Field(() => DecimalScalar, { nullable: true })
  capPerPeriod?: string | null;

  @Field(() => String, { description: 'ISO 4217 currency code.' })
  currency: string;
}
