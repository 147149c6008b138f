import { BadUserInputError } from '@sales-graph/shared/errors';
import { divideHalfEven, fromCents, minCents, parseRate, sumCents, toCents } from '@sales-graph/shared/money';
import { DEAL_PARTNER_ROLES, DealPartnerRole } from '../attribution';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { WON, within, type Period } from '../performance';
import type { CrmDeal } from '../crm';

export interface PlanTerms {
  rate: string;
  /** Share of each deal role (4-decimal fractions); null: SOURCED 100 % (every plan before the split). */
  roleShares?: RoleShares | null;
  capPerDeal: string | null;
  capPerPeriod: string | null;
  currency: string;
  /** Rate per product family (4-decimal fractions); null or a family not named: the tier's `rate`. */
  familyRates?: FamilyRates | null;
}

/** One line item of a deal as commissions read it: its product's family and its total. */
export interface DealLine {
  /** The product's family; null for a product without one (it earns the tier's rate). */
  family: string | null;
  /** The line's total in the deal's currency, an exact decimal ("1200.00"). */
  total: string;
}

export interface DealState {
  stage: string;
  amount: string;
  currency: string;
  /** The deal's line items; none (null or empty): the whole amount earns the tier's rate, as always. */
  lines?: readonly DealLine[] | null;
}

/** A CRM deal's line items as commissions read them (none for a deal priced by hand). */
export function dealLinesOf(deal: Pick<CrmDeal, 'lineItems'>): DealLine[] {
  return (deal.lineItems ?? []).map((line) => ({ family: line.product?.family ?? null, total: line.total }));
}

/** A plan's rate per product family (family → 4-decimal fraction). */
export type FamilyRates = Record<string, string>;

/** What the lines of one product family earn of a deal's commission (before the per-deal cap). */
export interface FamilyPart {
  family: string | null;
  /** Sum of the family's line totals, in cents. */
  amountCents: bigint;
  /** The rate applied: the family's, or the tier's when the plan names none for it. */
  rate: string;
  /** The family's part of the commission, in cents; the parts add up to the commission before the cap. */
  cents: bigint;
}

/** The commission of a deal for one role: cents within the cap, and the per-family parts of a priced deal. */
export interface Earned {
  cents: bigint;
  capped: boolean;
  /** Per product family, in family order (no family last); absent for a deal without line items. */
  byFamily?: FamilyPart[];
}

const RATE_RE = /^(0(\.\d{1,4})?|1(\.0{1,4})?)$/;

/** A commission rate: a decimal fraction from 0 to 1 with at most four decimals ("0.10"). */
export function parseCommissionRate(rate: string): string {
  const text = rate.trim();
  if (!RATE_RE.test(text)) {
    throw new BadUserInputError('rate must be a decimal fraction from 0 to 1, e.g. "0.10"', 'rate');
  }
  return text;
}

/**
 * A parsed rate as the plan stores it and every read answers it, with four decimals
 * ("0.075" → "0.0750", "1" → "1.0000"), so the answer to setCommissionPlan matches later reads.
 */
export function fourDecimalRate(rate: string): string {
  const [whole, fraction = ''] = rate.split('.');
  return `${whole}.${fraction.padEnd(4, '0')}`;
}

/**
 * What a deal earns right now for a partner in `role` (SOURCED: the primary sourcing partner),
 * within the per-deal cap. Nothing (null) unless the deal is CLOSED_WON in the plan's currency, so a deal
 * that is reopened stops earning at once.
 *
 * Without line items: deal amount × rate × the role's share, exact, rounded half to even once (every
 * commission before family rates, unchanged). With line items: Σ over the lines of (line total × its
 * family's rate, or the tier's rate when the plan names none for the family) × the role's share,
 * summed exactly as one fraction and rounded half to even once; the per-family parts split that
 * rounded figure by largest remainder, so they add up to it.
 */
export function dealCommission(
  deal: DealState,
  plan: PlanTerms,
  role: DealPartnerRole = DealPartnerRole.SOURCED,
): Earned | null {
  if (deal.stage !== DealStage.CLOSED_WON || deal.currency !== plan.currency) return null;
  const share = parseRate(roleShare(plan, role));
  let earned: bigint;
  let byFamily: FamilyPart[] | undefined;
  if (!deal.lines || deal.lines.length === 0) {
    // amount × rate × the role's share, exact, rounded half to even once.
    const rate = parseRate(plan.rate);
    earned = divideHalfEven(
      toCents(deal.amount) * rate.numerator * share.numerator,
      rate.scale * share.scale,
    );
  } else {
    ({ earned, byFamily } = familyCommission(deal.lines, plan, share));
  }
  const capped = plan.capPerDeal !== null && earned > toCents(plan.capPerDeal);
  const cents = plan.capPerDeal === null ? earned : minCents(earned, toCents(plan.capPerDeal));
  return byFamily ? { cents, capped, byFamily } : { cents, capped };
}

/** The rate a plan applies to a product family: its own, else the tier's. */
export function familyRate(plan: Pick<PlanTerms, 'rate' | 'familyRates'>, family: string | null): string {
  return (family !== null ? plan.familyRates?.[family] : undefined) ?? plan.rate;
}

/** Σ line total × family rate × share, as one exact fraction over a common denominator, rounded once. */
function familyCommission(
  lines: readonly DealLine[],
  plan: PlanTerms,
  share: { numerator: bigint; scale: bigint },
): { earned: bigint; byFamily: FamilyPart[] } {
  const groups = new Map<string | null, { amountCents: bigint; rate: string }>();
  for (const line of lines) {
    const group = groups.get(line.family) ?? { amountCents: 0n, rate: familyRate(plan, line.family) };
    group.amountCents += toCents(line.total);
    groups.set(line.family, group);
  }
  const families = [...groups.keys()].sort((a, b) =>
    a === null ? 1 : b === null ? -1 : a < b ? -1 : a > b ? 1 : 0,
  );
  // Rates have at most four decimals: 10^4 × the share's scale is a common denominator.
  const RATE_SCALE = 10_000n;
  const denominator = RATE_SCALE * share.scale;
  const numerators = families.map((family) => {
    const { amountCents, rate } = groups.get(family)!;
    const parsed = parseRate(rate);
    return amountCents * parsed.numerator * (RATE_SCALE / parsed.scale) * share.numerator;
  });
  const earned = divideHalfEven(
    numerators.reduce((a, b) => a + b, 0n),
    denominator,
  );
  // Largest remainder: each part its floor, the cents left over to the largest remainders (ties: family order).
  const floors = numerators.map((n) => n / denominator);
  let left = earned - floors.reduce((a, b) => a + b, 0n);
  const order = numerators
    .map((n, i) => ({ i, remainder: n % denominator }))
    .sort((a, b) => (a.remainder > b.remainder ? -1 : a.remainder < b.remainder ? 1 : a.i - b.i));
  const cents = [...floors];
  for (const { i } of order) {
    if (left <= 0n) break;
    cents[i] += 1n;
    left -= 1n;
  }
  return {
    earned,
    byFamily: families.map((family, i) => ({
      family,
      amountCents: groups.get(family)!.amountCents,
      rate: groups.get(family)!.rate,
      cents: cents[i],
    })),
  };
}

/** A deal as a statement reads it: its state, and when it closed (ISO timestamp). */
export interface ClosedDeal extends DealState {
  id: string;
  closedAt: string | null;
}

/**
 * The lines of a statement: the deals won in the period that earn under the plan (none without
 * a plan), by close time then id.
 */
export function statementLines<D extends ClosedDeal>(
  deals: readonly D[],
  plan: PlanTerms | null,
  period: Period,
  role: DealPartnerRole = DealPartnerRole.SOURCED,
): { deal: D; earned: Earned }[] {
  if (!plan) return [];
  return deals
    .filter((deal) => deal.stage === WON && within(period, deal.closedAt))
    .map((deal) => ({ deal, earned: dealCommission(deal, plan, role) }))
    .filter((line): line is { deal: D; earned: Earned } => line.earned !== null)
    .sort((a, b) => a.deal.closedAt!.localeCompare(b.deal.closedAt!) || a.deal.id.localeCompare(b.deal.id));
}

/** The statement figures: subtotal of the lines, total within the period cap, and what is due. */
export function statementTotals(
  lines: readonly bigint[],
  plan: Pick<PlanTerms, 'capPerPeriod'> | null,
  paid: string | null,
): { subtotal: string; total: string; paid: string; adjustment: string; due: string } {
  const subtotal = sumCents(lines);
  const total = plan?.capPerPeriod != null ? minCents(subtotal, toCents(plan.capPerPeriod)) : subtotal;
  const paidCents = paid === null ? 0n : toCents(paid);
  return {
    subtotal: fromCents(subtotal),
    total: fromCents(total),
    paid: fromCents(paidCents),
    adjustment: fromCents(paid === null ? 0n : total - paidCents),
    due: fromCents(total - paidCents),
  };
}

/** A stored decimal rate ("0.1000") as the Float ratio the graph answers (0.1). */
export function rateRatio(rate: string | null): number | null {
  return rate === null ? null : Number(rate);
}

/** A plan's share per deal role (roles not named get nothing). */
export type RoleShares = Partial<Record<DealPartnerRole, string>>;

/** Every plan before the split, and a plan set without one: the primary sourcing partner gets it all. */
export const DEFAULT_ROLE_SHARES: RoleShares = { [DealPartnerRole.SOURCED]: '1.0000' };

/** The share of `role` under a plan, a 4-decimal fraction ("0.0000" for a role the plan does not pay). */
export function roleShare(plan: Pick<PlanTerms, 'roleShares'>, role: DealPartnerRole): string {
  return (plan.roleShares ?? DEFAULT_ROLE_SHARES)[role] ?? '0.0000';
}

/**
 * A plan's split as given (role → fraction 0..1, at most 4 decimals): each role at most once, the
 * shares summing to at most 1 (compared exactly, in ten-thousandths). Omitted: the default.
 */
export function parseRoleShares(
  shares: readonly { role: DealPartnerRole; share: string }[] | null | undefined,
): RoleShares {
  if (!shares) return { ...DEFAULT_ROLE_SHARES };
  const result: RoleShares = {};
  let total = 0n;
  for (const { role, share } of shares) {
    if (!DEAL_PARTNER_ROLES.includes(role)) throw new BadUserInputError(`Unknown role ${role}`, 'roleShares');
    if (result[role] !== undefined) throw new BadUserInputError(`${role} is given twice`, 'roleShares');
    if (!RATE_RE.test(share.trim())) {
      throw new BadUserInputError(
        `The share of ${role} must be a decimal fraction from 0 to 1, e.g. "0.25"`,
        'roleShares',
      );
    }
    const exact = fourDecimalRate(share.trim());
    total += BigInt(exact.replace('.', ''));
    result[role] = exact;
  }
  if (total > 10_000n) throw new BadUserInputError('The role shares add up to more than 1', 'roleShares');
  return result;
}

/** At most this many family rates on one plan. */
export const MAX_FAMILY_RATES = 50;

/**
 * A plan's rates per product family as given (family → fraction 0..1, at most 4 decimals): each
 * family named (trimmed, not empty) at most once, compared case-insensitively, and (`known`, when
 * given: the catalogue's families) one the catalogue has, stored in the catalogue's spelling.
 * Omitted or empty: none (every line earns the tier's rate). BAD_USER_INPUT names `familyRates`.
 */
export function parseFamilyRates(
  rates: readonly { family: string; rate: string }[] | null | undefined,
  known?: readonly string[],
): FamilyRates | null {
  if (!rates || rates.length === 0) return null;
  if (rates.length > MAX_FAMILY_RATES) {
    throw new BadUserInputError(`A plan has at most ${MAX_FAMILY_RATES} family rates`, 'familyRates');
  }
  const catalogue = new Map((known ?? []).map((family) => [family.toLowerCase(), family]));
  const result: FamilyRates = {};
  const seen = new Set<string>();
  for (const { family, rate } of rates) {
    const name = family.trim();
    if (name.length === 0 || name.length > 100) {
      throw new BadUserInputError(
        'A family must be a product family name (1 to 100 characters)',
        'familyRates',
      );
    }
    const key = name.toLowerCase();
    if (seen.has(key)) throw new BadUserInputError(`The family ${name} is given twice`, 'familyRates');
    seen.add(key);
    if (!RATE_RE.test(rate.trim())) {
      throw new BadUserInputError(
        `The rate of ${name} must be a decimal fraction from 0 to 1, e.g. "0.05"`,
        'familyRates',
      );
    }
    const spelled = known ? catalogue.get(key) : name;
    if (spelled === undefined) {
      throw new BadUserInputError(`No product in the catalogue has the family ${name}`, 'familyRates');
    }
    result[spelled] = fourDecimalRate(rate.trim());
  }
  return result;
}
