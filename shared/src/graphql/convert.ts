import type DataLoader from 'dataloader';
import { Directive, Field, InputType, ObjectType } from 'type-graphql';
import { BadUserInputError } from '../errors';
import { convertAmounts, convertSumCents, fromCents, parseExchangeRate, toCents } from '../money';
import { LocalDateScalar, parseCurrency, parseLocalDate } from './scalars';

/**
 * Money aggregates converted into one currency at the rates of one date (README "Money across
 * currencies"): the one argument (`convert: ConvertInput`), the one list of rates used
 * (`AppliedRate`) and the one converter every converted aggregate of both subgraphs applies. The
 * CRM owns the rates (crm.exchange_rates); each subgraph loads them through a request-scoped
 * loader keyed by `rateKey(currency, date)` (the CRM from its table, the PRM from the CRM).
 */

/**
 * The corporate currency: what every exchange rate is quoted against. A constant of the
 * deployment, not a runtime setting: changing it would invalidate every stored rate.
 */
export const CORPORATE_CURRENCY = 'USD';

@InputType({ description: 'Convert money totals into one currency at the rates of one date.' })
export class ConvertInput {
  @Field(() => String, { description: 'The ISO 4217 currency to convert into.' })
  currency: string;

  @Field(() => LocalDateScalar, {
    description: 'The date whose rates apply (the latest effective on or before it).',
  })
  at: string;
}

/** One rate a converted answer used: `amount in from` × `rate` = `amount in to`. */
@Directive('@shareable')
@ObjectType({ description: 'An exchange rate a converted figure used.' })
export class AppliedRate {
  @Field(() => String, { description: 'The currency converted from.' })
  from: string;

  @Field(() => String, { description: 'The currency converted to.' })
  to: string;

  @Field(() => String, {
    description:
      'Units of `to` per unit of `from`, as the exact ratio of the two stored rates (12 decimals shown).',
  })
  rate: string;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'The effective date of the stored rate of `from` used (null when `from` is the corporate currency).',
  })
  effectiveDate: string | null;
}

/** A currency's rate to the corporate currency on a date, with the date it took effect. */
export interface RateOn {
  currency: string;
  rateToCorporate: string;
  effectiveDate: string | null;
}

/** The key of a rates loader: "EUR 2026-07-01" (a currency and the date asked). */
/** How many (currency, date) pairs one call for rates may ask (the CRM's `exchangeRatesOn`). */
export const MAX_RATE_PAIRS = 1_000;

export const rateKey = (currency: string, at: string): string => `${currency} ${at}`;

/** The currency and date of a `rateKey`. */
export function parseRateKey(key: string): { currency: string; at: string } {
  const [currency, at] = key.split(' ');
  return { currency, at };
}

/** A request-scoped loader of rates by `rateKey`: null when no rate is effective on or before the date. */
export type RatesLoader = DataLoader<string, RateOn | null>;

/** Exact ratio of two rates as a 12-decimal string (for display: the conversion itself uses the fraction). */
function ratioText(from: string, to: string): string {
  const a = parseExchangeRate(from);
  const b = parseExchangeRate(to);
  const scaled = (a.numerator * b.scale * 10n ** 13n) / (a.scale * b.numerator);
  const rounded = (scaled + 5n) / 10n; // display only: half up at the 12th decimal
  return `${rounded / 10n ** 12n}.${String(rounded % 10n ** 12n).padStart(12, '0')}`;
}

/** A converter into `currency` at the rates of `at`, remembering the rates it used. */
export interface Converter {
  currency: string;
  at: string;
  /** The sum of `amounts` in `from`, converted exactly and rounded once. */
  convert(amounts: readonly string[], from: string): string;
  /** Amounts in several currencies converted and added exactly, rounded once. */
  sum(parts: readonly { amount: string; currency: string }[]): string;
  /** The rates used so far, one per source currency, in currency order. */
  used(): AppliedRate[];
}

/** A converter over rates already loaded (`rates` holds the target and every source currency). */
export function converterOver(target: string, at: string, rates: ReadonlyMap<string, RateOn>): Converter {
  const to = rates.get(target);
  if (!to) throw new Error(`converter was not given ${target}`);
  const used = new Map<string, AppliedRate>();
  const rateOf = (fromCurrency: string): string => {
    const from = rates.get(fromCurrency);
    if (!from) throw new Error(`converter was not given ${fromCurrency}`);
    if (!used.has(fromCurrency)) {
      used.set(
        fromCurrency,
        Object.assign(new AppliedRate(), {
          from: fromCurrency,
          to: target,
          rate: ratioText(from.rateToCorporate, to.rateToCorporate),
          effectiveDate: from.effectiveDate,
        }),
      );
    }
    return from.rateToCorporate;
  };
  return {
    currency: target,
    at,
    convert: (amounts, fromCurrency) => convertAmounts(amounts, rateOf(fromCurrency), to.rateToCorporate),
    sum: (parts) =>
      fromCents(
        convertSumCents(
          parts.map((part) => ({ cents: toCents(part.amount), rateToCorporate: rateOf(part.currency) })),
          to.rateToCorporate,
        ),
      ),
    used: () => [...used.values()].sort((a, b) => a.from.localeCompare(b.from)),
  };
}

/**
 * The converter of money in `currencies` into `convert.currency` at the rates of `convert.at`,
 * its rates read through `rates` (the request's loader: one statement or call for every
 * conversion of the request). The corporate currency is 1. A currency without a rate effective
 * on or before the date is BAD_USER_INPUT naming it and the date (`extensions.currency`,
 * `extensions.missingCurrencies`, `extensions.at`), never a silent skip.
 */
export async function loadConverter(
  rates: RatesLoader,
  convert: { currency: string; at: string },
  currencies: Iterable<string>,
): Promise<Converter> {
  let target: string;
  try {
    target = parseCurrency(convert.currency);
  } catch {
    throw new BadUserInputError(`Unknown ISO 4217 currency code: ${convert.currency}`, 'convert.currency');
  }
  const at = parseLocalDate(convert.at);
  const wanted = [...new Set([...currencies].map((c) => c.trim()))];
  if (!wanted.includes(target)) wanted.push(target);
  const foreign = wanted.filter((c) => c !== CORPORATE_CURRENCY).sort();
  const loaded = await rates.loadMany(foreign.map((currency) => rateKey(currency, at)));
  const found = new Map<string, RateOn>([
    [CORPORATE_CURRENCY, { currency: CORPORATE_CURRENCY, rateToCorporate: '1', effectiveDate: null }],
  ]);
  loaded.forEach((rate, i) => {
    if (rate instanceof Error) throw rate;
    if (rate) found.set(foreign[i], rate);
  });
  const missing = foreign.filter((c) => !found.has(c));
  if (missing.length > 0) {
    throw new BadUserInputError(
      `No exchange rate for ${missing.join(', ')} on or before ${at}: an ADMIN enters one (setExchangeRate)`,
      'convert.at',
      { currency: missing[0], missingCurrencies: missing, at },
    );
  }
  return converterOver(target, at, found);
}
