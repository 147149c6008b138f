import { BadUserInputError, ConflictError } from '@sales-graph/shared/errors';
import { divideHalfEven, fromCents, toCents } from '@sales-graph/shared/money';

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

/** Decimal places of an MDF return on investment. */
export const ROI_PLACES = 4;

/**
 * won / spend as an exact decimal with ROI_PLACES places, rounded half to even; null without
 * spend (nothing approved or claimed yet: no ratio, never a division by zero).
 */
export function returnOnSpend(won: string, spend: string | null): string | null {
  if (spend === null || toCents(spend) === 0n) return null;
  const scale = 10n ** BigInt(ROI_PLACES);
  const ratio = divideHalfEven(toCents(won) * scale, toCents(spend));
  const whole = ratio / scale;
  return `${whole}.${String(ratio % scale).padStart(ROI_PLACES, '0')}`;
}

/**
 * Who may point a request at a campaign, and whether that link counts as confirmed: a channel
 * manager (or admin) at any time, confirmed; a partner only while nothing is claimed against it
 * and it is not rejected, unconfirmed until a channel manager approves or confirms it (so a
 * partner cannot read the return of a campaign no one agreed it funded).
 */
export function planCampaignLink(
  request: { status: string; claimed: string },
  byPartner: boolean,
): { confirmed: boolean } {
  if (!byPartner) return { confirmed: true };
  if (request.status === 'REJECTED')
    throw new ConflictError('A rejected request cannot name a campaign', 'requestId');
  if (toCents(request.claimed) > 0n)
    throw new ConflictError(
      'The request is already claimed: ask a channel manager to change its campaign',
      'requestId',
    );
  return { confirmed: false };
}
