import { divideHalfEven, fromCents, toCents } from '@sales-graph/shared/money';
import { DealStage } from '../deals';
import type { SalesAnalyticsRow } from './sales-analytics.types';
import { DAY_MS } from '@sales-graph/shared/time';

/** The keys a row can have (the dimensions but CURRENCY, which every row has). */
export type RowKeys = Pick<
  SalesAnalyticsRow,
  'stage' | 'channel' | 'partnerTier' | 'ownerId' | 'region' | 'industry' | 'periodStart'
> &
  // The configured pipeline's keys (absent: not grouped by).
  Partial<Pick<SalesAnalyticsRow, 'pipelineId' | 'pipelineStageId' | 'forecastCategory'>> & {
    partnerId: string | null;
    /** Key TEAM (users/: the owner's team). */
    teamId?: string | null;
  };

/**
 * What the database answers for one (group, stage, currency): sums that add up exactly, so that
 * parts merge (the stages of a group, the partners of a tier) without losing a cent.
 */
export interface SalesPart {
  keys: RowKeys;
  stage: DealStage;
  currency: string;
  dealCount: number;
  /** Sum of the amounts, as numeric text. */
  amount: string;
  /** Milliseconds from creation to close, summed over the part's CLOSED_WON deals (numeric text). */
  wonCycleMs: string | null;
  /** The win probability of the part's configured stage in percent; else its DealStage's. */
  percent?: bigint;
}

/** Win probability per stage in percent (exact: every one is a whole percent). */
export function stagePercents(probability: Record<DealStage, number>): Record<DealStage, bigint> {
  const percents = {} as Record<DealStage, bigint>;
  for (const stage of Object.values(DealStage)) {
    const percent = probability[stage] * 100;
    if (!Number.isInteger(Math.round(percent * 1e6) / 1e6))
      throw new Error(`The probability of ${stage} is not a whole percent`);
    percents[stage] = BigInt(Math.round(percent));
  }
  return percents;
}

/** A finished row, its partner still as an id. */
export type MergedRow = Omit<SalesAnalyticsRow, 'partner'> & {
  partnerId: string | null;
  /** Key TEAM (users/: the owner's team). */ teamId?: string | null;
};

interface Accumulator {
  keys: RowKeys;
  currency: string;
  dealCount: number;
  cents: bigint;
  /** Weighted amount in hundredths of a cent (cents × percent). */
  weighted: bigint;
  wonCents: bigint;
  wonCount: number;
  lostCount: number;
  wonCycleMs: bigint;
}

/**
 * Adds parts up into rows, one per (keys, currency), exactly (integer cents), and finishes the
 * measures: weighted amount rounded half to even once per row, win rate, averages. Rows come
 * ordered by their keys as `order` lists them, then currency.
 */
export function mergeParts(
  parts: Iterable<SalesPart>,
  percents: Record<DealStage, bigint>,
  order: readonly (keyof RowKeys)[],
): MergedRow[] {
  const rows = new Map<string, Accumulator>();
  for (const part of parts) {
    const id = JSON.stringify([...order.map((key) => part.keys[key]), part.currency]);
    let row = rows.get(id);
    if (!row) {
      row = {
        keys: part.keys,
        currency: part.currency,
        dealCount: 0,
        cents: 0n,
        weighted: 0n,
        wonCents: 0n,
        wonCount: 0,
        lostCount: 0,
        wonCycleMs: 0n,
      };
      rows.set(id, row);
    }
    const cents = toCents(part.amount);
    row.dealCount += part.dealCount;
    row.cents += cents;
    row.weighted += cents * (part.percent ?? percents[part.stage]);
    if (part.stage === DealStage.CLOSED_WON) {
      row.wonCents += cents;
      row.wonCount += part.dealCount;
      row.wonCycleMs += BigInt(part.wonCycleMs ?? '0');
    }
    if (part.stage === DealStage.CLOSED_LOST) row.lostCount += part.dealCount;
  }
  const compare = (a: unknown, b: unknown) =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : String(a) < String(b) ? -1 : 1;
  return [...rows.values()]
    .sort((a, b) => {
      for (const key of order) {
        const by = compare(a.keys[key], b.keys[key]);
        if (by !== 0) return by;
      }
      return compare(a.currency, b.currency);
    })
    .map((row) => ({
      ...row.keys,
      pipelineId: row.keys.pipelineId ?? null,
      pipelineStageId: row.keys.pipelineStageId ?? null,
      forecastCategory: row.keys.forecastCategory ?? null,
      currency: row.currency,
      dealCount: row.dealCount,
      amount: fromCents(row.cents),
      weightedAmount: fromCents(divideHalfEven(row.weighted, 100n)),
      wonAmount: fromCents(row.wonCents),
      wonCount: row.wonCount,
      lostCount: row.lostCount,
      winRate: row.wonCount + row.lostCount === 0 ? null : row.wonCount / (row.wonCount + row.lostCount),
      averageCycleDays: row.wonCount === 0 ? null : Number(row.wonCycleMs) / row.wonCount / DAY_MS,
      averageDealSize: fromCents(divideHalfEven(row.cents, BigInt(row.dealCount))),
    }));
}
