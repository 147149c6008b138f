import { BadUserInputError } from '@sales-graph/shared/errors';
import { fromCents, MAX_CENTS, nonNegativeAmount, toCents } from '@sales-graph/shared/money';
import { optionalText, requiredText } from '@sales-graph/shared/validation';
import { CLOCK_SKEW_MS } from '../activities';

export const MAX_ORDER_LINES = 200;
export const MAX_QUANTITY = 1_000_000;

export interface PlannedLine {
  position: number;
  product: string;
  sku: string | null;
  quantity: number;
  unitPrice: string;
}

/**
 * Validates every line before anything is written: text, a whole positive quantity, a
 * non-negative exact price, and an order total that fits the money column. Amounts are checked
 * with integer cents (BigInt), never floats; the stored totals are computed by the database.
 */
export function planOrderLines(
  lines: readonly { product: string; sku?: string | null; quantity: number; unitPrice: string }[],
): { lines: PlannedLine[]; total: string } {
  if (lines.length === 0) throw new BadUserInputError('An order needs at least one line', 'lines');
  if (lines.length > MAX_ORDER_LINES) {
    throw new BadUserInputError(`An order has at most ${MAX_ORDER_LINES} lines`, 'lines');
  }
  let total = 0n;
  const planned = lines.map((line, index) => {
    const field = `lines[${index}]`;
    const product = requiredText(line.product, `${field}.product`);
    const sku = optionalText(line.sku, `${field}.sku`, 64);
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > MAX_QUANTITY) {
      throw new BadUserInputError(
        `${field}.quantity must be an integer from 1 to ${MAX_QUANTITY}`,
        `${field}.quantity`,
      );
    }
    const unitPrice = nonNegativeAmount(line.unitPrice, `${field}.unitPrice`);
    total += toCents(unitPrice) * BigInt(line.quantity);
    if (total > MAX_CENTS) throw new BadUserInputError('The order total is too large', `${field}.quantity`);
    return { position: index + 1, product, sku, quantity: line.quantity, unitPrice };
  });
  return { lines: planned, total: fromCents(total) };
}

/** An order is placed now or in the past, never in the future. */
export function planOrderedAt(orderedAt: Date | null | undefined, now: Date): Date {
  const at = orderedAt ?? now;
  if (Number.isNaN(at.getTime())) throw new BadUserInputError('orderedAt is not a valid time', 'orderedAt');
  if (at.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    throw new BadUserInputError('orderedAt must not be in the future', 'orderedAt');
  }
  return at;
}
