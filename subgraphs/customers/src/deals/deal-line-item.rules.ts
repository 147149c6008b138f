import { BadUserInputError } from '@sales-graph/shared/errors';
import {
  divideHalfEven,
  fromCents,
  nonNegativeAmount,
  parseDecimal,
  sumCents,
  toCents,
} from '@sales-graph/shared/money';

/** At most this many lines on one deal. */
export const MAX_LINE_ITEMS = 100;

/** An exact quantity with at most two decimals, more than zero. */
export function lineQuantity(value: string, field = 'quantity'): string {
  const quantity = parseDecimal(value);
  if (toCents(quantity) <= 0n) throw new BadUserInputError(`${field} must be greater than 0`, field);
  return quantity;
}

/** A discount in percent: exact, 0 to 100 inclusive; none is 0. */
export function lineDiscount(value: string | null | undefined, field = 'discount'): string {
  if (value === null || value === undefined) return '0.00';
  const discount = parseDecimal(value);
  const hundredths = toCents(discount);
  if (hundredths < 0n || hundredths > 10000n)
    throw new BadUserInputError(`${field} must be between 0 and 100`, field);
  return discount;
}

/**
 * A line's total: quantity × unit price × (1 − discount / 100), computed exactly in integers
 * (quantity in hundredths, price in cents, discount in hundredths of a percent) and rounded
 * half to even to cents once.
 */
export function lineTotal(quantity: string, unitPrice: string, discount: string): string {
  const numerator =
    toCents(quantity) * toCents(nonNegativeAmount(unitPrice, 'unitPrice')) * (10000n - toCents(discount));
  return fromCents(divideHalfEven(numerator, 100n * 10000n));
}

/** A deal's amount from its lines: the sum of their totals (each already whole cents). */
export const dealAmountOf = (totals: readonly string[]): string => fromCents(sumCents(totals.map(toCents)));

/** The lines of a deal as given, before they meet the catalogue: count and per-line values. */
export function planLineItems<L extends { quantity: string; discount?: string | null }>(lines: readonly L[]) {
  if (lines.length > MAX_LINE_ITEMS) {
    throw new BadUserInputError(`A deal has at most ${MAX_LINE_ITEMS} line items`, 'lines');
  }
  return lines.map((line, i) => ({
    ...line,
    quantity: lineQuantity(line.quantity, `lines[${i}].quantity`),
    discount: lineDiscount(line.discount, `lines[${i}].discount`),
  }));
}

/**
 * A deal with line items has its amount derived from them: a direct edit of its amount (to
 * another value) or of its currency (its lines are priced in it) is BAD_USER_INPUT. Setting the
 * lines as a whole is the way to change either; removing every line makes the amount editable.
 */
export function assertDerivedAmountKept(
  deal: { amount: string; currency: string },
  changes: { amount?: string; currency?: string },
  hasLines: boolean,
): void {
  if (!hasLines) return;
  if (changes.amount !== undefined && toCents(changes.amount) !== toCents(deal.amount)) {
    throw new BadUserInputError(
      'The amount of a deal with line items is their sum: change the line items',
      'amount',
    );
  }
  if (changes.currency !== undefined && changes.currency !== deal.currency) {
    throw new BadUserInputError('A deal with line items keeps the currency they are priced in', 'currency');
  }
}
