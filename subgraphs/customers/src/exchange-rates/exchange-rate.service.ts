import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError } from '@sales-graph/shared/errors';
import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency, parseLocalDate } from '@sales-graph/shared/graphql/scalars';
import {
  convertAmounts,
  convertSumCents,
  fromCents,
  normaliseExchangeRate,
  parseExchangeRate,
  toCents,
} from '@sales-graph/shared/money';
import { optionalText } from '@sales-graph/shared/validation';
import { AppliedRate, CORPORATE_CURRENCY, ExchangeRate } from './exchange-rate.entity';
import { EXCHANGE_RATE_SEARCH, ExchangeRateFilter } from './exchange-rate.filter';
import type { ExchangeRateInput } from './exchange-rate.input';

export const exchangeRateRepo = (ctx: RequestContext) => ctx.dataSource.getRepository(ExchangeRate);

/** The most rates one import takes (all or nothing, in one transaction). */
export const MAX_IMPORT_RATES = 5_000;

interface ValidRate {
  currency: string;
  rateToCorporate: string;
  effectiveDate: string;
  source: string | null;
}

/** Checks one rate; `field` prefixes the error's field (`rates[3].currency`). */
export function validateRate(input: ExchangeRateInput, today: string, field = ''): ValidRate {
  let currency: string;
  try {
    currency = parseCurrency(input.currency);
  } catch {
    throw new BadUserInputError(`Unknown ISO 4217 currency code: ${input.currency}`, `${field}currency`);
  }
  if (currency === CORPORATE_CURRENCY) {
    throw new BadUserInputError(
      `${currency} is the corporate currency: its rate is always 1`,
      `${field}currency`,
    );
  }
  const rateToCorporate = normaliseExchangeRate(input.rateToCorporate, `${field}rateToCorporate`);
  const effectiveDate = parseLocalDate(input.effectiveDate);
  if (effectiveDate > today) {
    throw new BadUserInputError(
      `effectiveDate ${effectiveDate} is in the future (today is ${today}): enter a rate once it is known`,
      `${field}effectiveDate`,
    );
  }
  return { currency, rateToCorporate, effectiveDate, source: optionalText(input.source, `${field}source`) };
}

const todayUtc = (): string => new Date().toISOString().slice(0, 10);

/** Writes rates: a rate for a currency and date already entered is replaced (audited through `save`). */
async function writeRates(
  manager: EntityManager,
  by: string,
  rates: readonly ValidRate[],
): Promise<ExchangeRate[]> {
  const saved: ExchangeRate[] = [];
  for (const rate of rates) {
    const existing = await manager.findOne(ExchangeRate, {
      where: { currency: rate.currency, effectiveDate: rate.effectiveDate },
    });
    const row = existing ?? manager.create(ExchangeRate, { createdBy: by });
    Object.assign(row, rate);
    saved.push(await manager.save(row));
  }
  return saved;
}

export async function setExchangeRate(ctx: RequestContext, input: ExchangeRateInput): Promise<ExchangeRate> {
  const rate = validateRate(input, todayUtc());
  const [saved] = await ctx.dataSource.transaction((manager) =>
    writeRates(manager, ctx.identity.sub, [rate]),
  );
  return saved;
}

/** All or nothing: every rate is checked before any is written, and they commit together. */
export async function importExchangeRates(
  ctx: RequestContext,
  inputs: readonly ExchangeRateInput[],
): Promise<ExchangeRate[]> {
  if (inputs.length === 0) throw new BadUserInputError('rates must not be empty', 'rates');
  if (inputs.length > MAX_IMPORT_RATES) {
    throw new BadUserInputError(`at most ${MAX_IMPORT_RATES} rates per import`, 'rates');
  }
  const today = todayUtc();
  const rates = inputs.map((input, i) => validateRate(input, today, `rates[${i}].`));
  const seen = new Map<string, number>();
  rates.forEach((rate, i) => {
    const key = `${rate.currency} ${rate.effectiveDate}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new BadUserInputError(`rates[${first}] and rates[${i}] are both ${key}`, `rates[${i}]`);
    }
    seen.set(key, i);
  });
  return ctx.dataSource.transaction((manager) => writeRates(manager, ctx.identity.sub, rates));
}

export async function listExchangeRates(
  ctx: RequestContext,
  args: ConnectionArgs,
  query: ListQueryArgs,
): Promise<Connection<ExchangeRate>> {
  const repo = exchangeRateRepo(ctx);
  const qb = repo.createQueryBuilder('rate');
  const spec = { typeName: 'ExchangeRate', filterType: ExchangeRateFilter, searchIn: EXCHANGE_RATE_SEARCH };
  return listPage(ctx, repo, qb, spec, args, query);
}

/** A currency's rate to the corporate currency on a date, with the date it took effect. */
export interface RateOn {
  currency: string;
  rateToCorporate: string;
  effectiveDate: string | null;
}

/**
 * The rates of `currencies` on `at`: for each, the latest effective on or before it (one query
 * for all). The corporate currency is 1. A currency with none is BAD_USER_INPUT naming it and
 * the date (`extensions.currency`, `extensions.at`), never a silent skip.
 */
export async function ratesOn(
  manager: EntityManager,
  currencies: Iterable<string>,
  at: string,
): Promise<Map<string, RateOn>> {
  const date = parseLocalDate(at);
  const wanted = [...new Set(currencies)].filter((c) => c !== CORPORATE_CURRENCY).sort();
  const result = new Map<string, RateOn>([
    [CORPORATE_CURRENCY, { currency: CORPORATE_CURRENCY, rateToCorporate: '1', effectiveDate: null }],
  ]);
  if (wanted.length > 0) {
    const rows: { currency: string; rate: string; effective: string }[] = await manager.query(
      `SELECT DISTINCT ON (currency) currency, rate_to_corporate::text AS rate, effective_date::text AS effective
         FROM crm.exchange_rates
        WHERE currency = ANY($1) AND effective_date <= $2 AND deleted_at IS NULL
        ORDER BY currency, effective_date DESC`,
      [wanted, date],
    );
    for (const row of rows) {
      result.set(row.currency, {
        currency: row.currency,
        rateToCorporate: row.rate,
        effectiveDate: row.effective,
      });
    }
  }
  const missing = wanted.filter((c) => !result.has(c));
  if (missing.length > 0) {
    throw new BadUserInputError(
      `No exchange rate for ${missing.join(', ')} on or before ${date}: an ADMIN enters one (setExchangeRate)`,
      'convert.at',
      { currency: missing[0], missingCurrencies: missing, at: date },
    );
  }
  return result;
}

/** Exact ratio of two rates as a 12-decimal string (for display: the conversion itself uses the fraction). */
function ratioText(from: string, to: string): string {
  const a = parseExchangeRate(from);
  const b = parseExchangeRate(to);
  const scaled = (a.numerator * b.scale * 10n ** 13n) / (a.scale * b.numerator);
  const rounded = (scaled + 5n) / 10n; // display only: half up at the 12th decimal
  return `${rounded / 10n ** 12n}.${String(rounded % 10n ** 12n).padStart(12, '0')}`;
}

/** A converter into `target` at the rates of `at`, remembering the rates it used. */
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

/**
 * Loads the rates a conversion of money in `currencies` into `target` at `at` needs (one query)
 * and returns the converter; throws BAD_USER_INPUT when a rate is missing.
 */
export async function converter(
  manager: EntityManager,
  target: string,
  at: string,
  currencies: Iterable<string>,
): Promise<Converter> {
  const currency = parseCurrency(target);
  const sources = [...new Set(currencies)];
  const rates = await ratesOn(manager, [...sources, currency], at);
  const to = rates.get(currency)!;
  const used = new Map<string, AppliedRate>();
  const rateOf = (fromCurrency: string): string => {
    const from = rates.get(fromCurrency);
    if (!from) throw new Error(`converter was not given ${fromCurrency}`);
    if (!used.has(fromCurrency)) {
      used.set(fromCurrency, {
        from: fromCurrency,
        to: currency,
        rate: ratioText(from.rateToCorporate, to.rateToCorporate),
        effectiveDate: from.effectiveDate,
      });
    }
    return from.rateToCorporate;
  };
  return {
    currency,
    at: parseLocalDate(at),
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
