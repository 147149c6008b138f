import { Directive, Field, InputType } from 'type-graphql';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

@InputType({ description: 'One dated exchange rate to the corporate currency.' })
export class ExchangeRateInput {
  @Field(() => String, { description: 'ISO 4217 code (not the corporate currency).' })
  currency: string;

  @Field(() => String, {
    description: 'Units of the corporate currency per unit of `currency`, e.g. "1.085" (> 0, ≤ 12 decimals).',
  })
  rateToCorporate: string;

  @Field(() => LocalDateScalar, { description: 'The first day it applies; not after today (UTC).' })
  effectiveDate: string;

  @Field(() => String, { nullable: true, description: 'Where it came from, e.g. "ECB".' })
  source?: string | null;
}

export { ConvertInput } from '@sales-graph/shared/graphql/convert';

/** One (currency, date) pair the PRM asks the rate of (SERVICE only). */
@Directive('@inaccessible')
@InputType({ description: 'SERVICE only (not in the public graph). A currency and the date of its rate.' })
export class ExchangeRatePairInput {
  @Field(() => String, { description: 'ISO 4217 code.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date: the latest rate effective on or before it.' })
  at: string;
}
