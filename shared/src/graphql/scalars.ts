import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { BadUserInputError } from '../errors';
import { parseDecimal } from '../money';

/** Exact money: PostgreSQL numeric in, string out ("12500.00"); never a float. */
export const DecimalScalar = new GraphQLScalarType<string, string>({
  name: 'Decimal',
  description: 'An exact decimal amount serialised as a string with two decimals, e.g. "12500.00".',
  serialize: (value) => parseDecimal(value),
  parseValue: (value) => parseDecimal(value),
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT)
      return parseDecimal(ast.value);
    throw new BadUserInputError('Decimal must be a string such as "12500.00"');
  },
});

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseLocalDate(value: unknown): string {
  const match = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (match) {
    const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
    if (date.toISOString().slice(0, 10) === value) return value as string;
  }
  throw new BadUserInputError('Date must be a calendar date in the form YYYY-MM-DD');
}

/** A calendar date with no time zone (expected close dates, periods), as YYYY-MM-DD. */
export const LocalDateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in the form YYYY-MM-DD.',
  serialize: (value) => (value instanceof Date ? value.toISOString().slice(0, 10) : parseLocalDate(value)),
  parseValue: (value) => parseLocalDate(value),
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind === Kind.STRING) return parseLocalDate(ast.value);
    throw new BadUserInputError('Date must be a string in the form YYYY-MM-DD');
  },
});

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

/** ISO 4217 currency code, upper-cased. */
export function parseCurrency(value: string): string {
  const code = value.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(code) || !CURRENCIES.has(code)) {
    throw new BadUserInputError(`Unknown ISO 4217 currency code: ${value}`, 'currency');
  }
  return code;
}
