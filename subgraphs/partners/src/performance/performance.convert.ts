import { Arg, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { Field, ObjectType } from 'type-graphql';
import { AppliedRate, ConvertInput } from '@sales-graph/shared/graphql/convert';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { divideHalfEven, fromCents, toCents } from '@sales-graph/shared/money';
import type { PartnersContext } from '../context.type';
import { prmConverter } from '../crm';
import { PartnerPerformance } from './performance.entity';

/**
 * `Partner.performance(convert:)`: a layer over the per-currency figures, however they are
 * fetched (performance-figures.service.ts): it converts `byCurrency` at the CRM's rates of a date.
 */

export { ConvertInput };

@ObjectType({
  description:
    "A partner's money figures in a period with every currency converted into one at the rates of one date: each the exact sum of the converted per-currency figures, rounded half to even once.",
})
export class PartnerPerformanceConverted {
  @Field(() => String, { description: 'The currency converted into.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => DecimalScalar, { description: 'Open partner-sourced deals created in the period.' })
  sourcedPipeline: string;

  @Field(() => DecimalScalar, {
    description: 'Open deals created in the period from leads the partner was assigned or referred.',
  })
  influencedPipeline: string;

  @Field(() => DecimalScalar, { description: 'Partner-sourced deals won in the period.' })
  wonRevenue: string;

  @Field(() => DecimalScalar, { description: 'Partner-influenced deals won in the period.' })
  influencedWonRevenue: string;

  @Field(() => DecimalScalar, {
    nullable: true,
    description: 'The converted won revenue / sourced deals won, half to even; null when none won.',
  })
  averageDealSize: string | null;

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}

/** What `Partner.performance` answers with `convert` asked (the per-currency answer, unchanged). */
export type PerformanceAnswer = PartnerPerformance & { convert?: { currency: string; at: string } };

/** The answer of `performance` with what `converted` converts into (a copy: loaders share theirs). */
export const withConvert = (
  performance: PartnerPerformance,
  convert: ConvertInput | undefined,
): PerformanceAnswer =>
  convert ? { ...performance, convert: { currency: convert.currency, at: convert.at } } : performance;

/** The per-currency figures of a performance converted into one currency (rates batched per request). */
export async function convertPerformance(
  ctx: PartnersContext,
  performance: PartnerPerformance,
  convert: { currency: string; at: string },
): Promise<PartnerPerformanceConverted> {
  const rows = performance.byCurrency;
  const using = await prmConverter(
    ctx,
    convert,
    rows.map((row) => row.currency),
  );
  const money = (pick: (row: (typeof rows)[number]) => string) =>
    using.sum(rows.map((row) => ({ amount: pick(row), currency: row.currency })));
  const wonRevenue = money((row) => row.wonRevenue);
  return Object.assign(new PartnerPerformanceConverted(), {
    currency: using.currency,
    at: using.at,
    sourcedPipeline: money((row) => row.sourcedPipeline),
    influencedPipeline: money((row) => row.influencedPipeline),
    wonRevenue,
    influencedWonRevenue: money((row) => row.influencedWonRevenue),
    averageDealSize:
      performance.dealsWon > 0
        ? fromCents(divideHalfEven(toCents(wonRevenue), BigInt(performance.dealsWon)))
        : null,
    rates: using.used(),
  });
}

@Resolver(() => PartnerPerformance)
export class PartnerPerformanceConvertedResolver {
  @FieldResolver(() => PartnerPerformanceConverted, {
    nullable: true,
    description:
      'The money figures converted into one currency at the rates of a date, with the rates used; null unless `performance(convert:)` was asked (README "Money across currencies").',
  })
  async converted(
    @Root() performance: PerformanceAnswer,
    @Ctx() ctx: PartnersContext,
  ): Promise<PartnerPerformanceConverted | null> {
    if (!performance.convert) return null;
    return convertPerformance(ctx, performance, performance.convert);
  }
}

/** The `convert` argument of `Partner.performance`. */
export const convertArg = () =>
  Arg('convert', () => ConvertInput, {
    nullable: true,
    description:
      'Also answer `converted`: the money figures in one currency at the rates of a date (README "Money across currencies"). A missing rate is BAD_USER_INPUT naming the currency and date.',
  });
