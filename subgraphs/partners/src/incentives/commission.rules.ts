import { BadUserInputError } from '@sales-graph/shared/errors';
import { divideHalfEven, fromCents, minCents, parseRate, sumCents, toCents } from '@sales-graph/shared/money';
import { DEAL_PARTNER_ROLES, DealPartnerRole } from '../attribution';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { WON, within, type Period } from '../performance';

export interface PlanTerms {
  rate: string;
  /** Share of each deal role (4-decimal fractions); null: SOURCED 100 % (every plan before the split). */
  roleShares?: RoleShares | null;
  capPerDeal: string | null;
  capPerPeriod: string | null;
  currency: string;
}

export interface DealState {
  stage: string;
  amount: string;
  currency: string;
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
 * What a deal earns right now for a partner in `role` (SOURCED: the primary sourcing partner): deal
 * amount × rate × the role's share, rounded half to even to cents, within the per-deal cap. Nothing (null) unless the deal is CLOSED_WON in the plan's currency, so a deal
 * that is reopened stops earning at once.
 */
export function dealCommission(
  deal: DealState,
  plan: PlanTerms,
  role: DealPartnerRole = DealPartnerRole.SOURCED,
): { cents: bigint; capped: boolean } | null {
  if (deal.stage !== DealStage.CLOSED_WON || deal.currency !== plan.currency) return null;
  // amount × rate × the role's share, exact, rounded half to even once.
  const rate = parseRate(plan.rate);
  const share = parseRate(roleShare(plan, role));
  const earned = divideHalfEven(
    toCents(deal.amount) * rate.numerator * share.numerator,
    rate.scale * share.scale,
  );
  if (plan.capPerDeal === null) return { cents: earned, capped: false };
  const cap = toCents(plan.capPerDeal);
  return { cents: minCents(earned, cap), capped: earned > cap };
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
): { deal: D; earned: { cents: bigint; capped: boolean } }[] {
  if (!plan) return [];
  return deals
    .filter((deal) => deal.stage === WON && within(period, deal.closedAt))
    .map((deal) => ({ deal, earned: dealCommission(deal, plan, role) }))
    .filter((line): line is { deal: D; earned: { cents: bigint; capped: boolean } } => line.earned !== null)
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
