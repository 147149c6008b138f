import { BadUserInputError } from '@sales-graph/shared/errors';
import { fromCents, toCents } from '../performance';

/** A positive money amount (the Decimal scalar already made it exact). */
export function positiveAmount(amount: string, field = 'amount'): string {
  if (toCents(amount) <= 0n) throw new BadUserInputError(`${field} must be greater than 0`, field);
  return amount;
}

/**
 * No child exceeds its parent: `committed` (what the parent's live children already hold) plus
 * `amount` must stay within `limit`. Returns the parent's new committed total.
 */
export function withinParent(
  limit: string,
  committed: string,
  amount: string,
  what: { child: string; parent: string },
): string {
  const after = toCents(committed) + toCents(amount);
  if (after > toCents(limit)) {
    const left = toCents(limit) - toCents(committed);
    throw new BadUserInputError(
      `The ${what.child} of ${amount} exceeds what is left of the ${what.parent} (${fromCents(left > 0n ? left : 0n)})`,
      'amount',
      { remaining: fromCents(left > 0n ? left : 0n) },
    );
  }
  return fromCents(after);
}

export const remaining = (limit: string, committed: string): string =>
  fromCents(toCents(limit) - toCents(committed));

/** Proof of spend: 1 to 20 non-empty URLs or document references of at most 500 characters. */
export function parseProof(proof: readonly string[]): string[] {
  const items = proof.map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0)
    throw new BadUserInputError('A claim needs proof: at least one URL or reference', 'proof');
  if (items.length > 20) throw new BadUserInputError('At most 20 proof items', 'proof');
  if (items.some((item) => item.length > 500)) {
    throw new BadUserInputError('A proof item must be at most 500 characters', 'proof');
  }
  return items;
}
