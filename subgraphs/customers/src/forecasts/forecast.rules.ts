import { BadUserInputError } from '@sales-graph/shared/errors';
import { parseLocalDate } from '@sales-graph/shared/graphql/scalars';
import { divideHalfEven, fromCents } from '@sales-graph/shared/money';
import { DAY_MS } from '@sales-graph/shared/time';

/** The length of a calendar period a quota or forecast names by its start (UTC). */
export enum PeriodType {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}

/** A period as given: `from` and `to` (inclusive), or `type` and `start` (its first day). */
export interface PeriodArgs {
  from?: string | null;
  to?: string | null;
  type?: PeriodType | null;
  start?: string | null;
}

/** A period of whole days, both ends inclusive (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

/** The longest period a quota or forecast may span (a year and a day for leap years). */
export const MAX_PERIOD_DAYS = 366;

const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`);
const dateOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
export const addDays = (date: string, days: number): string => dateOf(dayOf(date) + days * DAY_MS);

/** Dates a forecast reasons about: calendar years 1900 to 9998 (a day after each stays a date). */
export function boundedDate(date: string, field: string): string {
  if (date < '1900-01-01' || date > '9998-12-31')
    throw new BadUserInputError(`${date} is outside the years 1900 to 9998`, field);
  return date;
}

/**
 * The period `args` names, checked: exactly one of (from, to) and (type, start); `to` not before
 * `from` and at most MAX_PERIOD_DAYS long; `start` the first day of its month, quarter or year.
 * `field` names the argument in errors (`input.period`).
 */
export function resolvePeriod(args: PeriodArgs | null | undefined, field = 'period'): Period {
  if (!args) throw new BadUserInputError('period is required', field);
  const byRange = args.from != null || args.to != null;
  const byType = args.type != null || args.start != null;
  if (byRange === byType)
    throw new BadUserInputError('Give either from and to, or type and start (not both)', field);
  if (byRange) {
    if (args.from == null || args.to == null)
      throw new BadUserInputError('A period by range needs both from and to', field);
    const from = boundedDate(parseLocalDate(args.from), `${field}.from`);
    const to = boundedDate(parseLocalDate(args.to), `${field}.to`);
    if (to < from)
      throw new BadUserInputError(`period.to ${to} is before period.from ${from}`, `${field}.to`);
    if ((dayOf(to) - dayOf(from)) / DAY_MS + 1 > MAX_PERIOD_DAYS)
      throw new BadUserInputError(`A period spans at most ${MAX_PERIOD_DAYS} days`, field);
    return { from, to };
  }
  if (args.type == null || args.start == null)
    throw new BadUserInputError('A period by type needs both type and start', field);
  const start = boundedDate(parseLocalDate(args.start), `${field}.start`);
  const [year, month, day] = start.split('-').map(Number);
  const months = { MONTH: 1, QUARTER: 3, YEAR: 12 }[args.type];
  if (day !== 1 || (month - 1) % months !== 0)
    throw new BadUserInputError(
      `${start} is not the first day of a calendar ${args.type.toLowerCase()}`,
      `${field}.start`,
    );
  const end = Date.UTC(year, month - 1 + months, 1) - DAY_MS;
  return { from: start, to: dateOf(end) };
}

/** Whether two periods share a day. */
export const overlaps = (a: Period, b: Period): boolean => a.from <= b.to && b.from <= a.to;

/** The Monday (UTC) of the ISO week of `instant`: what names a weekly snapshot. */
export function isoWeekStart(instant: Date): string {
  const day = Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate());
  const weekday = (new Date(day).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return dateOf(day - weekday * DAY_MS);
}

/** The first ISO week a retention of `weeks` keeps at `instant` (older snapshots are removed). */
export const oldestKeptWeek = (instant: Date, weeks: number): string =>
  addDays(isoWeekStart(instant), -7 * (weeks - 1));

/** What a quota's attainment, gap and coverage follow from, in integer cents of one currency. */
export interface QuotaFigures {
  quotaCents: bigint | null;
  wonCents: bigint;
  openPipelineCents: bigint;
}

/** Ratio `a / b` rounded to 4 decimals as a Float, null when b is 0 (no ratio of nothing). */
function ratio(a: bigint, b: bigint): number | null {
  if (b === 0n) return null;
  return Number(divideHalfEven(a * 10_000n, b)) / 10_000;
}

/**
 * Attainment (won / quota), gap (quota − won; negative: over quota) and coverage (open pipeline
 * / remaining quota, null once the quota is met): null without a quota, and attainment null for
 * a quota of 0.
 */
export function quotaMeasures(figures: QuotaFigures): {
  attainment: number | null;
  gap: string | null;
  coverage: number | null;
} {
  if (figures.quotaCents === null) return { attainment: null, gap: null, coverage: null };
  const remaining = figures.quotaCents - figures.wonCents;
  return {
    attainment: ratio(figures.wonCents, figures.quotaCents),
    gap: fromCents(remaining),
    coverage: remaining > 0n ? ratio(figures.openPipelineCents, remaining) : null,
  };
}

/** One side of a deal in a forecast comparison: the snapshot's row or the deal now. */
export interface DealSide {
  inPeriod: boolean;
  stage: string;
  open: boolean;
  won: boolean;
  category: string | null;
  amountCents: bigint;
  currency: string;
  expectedCloseDate: string | null;
}

/** How a deal changed between a snapshot and now, within one forecast's scope and period. */
export enum ForecastChangeKind {
  ADDED = 'ADDED',
  REMOVED = 'REMOVED',
  PULLED_IN = 'PULLED_IN',
  PUSHED_OUT = 'PUSHED_OUT',
  WON = 'WON',
  LOST = 'LOST',
  CATEGORY_CHANGED = 'CATEGORY_CHANGED',
  STAGE_CHANGED = 'STAGE_CHANGED',
  AMOUNT_UP = 'AMOUNT_UP',
  AMOUNT_DOWN = 'AMOUNT_DOWN',
}

/**
 * The changes of one deal: `before` is its snapshot row (null: the snapshot did not have it),
 * `after` the deal now (null: deleted, or out of the scope's owners). A deal counts in the
 * period while in it on that side; only sides in the period are compared for category and amount.
 */
export function dealChanges(before: DealSide | null, after: DealSide | null): ForecastChangeKind[] {
  const was = before?.inPeriod ?? false;
  const is = after?.inPeriod ?? false;
  const kinds: ForecastChangeKind[] = [];
  if (!was && is) {
    // Known to the snapshot with an open close date elsewhere: pulled in; else new to the period.
    kinds.push(
      before && before.open && after!.open ? ForecastChangeKind.PULLED_IN : ForecastChangeKind.ADDED,
    );
  }
  if (was && !is) {
    if (after && after.open && before!.open) kinds.push(ForecastChangeKind.PUSHED_OUT);
    else if (after && !after.open && before!.open)
      kinds.push(after.won ? ForecastChangeKind.WON : ForecastChangeKind.LOST);
    else kinds.push(ForecastChangeKind.REMOVED);
  }
  if (was && is) {
    if (before!.open && !after!.open)
      kinds.push(after!.won ? ForecastChangeKind.WON : ForecastChangeKind.LOST);
    if (before!.category !== after!.category) kinds.push(ForecastChangeKind.CATEGORY_CHANGED);
    else if (before!.stage !== after!.stage && after!.open) kinds.push(ForecastChangeKind.STAGE_CHANGED);
    if (before!.currency === after!.currency) {
      if (after!.amountCents > before!.amountCents) kinds.push(ForecastChangeKind.AMOUNT_UP);
      if (after!.amountCents < before!.amountCents) kinds.push(ForecastChangeKind.AMOUNT_DOWN);
    }
  }
  return kinds;
}
