import { BadUserInputError } from '@sales-graph/shared/errors';
import { fromCents, sumCents, toCents } from '@sales-graph/shared/money';
import type { AccountOverlap, OverlapAccount } from './account-mapping.entity';
import { DAY_MS } from '@sales-graph/shared/time';
import { groupBy } from '@sales-graph/shared/group-by';

/** Hashes in one upload: the gateway's longest input list (`graphql/input-limits.ts`), about 65 kB. */
export const MAX_BATCH = 1_000;
/** Hashes a partner's mapping may hold. */
export const MAX_HASHES_PER_PARTNER = 50_000;
/** Hashes a mapping must hold before a partner gets any result (no probing with a handful). */
export const MIN_HASHES = 100;
/** Counts of segments a partner may not work are suppressed below this, and rounded down to multiples of it. */
export const SUPPRESS_BELOW = 5;
/**
 * Uploads a partner may make in any 24 hours: a full mapping (MAX_HASHES_PER_PARTNER / MAX_BATCH)
 * fits in one day, while each differencing probe (upload, read, compare) costs one.
 */
export const UPLOADS_PER_DAY = 60;

const HASH = /^[0-9a-f]{64}$/;

/** The distinct, lower-cased hashes of one upload, or BAD_USER_INPUT (64 hex digits each, at most MAX_BATCH). */
export function parseHashes(hashes: readonly string[]): string[] {
  if (hashes.length === 0) throw new BadUserInputError('hashes must not be empty', 'hashes');
  if (hashes.length > MAX_BATCH) {
    throw new BadUserInputError(`At most ${MAX_BATCH} hashes in one upload`, 'hashes');
  }
  const parsed = hashes.map((h) => h.trim().toLowerCase());
  const bad = parsed.findIndex((h) => !HASH.test(h));
  if (bad >= 0) {
    throw new BadUserInputError(
      `hashes[${bad}] is not a sha256 hex digest (64 hex digits) of a normalised domain`,
      'hashes',
    );
  }
  return [...new Set(parsed)];
}

/** A count a partner may see of what it may not work: null below the threshold, else rounded down. */
export function coarse(count: number): number | null {
  return count < SUPPRESS_BELOW ? null : count - (count % SUPPRESS_BELOW);
}

/** One customer the CRM matched, as the overlap rule needs it. */
export interface OverlapMatch {
  customerId: string;
  name: string;
  ownership: 'DIRECT' | 'CHANNEL' | 'SHARED';
  ownerPartnerId: string | null;
  openDeals: number;
  openAmounts: { currency: string; amount: string }[];
}

/** Whether the rules of engagement let this partner see and work the account: SHARED, or its own CHANNEL. */
export function mayWork(
  match: Pick<OverlapMatch, 'ownership' | 'ownerPartnerId'>,
  partnerId: string,
): boolean {
  return (
    match.ownership === 'SHARED' || (match.ownership === 'CHANNEL' && match.ownerPartnerId === partnerId)
  );
}

/**
 * The overlap of a partner's mapping: counts per segment and the accounts it may work. For the
 * partner itself (`exact` false) nothing before MIN_HASHES, and what it may not work only as a
 * coarse count (so one uploaded hash of a DIRECT customer changes nothing it sees); internal
 * roles (`exact`) see every count as it is. The listed accounts and the pipeline are only ever
 * those it may work.
 */
export function summariseOverlap(
  matches: readonly OverlapMatch[],
  partnerId: string,
  hashCount: number,
  exact: boolean,
): AccountOverlap {
  const ready = exact || hashCount >= MIN_HASHES;
  if (!ready) {
    return {
      ready,
      minimumHashes: MIN_HASHES,
      overlappingCustomers: null,
      withOpenDeals: null,
      direct: null,
      channelThisPartner: null,
      channelOtherPartners: null,
      shared: null,
      openPipeline: [],
      accounts: [],
    };
  }
  const allowed = matches.filter((m) => mayWork(m, partnerId));
  const hidden = matches.filter((m) => !mayWork(m, partnerId));
  const hiddenCount = (list: readonly OverlapMatch[]) => (exact ? list.length : (coarse(list.length) ?? 0));
  const partial = (n: number) => (exact ? n : coarse(n));
  const cents = new Map(
    [
      ...groupBy(
        allowed.flatMap((m) => m.openAmounts),
        (open) => open.currency,
      ),
    ].map(([currency, amounts]) => [currency, amounts.map(({ amount }) => toCents(amount))] as const),
  );
  const accounts: OverlapAccount[] = allowed
    .map((m) => ({ customerId: m.customerId, name: m.name, ownership: m.ownership, openDeals: m.openDeals }))
    .sort((a, b) => a.name.localeCompare(b.name) || (a.customerId < b.customerId ? -1 : 1));
  return {
    ready,
    minimumHashes: MIN_HASHES,
    overlappingCustomers: allowed.length + hiddenCount(hidden),
    withOpenDeals:
      allowed.filter((m) => m.openDeals > 0).length + hiddenCount(hidden.filter((m) => m.openDeals > 0)),
    direct: partial(hidden.filter((m) => m.ownership === 'DIRECT').length),
    channelThisPartner: allowed.filter((m) => m.ownership === 'CHANNEL').length,
    channelOtherPartners: partial(hidden.filter((m) => m.ownership === 'CHANNEL').length),
    shared: allowed.filter((m) => m.ownership === 'SHARED').length,
    openPipeline: [...cents.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([currency, values]) => ({ currency, amount: fromCents(sumCents(values)) })),
    accounts,
  };
}

/** Seconds until an upload is allowed again, given the instants of the uploads in the last 24 hours; 0 when it is. */
export function uploadRetryAfter(recent: readonly Date[], now: Date): number {
  if (recent.length < UPLOADS_PER_DAY) return 0;
  const oldest = Math.min(...recent.map((d) => d.getTime()));
  return Math.max(1, Math.ceil((oldest + DAY_MS - now.getTime()) / 1000));
}
