import { BadUserInputError } from '@sales-graph/shared/errors';
import { parseCurrency } from '@sales-graph/shared/graphql/scalars';
import { intInRange } from '@sales-graph/shared/validation';
import { PartnerTier } from '../partners';
import { TierMeasure, type TierShortfall } from './tier.entity';
import { fromCents, parseRate, toCents, optionalNonNegativeAmount } from '@sales-graph/shared/money';
import { DAY_MS } from '@sales-graph/shared/time';

/** Lowest first. REGISTERED is the floor: it has no rule and every partner meets it. */
export const TIER_ORDER: readonly PartnerTier[] = [
  PartnerTier.REGISTERED,
  PartnerTier.SILVER,
  PartnerTier.GOLD,
  PartnerTier.PLATINUM,
];
const rank = (tier: PartnerTier): number => TIER_ORDER.indexOf(tier);

/**
 * Engagement, 0 to 100, from what the partner did in the period (each part capped):
 *   4 points per deal registration submitted (at most 10 → 40)
 * + 3 points per lead offer answered, accepted or declined (at most 10 → 30)
 * + 6 points per course passed by one of its users (at most 5 → 30).
 */
export interface EngagementFacts {
  registrationsSubmitted: number;
  offersAnswered: number;
  trainingsCompleted: number;
}

export function engagementScore(facts: EngagementFacts): number {
  const capped = (value: number, cap: number) => Math.min(Math.max(Math.trunc(value), 0), cap);
  return (
    4 * capped(facts.registrationsSubmitted, 10) +
    3 * capped(facts.offersAnswered, 10) +
    6 * capped(facts.trainingsCompleted, 5)
  );
}

/** A tier rule as the evaluation needs it (rates as exact decimal strings from numeric(5,4)). */
export interface TierRuleSpec {
  tier: PartnerTier;
  minRevenue: string | null;
  currency: string | null;
  minWinRate: string | null;
  minAcceptanceRate: string | null;
  requiredCourseIds: readonly string[];
  minCertifications: number;
  reviewPeriodMonths: number;
  graceDays: number;
}

/** A partner's figures over one rule's review period (certifications: the ones active now). */
export interface TierMeasures {
  /** Won partner-sourced revenue per currency, e.g. { EUR: "1200.00" }. */
  revenue: Readonly<Record<string, string>>;
  /** 0 to 1 with four decimals; null when nothing closed. */
  winRate: number | null;
  /** 0 to 1 with four decimals; null when no offer was answered. */
  acceptanceRate: number | null;
  activeCertifications: number;
  /** Courses of which the partner's users hold an active certification. */
  certifiedCourseIds: readonly string[];
}

const basisPoints = (rate: string): bigint => {
  const { numerator, scale } = parseRate(rate);
  return (numerator * 10_000n) / scale;
};
const formatRate = (bp: bigint): string => `${bp / 10_000n}.${String(bp % 10_000n).padStart(4, '0')}`;

/** Every measure of `rule` the partner falls short of, in rule order (empty: it meets the rule). */
export function shortfalls(rule: TierRuleSpec, measures: TierMeasures): TierShortfall[] {
  const out: TierShortfall[] = [];
  if (rule.minRevenue !== null && rule.currency !== null) {
    const actual = toCents(measures.revenue[rule.currency] ?? '0.00');
    const required = toCents(rule.minRevenue);
    if (actual < required) {
      out.push({
        measure: TierMeasure.REVENUE,
        actual: `${fromCents(actual)} ${rule.currency}`,
        required: `${fromCents(required)} ${rule.currency}`,
      });
    }
  }
  const rate = (measure: TierMeasure, actual: number | null, minimum: string | null) => {
    if (minimum === null) return;
    const required = basisPoints(minimum);
    const actualBp = actual === null ? null : BigInt(Math.round(actual * 10_000));
    if (actualBp === null || actualBp < required) {
      out.push({
        measure,
        actual: actualBp === null ? 'none' : formatRate(actualBp),
        required: formatRate(required),
      });
    }
  };
  rate(TierMeasure.WIN_RATE, measures.winRate, rule.minWinRate);
  rate(TierMeasure.LEAD_ACCEPTANCE_RATE, measures.acceptanceRate, rule.minAcceptanceRate);
  if (measures.activeCertifications < rule.minCertifications) {
    out.push({
      measure: TierMeasure.ACTIVE_CERTIFICATIONS,
      actual: String(measures.activeCertifications),
      required: String(rule.minCertifications),
    });
  }
  const certified = new Set(measures.certifiedCourseIds);
  for (const courseId of rule.requiredCourseIds) {
    if (!certified.has(courseId)) {
      out.push({ measure: TierMeasure.REQUIRED_COURSE, actual: 'not certified', required: courseId });
    }
  }
  return out;
}

export const describeShortfalls = (reasons: readonly TierShortfall[]): string =>
  reasons.map((r) => `${r.measure}: ${r.actual} < ${r.required}`).join('; ');

/** `date` (YYYY-MM-DD) plus `days`, in UTC. */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export type TierDecision =
  | { action: 'NONE' }
  | { action: 'PROMOTE'; to: PartnerTier; reason: string }
  | { action: 'FLAG'; reasons: TierShortfall[]; dropsOn: string }
  | { action: 'KEEP_FLAG'; reasons: TierShortfall[] }
  | { action: 'DEMOTE'; to: PartnerTier; reasons: TierShortfall[] }
  | { action: 'UNFLAG' };

export interface TierEvaluation {
  tier: PartnerTier;
  /** The partner's live at-risk flag, if any. */
  flag: { tier: PartnerTier; dropsOn: string } | null;
  rules: readonly TierRuleSpec[];
  /** The partner's figures over a rule's review period. */
  measuresFor: (rule: TierRuleSpec) => TierMeasures;
  /** The evaluation date (UTC), YYYY-MM-DD. */
  today: string;
}

/**
 * What to do with one partner:
 * - it meets the rule of a tier above its own (the highest such) → PROMOTE (any flag is cleared);
 * - it fails its own tier's rule: not flagged yet (or flagged for another tier) → FLAG, dropping on
 *   today + the rule's grace days; flagged and the drop date has come → DEMOTE to the highest tier
 *   below whose rule it meets (REGISTERED at the floor; tiers without a rule are skipped);
 *   flagged and still within grace → KEEP_FLAG (reasons refreshed, the date kept);
 * - it meets its tier's rule (or the tier has no rule) but is flagged → UNFLAG; else NONE.
 */
export function evaluateTier(input: TierEvaluation): TierDecision {
  const ruleOf = new Map(input.rules.map((rule) => [rule.tier, rule]));
  const failing = (tier: PartnerTier): TierShortfall[] | null => {
    const rule = ruleOf.get(tier);
    if (!rule) return null;
    return shortfalls(rule, input.measuresFor(rule));
  };
  const highestMet = (below: number): PartnerTier => {
    for (let i = below - 1; i > 0; i -= 1) {
      const reasons = failing(TIER_ORDER[i]);
      if (reasons !== null && reasons.length === 0) return TIER_ORDER[i];
    }
    return PartnerTier.REGISTERED;
  };
  const current = rank(input.tier);
  const best = highestMet(TIER_ORDER.length);
  if (rank(best) > current) {
    return { action: 'PROMOTE', to: best, reason: `Meets the ${best} tier rule` };
  }
  const reasons = failing(input.tier);
  if (reasons === null || reasons.length === 0) {
    return input.flag ? { action: 'UNFLAG' } : { action: 'NONE' };
  }
  const rule = ruleOf.get(input.tier)!;
  if (!input.flag || input.flag.tier !== input.tier) {
    return { action: 'FLAG', reasons, dropsOn: addDays(input.today, rule.graceDays) };
  }
  if (input.today >= input.flag.dropsOn) {
    return { action: 'DEMOTE', to: highestMet(current), reasons };
  }
  return { action: 'KEEP_FLAG', reasons };
}

/** A rate given as a decimal string from 0 to 1 with at most four decimals, normalised to four. */
export function parseTierRate(value: string | null | undefined, field: string): string | null {
  if (value === null || value === undefined) return null;
  let bp: bigint;
  try {
    bp = basisPoints(value);
  } catch {
    throw new BadUserInputError(`${field} must be a decimal from 0 to 1 with at most 4 decimals`, field);
  }
  if (bp > 10_000n) throw new BadUserInputError(`${field} must be from 0 to 1`, field);
  return formatRate(bp);
}

export interface TierRuleValues {
  tier: PartnerTier;
  minRevenue: string | null;
  currency: string | null;
  minWinRate: string | null;
  minAcceptanceRate: string | null;
  requiredCourseIds: string[];
  minCertifications: number;
  reviewPeriodMonths: number;
  graceDays: number;
}

/** Validates a tier rule (course existence is the service's to check). */
export function validateTierRule(input: {
  tier: PartnerTier;
  minRevenue?: string | null;
  currency?: string | null;
  minWinRate?: string | null;
  minAcceptanceRate?: string | null;
  requiredCourseIds?: readonly string[] | null;
  minCertifications?: number | null;
  reviewPeriodMonths?: number | null;
  graceDays?: number | null;
}): TierRuleValues {
  if (input.tier === PartnerTier.REGISTERED) {
    throw new BadUserInputError('REGISTERED is the base tier and has no rule', 'tier');
  }
  const minRevenue = optionalNonNegativeAmount(input.minRevenue, 'minRevenue');
  if ((minRevenue === null) !== (input.currency === null || input.currency === undefined)) {
    throw new BadUserInputError(
      'minRevenue and currency go together',
      minRevenue === null ? 'minRevenue' : 'currency',
    );
  }
  const requiredCourseIds = [...new Set((input.requiredCourseIds ?? []).map((id) => id.toLowerCase()))];
  const values: TierRuleValues = {
    tier: input.tier,
    minRevenue,
    currency: input.currency ? parseCurrency(input.currency) : null,
    minWinRate: parseTierRate(input.minWinRate, 'minWinRate'),
    minAcceptanceRate: parseTierRate(input.minAcceptanceRate, 'minAcceptanceRate'),
    requiredCourseIds,
    minCertifications: intInRange(input.minCertifications ?? 0, 'minCertifications', 0, 1000),
    reviewPeriodMonths: intInRange(input.reviewPeriodMonths ?? 12, 'reviewPeriodMonths', 1, 36),
    graceDays: intInRange(input.graceDays ?? 30, 'graceDays', 1, 365),
  };
  if (requiredCourseIds.length > 50) {
    throw new BadUserInputError('At most 50 required courses', 'requiredCourseIds');
  }
  return values;
}

/**
 * The trailing `months` ending `today` (both ends included): from the day after the same date
 * `months` earlier (clamped to the month's end), e.g. 12 months to 2026-11-27 → 2025-11-28.
 */
export function trailingPeriod(months: number, today: string): { from: string; to: string } {
  const [year, month, day] = today.split('-').map(Number);
  const target = new Date(Date.UTC(year, month - 1 - months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  const start = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), Math.min(day, lastDay)));
  return { from: addDays(start.toISOString().slice(0, 10), 1), to: today };
}

export const todayUtc = (now: Date = new Date()): string => now.toISOString().slice(0, 10);
