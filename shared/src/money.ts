import { BadUserInputError } from './errors';

/**
 * Exact money, the one place both subgraphs compute it: amounts travel as decimal strings with
 * two decimals ("12500.00", as `numeric(18,2)` stores them and the `Decimal` scalar answers them)
 * and are computed in integer cents (bigint), never in floating point. Rounding is half to even
 * (banker's rounding); amounts in different currencies are never added.
 */

const DECIMAL_RE = /^-?\d{1,16}(\.\d{1,2})?$/;

/** `numeric(18,2)` holds at most 16 integer digits: the largest amount in cents. */
export const MAX_CENTS = 10n ** 18n - 1n;

/** Normalises a money amount to the canonical string with two decimals, rejecting anything inexact. */
export function parseDecimal(value: unknown): string {
  const text = typeof value === 'number' && Number.isFinite(value) ? String(value) : value;
  if (typeof text !== 'string' || !DECIMAL_RE.test(text.trim())) {
    throw new BadUserInputError('Decimal must be a number with at most 2 decimal places, e.g. "12500.00"');
  }
  const [whole, fraction = ''] = text.trim().split('.');
  return `${whole}.${fraction.padEnd(2, '0')}`;
}

const MONEY_RE = /^(-)?(\d+)(?:\.(\d{1,2}))?$/;

/** "1234.5" → 123450n. Throws on anything that is not an exact amount of at most two decimals. */
export function toCents(amount: string): bigint {
  const match = MONEY_RE.exec(amount.trim());
  if (!match) throw new Error(`Not a money amount: ${amount}`);
  const cents = BigInt(match[2]) * 100n + BigInt((match[3] ?? '').padEnd(2, '0') || '0');
  return match[1] ? -cents : cents;
}

/** 123450n → "1234.50". */
export function fromCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : '';
  const abs = cents < 0n ? -cents : cents;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/** numerator / denominator rounded half to even (banker's rounding); denominator > 0. */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) throw new Error('denominator must be positive');
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twice = (n % denominator) * 2n;
  if (twice > denominator || (twice === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}

const RATE_RE = /^(\d+)(?:\.(\d{1,4}))?$/;

/** A decimal fraction such as "0.10" as an exact ratio: { numerator: 10n, scale: 100n }. */
export function parseRate(rate: string): { numerator: bigint; scale: bigint } {
  const match = RATE_RE.exec(rate.trim());
  if (!match) throw new Error(`Not a rate: ${rate}`);
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  return { numerator: BigInt(match[1]) * scale + BigInt(fraction || '0'), scale };
}

/** cents × rate, rounded half to even to whole cents. */
export function applyRate(cents: bigint, rate: string): bigint {
  const { numerator, scale } = parseRate(rate);
  return divideHalfEven(cents * numerator, scale);
}

export const minCents = (a: bigint, b: bigint): bigint => (a < b ? a : b);

export const sumCents = (values: Iterable<bigint>): bigint => {
  let total = 0n;
  for (const value of values) total += value;
  return total;
};

/**
 * The one amount rule: an exact amount (as `parseDecimal` reads it) that is not negative
 * (zero is allowed; "-0.00" is refused as written). BAD_USER_INPUT names the field.
 */
export function nonNegativeAmount(value: string, field = 'amount'): string {
  const amount = parseDecimal(value);
  if (amount.startsWith('-')) throw new BadUserInputError(`${field} must not be negative`, field);
  return amount;
}

/** `nonNegativeAmount` for an optional amount: null and undefined stay null. */
export function optionalNonNegativeAmount(value: string | null | undefined, field: string): string | null {
  return value === null || value === undefined ? null : nonNegativeAmount(value, field);
}

/** A positive money amount (more than zero). */
export function positiveAmount(amount: string, field = 'amount'): string {
  if (toCents(amount) <= 0n) throw new BadUserInputError(`${field} must be greater than 0`, field);
  return amount;
}

const EXCHANGE_RATE_RE = /^(\d{1,12})(?:\.(\d{1,12}))?$/;

/**
 * An exchange rate ("1.085000000000": units of the corporate currency one unit of a currency is
 * worth, as `numeric(24,12)` stores it) as an exact ratio; refuses zero, negatives and anything
 * beyond 12 integer or 12 fractional digits (BAD_USER_INPUT naming `field`).
 */
export function parseExchangeRate(
  value: unknown,
  field = 'rateToCorporate',
): { numerator: bigint; scale: bigint } {
  const text = typeof value === 'string' ? value.trim() : '';
  const match = EXCHANGE_RATE_RE.exec(text);
  if (!match) {
    throw new BadUserInputError(
      `${field} must be a positive decimal with at most 12 decimals, e.g. "1.085"`,
      field,
    );
  }
  const fraction = match[2] ?? '';
  const scale = 10n ** BigInt(fraction.length);
  const numerator = BigInt(match[1]) * scale + BigInt(fraction || '0');
  if (numerator === 0n) throw new BadUserInputError(`${field} must be greater than zero`, field);
  return { numerator, scale };
}

/** A rate normalised to the 12 decimals `numeric(24,12)` answers ("1.085" → "1.085000000000"). */
export function normaliseExchangeRate(value: unknown, field = 'rateToCorporate'): string {
  const { numerator, scale } = parseExchangeRate(value, field);
  const twelve = (numerator * 10n ** 12n) / scale;
  return `${twelve / 10n ** 12n}.${String(twelve % 10n ** 12n).padStart(12, '0')}`;
}

/**
 * Converts an amount in cents from one currency to another, both given by their rate to the
 * corporate currency (the corporate currency's own rate is "1"): triangulated through the
 * corporate currency as one exact fraction, cents × from ÷ to, rounded half to even to whole
 * cents once at the end. Never floating point.
 */
export function convertCents(cents: bigint, fromRateToCorporate: string, toRateToCorporate: string): bigint {
  const from = parseExchangeRate(fromRateToCorporate);
  const to = parseExchangeRate(toRateToCorporate);
  return divideHalfEven(cents * from.numerator * to.scale, from.scale * to.numerator);
}

/** `convertCents` over a sum of amounts: they are added exactly first, then rounded once. */
export function convertAmounts(
  amounts: readonly string[],
  fromRateToCorporate: string,
  toRateToCorporate: string,
): string {
  return fromCents(convertCents(sumCents(amounts.map(toCents)), fromRateToCorporate, toRateToCorporate));
}

/**
 * Amounts in several currencies (each with its rate to the corporate currency) converted into
 * one and added as one exact fraction, rounded half to even to cents once at the end.
 */
export function convertSumCents(
  parts: readonly { cents: bigint; rateToCorporate: string }[],
  toRateToCorporate: string,
): bigint {
  const to = parseExchangeRate(toRateToCorporate);
  const froms = parts.map((part) => ({ cents: part.cents, ...parseExchangeRate(part.rateToCorporate) }));
  // Scales are powers of ten: the largest is a common denominator of them all.
  const scale = froms.reduce((max, from) => (from.scale > max ? from.scale : max), 1n);
  let numerator = 0n;
  for (const from of froms) numerator += from.cents * from.numerator * (scale / from.scale);
  return divideHalfEven(numerator * to.scale, scale * to.numerator);
}
