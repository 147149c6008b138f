import { ConflictError } from '@sales-graph/shared/errors';
import { PartnerStatus, PartnerTier } from '../partners';
import { LeadOfferStatus } from './lead-sharing.entity';
import { HOUR_MS } from '@sales-graph/shared/time';

const O = LeadOfferStatus;

/** Offered → accepted, declined, expired or withdrawn; every outcome is final. */
export const OFFER_TRANSITIONS: Record<LeadOfferStatus, readonly LeadOfferStatus[]> = {
  [O.OFFERED]: [O.ACCEPTED, O.DECLINED, O.EXPIRED, O.WITHDRAWN],
  [O.ACCEPTED]: [],
  [O.DECLINED]: [],
  [O.EXPIRED]: [],
  [O.WITHDRAWN]: [],
};

export function assertOfferTransition(from: LeadOfferStatus, to: LeadOfferStatus): void {
  const allowed = OFFER_TRANSITIONS[from];
  if (allowed.includes(to)) return;
  const options = allowed.length > 0 ? `allowed: ${allowed.join(', ')}` : `${from} is final`;
  throw new ConflictError(`Lead offer cannot move from ${from} to ${to} (${options})`, 'status', {
    from,
    to,
    allowed: [...allowed],
  });
}

/** Lead CRM statuses that can no longer be shared. */
export const CLOSED_LEAD_STATUSES: ReadonlySet<string> = new Set(['CONVERTED', 'DISQUALIFIED']);

/** Hours a partner has to answer an offer made by hand, unless the channel manager says otherwise. */
export const DEFAULT_RESPONSE_HOURS = 48;

/**
 * An answer the offer already has repeats it (a retry): accepted again, withdrawn again, or
 * declined again for the same reason answers the offer as it is. Declined for another reason is
 * a different answer: CONFLICT.
 */
export function repeatsOfferAnswer(
  current: { status: LeadOfferStatus; declineReason: string | null },
  to: LeadOfferStatus,
  reason: string | null = null,
): boolean {
  if (current.status !== to) return false;
  if (to === LeadOfferStatus.DECLINED && reason !== current.declineReason) {
    throw new ConflictError('The offer is already DECLINED with another reason', 'reason', { status: to });
  }
  return true;
}

export function respondByFor(offeredAt: Date, hours: number): Date {
  return new Date(offeredAt.getTime() + hours * HOUR_MS);
}

export const TIER_RANK: Record<PartnerTier, number> = {
  [PartnerTier.REGISTERED]: 0,
  [PartnerTier.SILVER]: 1,
  [PartnerTier.GOLD]: 2,
  [PartnerTier.PLATINUM]: 3,
};

/** The ownership of a lead's account under the rules of engagement (the CRM's). */
export interface EngagementOwner {
  ownership: 'DIRECT' | 'CHANNEL' | 'SHARED';
  ownerPartnerId: string | null;
}

export interface LeadProfile {
  region: string | null;
  industry: string | null;
  /** The ownership of the lead's account; none (no account): open to every partner. */
  ownership?: EngagementOwner | null;
}

/**
 * Whether the rules of engagement let a lead of this account be offered to this partner: never
 * for a DIRECT account, only to its owner for a CHANNEL account (any other partner is in
 * conflict), to anyone for a SHARED account or a lead without one.
 */
export function engagementAllows(owner: EngagementOwner | null | undefined, partnerId: string): boolean {
  if (!owner) return true;
  if (owner.ownership === 'DIRECT') return false;
  if (owner.ownership === 'CHANNEL') return owner.ownerPartnerId === partnerId;
  return true;
}

/** Why a partner may not be offered a lead under the rules of engagement; null when it may. */
export function engagementRefusal(
  owner: EngagementOwner | null | undefined,
  partnerId: string,
): string | null {
  if (engagementAllows(owner, partnerId)) return null;
  return owner?.ownership === 'DIRECT'
    ? "This lead's account is DIRECT: its leads are not offered to partners"
    : "This lead's account is owned by another partner (CHANNEL): it is not offered to others";
}

export interface RoutingRule {
  id: string;
  priority: number;
  enabled: boolean;
  region: string | null;
  industry: string | null;
  minTier: PartnerTier | null;
  maxOpenOffersPerPartner: number;
}

export interface RoutingPartner {
  id: string;
  status: PartnerStatus;
  tier: PartnerTier;
  region: string | null;
}

/** A partner's offers so far: open now, and accepted out of those it answered. */
export interface PartnerOfferStats {
  open: number;
  accepted: number;
  /** Accepted + declined (an expired offer was not answered). */
  responded: number;
}

export interface PastOffer {
  partnerId: string;
  status: LeadOfferStatus;
}

const same = (a: string | null, b: string | null): boolean =>
  a !== null && b !== null && a.trim().toLowerCase() === b.trim().toLowerCase();

/** A rule applies to a lead when it is enabled and its region and industry (where set) match. */
export function ruleMatchesLead(rule: RoutingRule, lead: LeadProfile): boolean {
  return (
    rule.enabled &&
    (rule.region === null || same(rule.region, lead.region)) &&
    (rule.industry === null || same(rule.industry, lead.industry))
  );
}

/** Partners that had their chance at this lead and never get it again: they declined it or let it expire. */
export function excludedPartners(history: readonly PastOffer[]): Set<string> {
  return new Set(
    history.filter((o) => o.status === O.DECLINED || o.status === O.EXPIRED).map((o) => o.partnerId),
  );
}

const NO_STATS: PartnerOfferStats = { open: 0, accepted: 0, responded: 0 };

/**
 * Partners a rule may offer a lead to: ACTIVE, of at least the rule's tier, in the rule's region
 * (when it names one), with fewer open offers than the rule allows, and not excluded for this lead.
 */
export function eligiblePartners<P extends RoutingPartner>(
  rule: RoutingRule,
  partners: readonly P[],
  stats: ReadonlyMap<string, PartnerOfferStats>,
  excluded: ReadonlySet<string>,
): P[] {
  return partners.filter(
    (p) =>
      p.status === PartnerStatus.ACTIVE &&
      (rule.minTier === null || TIER_RANK[p.tier] >= TIER_RANK[rule.minTier]) &&
      (rule.region === null || same(rule.region, p.region)) &&
      (stats.get(p.id) ?? NO_STATS).open < rule.maxOpenOffersPerPartner &&
      !excluded.has(p.id),
  );
}

/**
 * Best first: higher past acceptance rate (accepted / responded; none answered yet counts as 0),
 * compared exactly by cross-multiplying, then fewer open offers, then id for determinism.
 */
export function comparePartners(
  a: { id: string },
  b: { id: string },
  stats: ReadonlyMap<string, PartnerOfferStats>,
): number {
  const sa = stats.get(a.id) ?? NO_STATS;
  const sb = stats.get(b.id) ?? NO_STATS;
  const rateA = sa.responded === 0 ? [0, 1] : [sa.accepted, sa.responded];
  const rateB = sb.responded === 0 ? [0, 1] : [sb.accepted, sb.responded];
  const byRate = rateB[0] * rateA[1] - rateA[0] * rateB[1];
  if (byRate !== 0) return byRate;
  if (sa.open !== sb.open) return sa.open - sb.open;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Best first; partners whose account mapping holds the lead's account (`mapped`) ahead of the
 * others, each group by `comparePartners`.
 */
export function rankPartners<P extends { id: string }>(
  partners: readonly P[],
  stats: ReadonlyMap<string, PartnerOfferStats>,
  mapped: ReadonlySet<string> = new Set(),
): P[] {
  return [...partners].sort(
    (a, b) => Number(mapped.has(b.id)) - Number(mapped.has(a.id)) || comparePartners(a, b, stats),
  );
}

/** Accepted / responded, or null when the partner has answered no offer yet. */
export function acceptanceRate(stats: PartnerOfferStats | undefined): number | null {
  return stats && stats.responded > 0 ? stats.accepted / stats.responded : null;
}

export interface Route<R extends RoutingRule, P extends RoutingPartner> {
  rule: R;
  /** Eligible partners under the rule, best first. */
  partners: P[];
}

/**
 * Where a lead goes: the first enabled rule (by priority, then id) that matches the lead and has
 * an eligible partner, with that rule's eligible partners ranked; null when no rule can place it.
 * Only partners the rules of engagement allow are eligible (none for a DIRECT account); among
 * those, partners whose account mapping holds the lead's account (`mapped`) rank first.
 */
export function routeLead<R extends RoutingRule, P extends RoutingPartner>(
  lead: LeadProfile,
  rules: readonly R[],
  partners: readonly P[],
  stats: ReadonlyMap<string, PartnerOfferStats>,
  history: readonly PastOffer[],
  mapped: ReadonlySet<string> = new Set(),
): Route<R, P> | null {
  const excluded = excludedPartners(history);
  // Rules of engagement first: partners in conflict with the account's owner are never candidates.
  const allowed = partners.filter((p) => engagementAllows(lead.ownership, p.id));
  const ordered = [...rules].sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : 1));
  for (const rule of ordered) {
    if (!ruleMatchesLead(rule, lead)) continue;
    const eligible = eligiblePartners(rule, allowed, stats, excluded);
    if (eligible.length > 0) return { rule, partners: rankPartners(eligible, stats, mapped) };
  }
  return null;
}
