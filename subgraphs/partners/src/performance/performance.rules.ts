import { BadUserInputError } from '@sales-graph/shared/errors';
import { divideHalfEven, fromCents, sumCents, toCents } from '@sales-graph/shared/money';
import { DAY_MS } from '@sales-graph/shared/time';
import { DealStage } from '@sales-graph/shared/deal-stage';
import type { CrmDeal, CrmDealAggregate } from '../crm';

/** A reporting period of whole calendar days, both ends included (UTC). */
export interface Period {
  from: string;
  to: string;
}

export function validatePeriod(period: Period): Period {
  if (period.to < period.from) throw new BadUserInputError('period.to must not be before period.from', 'to');
  return { from: period.from, to: period.to };
}

/** [start, end) in epoch milliseconds: from 00:00 UTC on `from` to 00:00 UTC the day after `to`. */
export function periodBounds(period: Period): { start: number; end: number } {
  return {
    start: Date.parse(`${period.from}T00:00:00Z`),
    end: Date.parse(`${period.to}T00:00:00Z`) + DAY_MS,
  };
}

export function within(period: Period, at: string | Date | null | undefined): boolean {
  if (!at) return false;
  const time = at instanceof Date ? at.getTime() : Date.parse(at);
  const { start, end } = periodBounds(period);
  return time >= start && time < end;
}

export const WON = DealStage.CLOSED_WON;
export const LOST = DealStage.CLOSED_LOST;
export const isOpen = (deal: Pick<CrmDeal, 'stage'>): boolean => deal.stage !== WON && deal.stage !== LOST;

/** A win rate with four decimals from whole counts (null when nothing closed). */
export function winRate(won: number, lost: number): number | null {
  if (won + lost === 0) return null;
  return Number(divideHalfEven(BigInt(won) * 10_000n, BigInt(won + lost))) / 10_000;
}

export interface CurrencyPerformance {
  currency: string;
  sourcedPipeline: string;
  influencedPipeline: string;
  wonRevenue: string;
  influencedWonRevenue: string;
  averageDealSize: string | null;
  dealsWon: number;
  dealsLost: number;
  winRate: number | null;
}

export interface PerformanceFigures {
  dealsWon: number;
  dealsLost: number;
  winRate: number | null;
  byCurrency: CurrencyPerformance[];
}

/**
 * A partner's sales figures for a period, from the CRM deals themselves:
 * - pipeline (sourced / influenced): deals created in the period that are still open;
 * - won revenue, deals won / lost, win rate and average deal size: sourced deals closed (won or
 *   lost) in the period; influenced won revenue likewise for influenced deals.
 * Amounts are grouped per currency (never converted); the counts and win rate also across all.
 */
export function computePerformance(
  sourced: readonly CrmDeal[],
  influenced: readonly CrmDeal[],
  period: Period,
): PerformanceFigures {
  const currencies = [...new Set([...sourced, ...influenced].map((deal) => deal.currency))].sort();
  const byCurrency: CurrencyPerformance[] = [];
  let allWon = 0;
  let allLost = 0;
  for (const currency of currencies) {
    const mine = sourced.filter((deal) => deal.currency === currency);
    const touched = influenced.filter((deal) => deal.currency === currency);
    const openIn = (deals: CrmDeal[]) =>
      deals.filter((deal) => isOpen(deal) && within(period, deal.createdAt));
    const wonIn = (deals: CrmDeal[]) =>
      deals.filter((deal) => deal.stage === WON && within(period, deal.closedAt));
    const total = (deals: CrmDeal[]) => sumCents(deals.map((deal) => toCents(deal.amount)));
    const won = wonIn(mine);
    const lost = mine.filter((deal) => deal.stage === LOST && within(period, deal.closedAt));
    const wonCents = total(won);
    const figures: CurrencyPerformance = {
      currency,
      sourcedPipeline: fromCents(total(openIn(mine))),
      influencedPipeline: fromCents(total(openIn(touched))),
      wonRevenue: fromCents(wonCents),
      influencedWonRevenue: fromCents(total(wonIn(touched))),
      averageDealSize: won.length ? fromCents(divideHalfEven(wonCents, BigInt(won.length))) : null,
      dealsWon: won.length,
      dealsLost: lost.length,
      winRate: winRate(won.length, lost.length),
    };
    allWon += won.length;
    allLost += lost.length;
    byCurrency.push(figures);
  }
  return { dealsWon: allWon, dealsLost: allLost, winRate: winRate(allWon, allLost), byCurrency };
}

/**
 * The same figures as `computePerformance`, from the sums and counts the CRM computed for one
 * partner and period (one row per currency the partner has a deal in). `withInfluenced: false`
 * reads the sourced deals only, as `computePerformance(sourced, [], period)` does.
 */
export function performanceFromAggregates(
  rows: readonly CrmDealAggregate[],
  withInfluenced: boolean,
): PerformanceFigures {
  const byCurrency: CurrencyPerformance[] = [];
  let allWon = 0;
  let allLost = 0;
  const kept = rows.filter((row) => row.sourcedDeals > 0 || (withInfluenced && row.influencedDeals > 0));
  for (const row of [...kept].sort((a, b) =>
    a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0,
  )) {
    const wonCents = toCents(row.wonRevenue);
    const influenced = (amount: string) => fromCents(withInfluenced ? toCents(amount) : 0n);
    byCurrency.push({
      currency: row.currency,
      sourcedPipeline: fromCents(toCents(row.sourcedPipeline)),
      influencedPipeline: influenced(row.influencedPipeline),
      wonRevenue: fromCents(wonCents),
      influencedWonRevenue: influenced(row.influencedWonRevenue),
      averageDealSize: row.dealsWon ? fromCents(divideHalfEven(wonCents, BigInt(row.dealsWon))) : null,
      dealsWon: row.dealsWon,
      dealsLost: row.dealsLost,
      winRate: winRate(row.dealsWon, row.dealsLost),
    });
    allWon += row.dealsWon;
    allLost += row.dealsLost;
  }
  return { dealsWon: allWon, dealsLost: allLost, winRate: winRate(allWon, allLost), byCurrency };
}
