import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError } from '@sales-graph/shared/errors';
import { listPage } from '@sales-graph/shared/graphql/list-page';
import type { ListQueryArgs } from '@sales-graph/shared/graphql/filters';
import type { Connection, ConnectionArgs } from '@sales-graph/shared/graphql/pagination';
import { parseCurrency, parseLocalDate } from '@sales-graph/shared/graphql/scalars';
import {
  CORPORATE_CURRENCY,
  loadConverter,
  MAX_RATE_PAIRS,
  parseRateKey,
  rateKey,
  type Converter,
  type RateOn,
  type RatesLoader,
} from '@sales-graph/shared/graphql/convert';
import { normaliseExchangeRate } from '@sales-graph/shared/money';
import { optionalText } from '@sales-graph/shared/validation';
import { ExchangeRate, ExchangeRateOn } from './exchange-rate.entity';
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

/** At most this many (currency, date) pairs per rates lookup (the SERVICE query's limit). */
export { MAX_RATE_PAIRS };

/**
 * The rates of many (currency, date) pairs in ONE statement: per pair the latest rate effective
 * on or before the date (a LATERAL read of the (currency, effective_date) index per pair), null
 * when there is none. The corporate currency is always 1.
 */
export async function lookUpRates(
  manager: EntityManager,
  keys: readonly string[],
): Promise<(RateOn | null)[]> {
  const pairs = keys.map(parseRateKey);
  const asked = pairs
    .map((pair, i) => ({ ...pair, i }))
    .filter((pair) => pair.currency !== CORPORATE_CURRENCY);
  const rows: { i: number; rate: string; effective: string }[] =
    asked.length === 0
      ? []
      : await manager.query(
          `SELECT k.i::int AS i, r.rate, r.effective
             FROM unnest($1::bpchar[], $2::date[], $3::int[]) AS k(currency, at, i)
             CROSS JOIN LATERAL (
               SELECT e.rate_to_corporate::text AS rate, e.effective_date::text AS effective
                 FROM crm.exchange_rates e
                WHERE e.currency = k.currency AND e.effective_date <= k.at AND e.deleted_at IS NULL
                ORDER BY e.effective_date DESC LIMIT 1) r`,
          [asked.map((pair) => pair.currency), asked.map((pair) => pair.at), asked.map((pair) => pair.i)],
        );
  const byIndex = new Map(rows.map((row) => [Number(row.i), row]));
  return pairs.map(({ currency }, i) => {
    if (currency === CORPORATE_CURRENCY) return { currency, rateToCorporate: '1', effectiveDate: null };
    const row = byIndex.get(i);
    return row ? { currency, rateToCorporate: row.rate, effectiveDate: row.effective } : null;
  });
}

/** The request's rates by `rateKey(currency, date)`: every pair it asks in ONE statement per batch. */
export const ratesLoader = (ctx: RequestContext): RatesLoader =>
  ctx.loaders.get<string, RateOn | null>('exchangeRates.on', (keys) =>
    lookUpRates(ctx.dataSource.manager, keys),
  );

/**
 * The converter into `convert.currency` at the rates of `convert.at` of money in `currencies`,
 * its rates through the request's loader (one statement for all conversions of the request);
 * BAD_USER_INPUT naming the currency and date when a rate is missing.
 */
export function converter(
  ctx: RequestContext,
  convert: { currency: string; at: string },
  currencies: Iterable<string>,
): Promise<Converter> {
  return loadConverter(ratesLoader(ctx), convert, currencies);
}

/** `converter` outside a request (scripts, seeds' checks): the same statement, unbatched. */
export function converterOn(
  manager: EntityManager,
  convert: { currency: string; at: string },
  currencies: Iterable<string>,
): Promise<Converter> {
  const once = { loadMany: async (keys: readonly string[]) => lookUpRates(manager, keys) } as RatesLoader;
  return loadConverter(once, convert, currencies);
}

/** `exchangeRatesOn` (SERVICE only): the rate of each asked pair, in the order asked. */
export async function exchangeRatesOn(
  ctx: RequestContext,
  pairs: readonly { currency: string; at: string }[],
): Promise<ExchangeRateOn[]> {
  if (pairs.length > MAX_RATE_PAIRS) {
    throw new BadUserInputError(`At most ${MAX_RATE_PAIRS} pairs per call`, 'pairs');
  }
  const keys = pairs.map((pair, i) => {
    let currency: string;
    try {
      currency = parseCurrency(pair.currency);
    } catch {
      throw new BadUserInputError(`Unknown ISO 4217 currency code: ${pair.currency}`, `pairs[${i}].currency`);
    }
    return rateKey(currency, parseLocalDate(pair.at));
  });
  const rates = await ratesLoader(ctx).loadMany(keys);
  return rates.map((rate, i) => {
    if (rate instanceof Error) throw rate;
    const { currency, at } = parseRateKey(keys[i]);
    return Object.assign(new ExchangeRateOn(), {
      currency,
      at,
      rateToCorporate: rate?.rateToCorporate ?? null,
      effectiveDate: rate?.effectiveDate ?? null,
    });
  });
}
