import { Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { AppliedRate } from '@sales-graph/shared/graphql/convert';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import type { PartnersContext } from '../context.type';
import { prmConverter } from '../crm';
import { AccountOverlap } from './account-mapping.entity';

@ObjectType({
  description:
    "The open pipeline of a partner's overlap (the listed accounts only) with every currency converted into one at the rates of one date.",
})
export class AccountOverlapConverted {
  @Field(() => String, { description: 'The currency converted into.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date whose rates were used.' })
  at: string;

  @Field(() => DecimalScalar, {
    description: '`openPipeline` of every currency converted and added exactly, rounded half to even once.',
  })
  openPipeline: string;

  @Field(() => [AppliedRate], { description: 'The rates used, one per currency converted from.' })
  rates: AppliedRate[];
}

/** What `AccountMapping.overlap` answers with `convert` asked. */
export type OverlapAnswer = AccountOverlap & { convert?: { currency: string; at: string } };

@Resolver(() => AccountOverlap)
export class AccountOverlapConvertedResolver {
  @FieldResolver(() => AccountOverlapConverted, {
    nullable: true,
    description:
      'The open pipeline converted into one currency with the rates used; null unless `overlap(convert:)` was asked (README "Money across currencies").',
  })
  async converted(
    @Root() overlap: OverlapAnswer,
    @Ctx() ctx: PartnersContext,
  ): Promise<AccountOverlapConverted | null> {
    if (!overlap.convert) return null;
    const using = await prmConverter(
      ctx,
      overlap.convert,
      overlap.openPipeline.map((row) => row.currency),
    );
    return Object.assign(new AccountOverlapConverted(), {
      currency: using.currency,
      at: using.at,
      openPipeline: using.sum(overlap.openPipeline),
      rates: using.used(),
    });
  }
}
