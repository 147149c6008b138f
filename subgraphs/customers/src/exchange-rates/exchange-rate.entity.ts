import { Directive, Field, ObjectType } from 'type-graphql';
import { Column, Entity } from 'typeorm';
import { BusinessRecord, CurrencyField } from '@sales-graph/shared/db/record';
import { connectionType } from '@sales-graph/shared/graphql/pagination';
import { LocalDateScalar } from '@sales-graph/shared/graphql/scalars';

export { AppliedRate, CORPORATE_CURRENCY } from '@sales-graph/shared/graphql/convert';

/** One dated rate: one unit of `currency` is worth `rateToCorporate` units of the corporate currency. */
@ObjectType({ description: 'A dated exchange rate of one currency to the corporate currency.' })
@Entity({ name: 'exchange_rates' })
export class ExchangeRate extends BusinessRecord {
  @CurrencyField({ description: 'The ISO 4217 currency the rate is for (never the corporate currency).' })
  currency: string;

  @Field(() => String, {
    description: 'Units of the corporate currency one unit of `currency` is worth, exact to 12 decimals.',
  })
  @Column({ type: 'numeric', precision: 24, scale: 12 })
  rateToCorporate: string;

  @Field(() => LocalDateScalar, { description: 'The first day the rate applies (until a later one).' })
  @Column({ type: 'date' })
  effectiveDate: string;

  @Field(() => String, { nullable: true, description: 'Where the rate came from, e.g. "ECB" or "manual".' })
  @Column({ type: 'text', nullable: true })
  source: string | null;
}

export const ExchangeRateConnection = connectionType('ExchangeRate', ExchangeRate);

/** The rate of one asked (currency, date) pair (SERVICE only: the PRM's conversions). */
@Directive('@inaccessible')
@ObjectType({ description: 'SERVICE only (not in the public graph). The rate of a currency on a date.' })
export class ExchangeRateOn {
  @Field(() => String, { description: 'ISO 4217 code asked.' })
  currency: string;

  @Field(() => LocalDateScalar, { description: 'The date asked.' })
  at: string;

  @Field(() => String, {
    nullable: true,
    description:
      'Units of the corporate currency per unit; null when no rate is effective on or before `at`.',
  })
  rateToCorporate: string | null;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'The effective date of the rate used (null for the corporate currency or none).',
  })
  effectiveDate: string | null;
}
