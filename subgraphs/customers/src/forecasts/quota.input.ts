import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { PeriodType } from './forecast.rules';

registerEnumType(PeriodType, {
  name: 'PeriodType',
  description: 'A calendar period named by its first day (UTC).',
  valuesConfig: {
    MONTH: { description: 'A calendar month.' },
    QUARTER: { description: 'A calendar quarter (January, April, July, October).' },
    YEAR: { description: 'A calendar year.' },
  },
});

@InputType({
  description:
    'A period of whole days: `from` and `to` (inclusive), or `type` and `start` (the first day of that month, quarter or year). At most 366 days.',
})
export class ForecastPeriodInput {
  @Field(() => LocalDateScalar, { nullable: true, description: 'First day (with `to`).' })
  from?: string | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Last day, inclusive (with `from`).' })
  to?: string | null;

  @Field(() => PeriodType, { nullable: true, description: 'A calendar period (with `start`).' })
  type?: PeriodType | null;

  @Field(() => LocalDateScalar, { nullable: true, description: 'Its first day (with `type`).' })
  start?: string | null;
}

@InputType({ description: "A user's or a team's quota for a period (exactly one of userId and teamId)." })
export class SetQuotaInput {
  @Field(() => ID, { nullable: true, description: 'The user (`User.id`, an active user) the quota is for.' })
  userId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The team the quota is for (ADMIN only).' })
  teamId?: string | null;

  @Field(() => ForecastPeriodInput, { description: 'The period.' })
  period: ForecastPeriodInput;

  @Field(() => DecimalScalar, { description: 'The target, exact, e.g. "250000.00" (≥ 0).' })
  amount: string;

  @Field(() => String, { description: 'ISO 4217 currency of the amount.' })
  currency: string;
}
