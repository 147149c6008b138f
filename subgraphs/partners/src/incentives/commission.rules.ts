import { BadUserInputError } from '@sales-graph/shared/errors';
import { applyRate, fromCents, minCents, sumCents, toCents } from '@sales-graph/shared/money';
import { DealStage } from '@sales-graph/shared/deal-stage';
import { WON, within, type Period } from '../performance';

export interface PlanTerms {
  rate: string;
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
 * What a deal earns right now: deal amount × rate, rounded half to even to cents, within the
 * per-deal cap. Nothing (null) unless the deal is CLOSED_WON in the plan's currency, so a deal
 * that is reopened stops earning at once.
 */
export function dealCommission(deal: DealState, plan: PlanTerms): { cents: bigint; capped: boolean } | null {
  if (deal.stage !== DealStage.CLOSED_WON || deal.currency !== plan.currency) return null;
  const earned = applyRate(toCents(deal.amount), plan.rate);
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
): { deal: D; earned: { cents: bigint; capped: boolean } }[] {
  if (!plan) return [];
  return deals
    .filter((deal) => deal.stage === WON && within(period, deal.closedAt))
    .map((deal) => ({ deal, earned: dealCommission(deal, plan) }))
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
