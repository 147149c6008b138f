import { Field, InputType } from 'type-graphql';
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

@InputType({ description: 'Convert money totals into one currency at the rates of one date.' })
export class ConvertInput {
  @Field(() => String, { description: 'The ISO 4217 currency to convert into.' })
  currency: string;

  @Field(() => LocalDateScalar, {
    description: 'The date whose rates apply (the latest effective on or before it).',
  })
  at: string;
}
