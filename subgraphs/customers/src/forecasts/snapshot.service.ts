import type { EntityManager } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { forecastSnapshotRetentionWeeks } from '@sales-graph/shared/config';
import { BadUserInputError, isUuid, NotFoundError } from '@sales-graph/shared/errors';
import { parseLocalDate } from '@sales-graph/shared/graphql/scalars';
import { divideHalfEven, fromCents, toCents } from '@sales-graph/shared/money';
import { dealForecastFactsSql } from '../deals';
import { ForecastCategory } from '../pipelines';
import { salesParts, SalesDimension } from '../sales-analytics';
import { teamMembersSql } from '../users';
import {
  centsByCurrency,
  forecastDealFilter,
  forecastSubject,
  type ForecastSubject,
} from './forecast.service';
import {
  addDays,
  boundedDate,
  dealChanges,
  isoWeekStart,
  oldestKeptWeek,
  resolvePeriod,
  type DealSide,
  type Period,
} from './forecast.rules';
import { ForecastSnapshot } from './snapshot.entity';
import {
  ForecastCategoryDelta,
  ForecastChanges,
  ForecastDealChange,
  ForecastDealState,
  type ForecastChangesInput,
} from './snapshot.types';

/** How far back a snapshot keeps closed deals (a year's period and its comparison). */
export const SNAPSHOT_CLOSED_DAYS = 400;
/** A snapshot of a million deals is one long statement: it gets its own time limit. */
const SNAPSHOT_STATEMENT_TIMEOUT = '600s';

const CLOSED = `('CLOSED_WON','CLOSED_LOST')`;

/**
 * Takes the snapshot of the ISO week of `now`, unless that week has one (idempotent: the same
 * snapshot is answered), in ONE INSERT … SELECT over the deals (no row passes through the
 * application); then removes the snapshots past FORECAST_SNAPSHOT_RETENTION_WEEKS.
 */
export async function takeForecastSnapshot(
  manager: EntityManager,
  now: Date,
  by: string,
): Promise<{ snapshot: ForecastSnapshot; created: boolean; removed: number }> {
  const weekStart = isoWeekStart(now);
  const inserted: { id: string }[] = await manager.query(
    `INSERT INTO crm.forecast_snapshots (week_start, taken_at, taken_by) VALUES ($1, $2, $3)
     ON CONFLICT (week_start) DO NOTHING RETURNING id`,
    [weekStart, now, by],
  );
  if (inserted.length > 0) {
    await manager.query(`SET LOCAL statement_timeout = '${SNAPSHOT_STATEMENT_TIMEOUT}'`);
    // The deals' forecast facts (the deals' SELECT, with the stages' and the owners' joins).
    await manager.query(
      `INSERT INTO crm.forecast_snapshot_deals (snapshot_id, deal_id, owner_id, team_id, stage, stage_id,
         forecast_category, probability, amount, currency, expected_close_date, closed_at)
       SELECT $1, f.deal_id, f.owner_id, f.team_id, f.stage, f.stage_id, f.forecast_category,
              f.probability, f.amount, f.currency, f.expected_close_date, f.closed_at
         FROM (${dealForecastFactsSql({ ownerTeam: true })}) f
        WHERE f.stage NOT IN ${CLOSED} OR f.closed_at >= $2::timestamptz - interval '${SNAPSHOT_CLOSED_DAYS} days'`,
      [inserted[0].id, now],
    );
    await manager.query(
      `UPDATE crm.forecast_snapshots SET deal_count = (SELECT count(*) FROM crm.forecast_snapshot_deals WHERE snapshot_id = $1) WHERE id = $1`,
      [inserted[0].id],
    );
  }
  const [{ removed }]: { removed: number }[] = await manager.query(
    `WITH gone AS (DELETE FROM crm.forecast_snapshots WHERE week_start < $1 RETURNING 1)
     SELECT count(*)::int AS removed FROM gone`,
    [oldestKeptWeek(now, forecastSnapshotRetentionWeeks())],
  );
  const snapshot = await manager.findOneOrFail(ForecastSnapshot, { where: { weekStart } });
  return { snapshot, created: inserted.length > 0, removed };
}

/** The CRM's weekly job: the snapshot of this ISO week, once (every round after the first finds it). */
export const forecastSnapshotJob = {
  name: 'forecasts.snapshot',
  run: async (manager: EntityManager, now: Date) => {
    const { snapshot, created, removed } = await takeForecastSnapshot(manager, now, 'service:jobs');
    return { weekStart: snapshot.weekStart, created, removed };
  },
};

/** The snapshot `since` names: by id (NOT_FOUND), the latest on or before a date, or the latest. */
export async function snapshotFor(
  manager: EntityManager,
  since: { snapshotId?: string | null; at?: string | null } | null | undefined,
): Promise<ForecastSnapshot> {
  const repo = manager.getRepository(ForecastSnapshot);
  if (since?.snapshotId != null && since.at != null)
    throw new BadUserInputError('Give at most one of snapshotId and at', 'input.since');
  if (since?.snapshotId != null) {
    const found = isUuid(since.snapshotId)
      ? await repo.findOne({ where: { id: since.snapshotId.toLowerCase() } })
      : null;
    if (!found) throw new NotFoundError('ForecastSnapshot', since.snapshotId);
    return found;
  }
  const qb = repo.createQueryBuilder('s').orderBy('s.taken_at', 'DESC').limit(1);
  if (since?.at != null)
    qb.where('s.taken_at < :end', {
      end: new Date(`${addDays(boundedDate(parseLocalDate(since.at), 'input.since.at'), 1)}T00:00:00Z`),
    });
  const latest = await qb.getOne();
  if (!latest) throw new NotFoundError('ForecastSnapshot', since?.at ? `on or before ${since.at}` : 'latest');
  return latest;
}

/** The period as the statements' parameters $2 (from), $3 (to) and $4 (the day after). */
const PERIOD_PARAMS = {
  from: '$2::date',
  to: '$3::date',
  fromInstant: `($2::date::timestamp AT TIME ZONE 'UTC')`,
  endInstant: `($4::date::timestamp AT TIME ZONE 'UTC')`,
};

/** Whether a deal row (alias) counts in the period: open by expected close, closed by closed date in [from, end). */
const inPeriodSql = (alias: string, p: typeof PERIOD_PARAMS) =>
  `((${alias}.stage NOT IN ${CLOSED} AND ${alias}.expected_close_date BETWEEN ${p.from} AND ${p.to})
    OR (${alias}.stage IN ${CLOSED} AND ${alias}.closed_at >= ${p.fromInstant} AND ${alias}.closed_at < ${p.endInstant}))`;

interface DiffRow {
  deal_id: string;
  b_in: boolean | null;
  b_owner: string | null;
  b_stage: string | null;
  b_stage_id: string | null;
  b_category: ForecastCategory | null;
  b_amount: string | null;
  b_currency: string | null;
  b_close: string | null;
  b_closed_at: Date | null;
  a_in: boolean | null;
  a_owner: string | null;
  a_stage: string | null;
  a_stage_id: string | null;
  a_category: ForecastCategory | null;
  a_amount: string | null;
  a_currency: string | null;
  a_close: string | null;
  a_closed_at: Date | null;
}

const MAX_CHANGES_PAGE = 100;

/** The columns of a deal now in the comparison, from its forecast facts (`f`). */
const NOW_COLUMNS = (f: string, inPeriod: string) =>
  `${f}.deal_id, ${f}.owner_id, ${f}.stage, ${f}.stage_id, ${f}.forecast_category, ${f}.amount,
   ${f}.currency, ${f}.expected_close_date, ${f}.closed_at, ${inPeriod} AS in_period`;

/**
 * `forecastChanges`: the forecast now against a snapshot. Category deltas: the live side is the
 * forecast's own GROUP BY (salesAnalytics'), the snapshot side one GROUP BY of its rows. Changed
 * deals: ONE statement (the snapshot's rows of the scope FULL JOIN the scope's deals now, only
 * where something the forecast counts differs), a keyset page by deal id.
 */
export async function forecastChanges(
  ctx: RequestContext,
  input: ForecastChangesInput,
): Promise<ForecastChanges> {
  const period = resolvePeriod(input.period, 'input.period');
  const first = input.first ?? 50;
  if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES_PAGE)
    throw new BadUserInputError(`first must be 1 to ${MAX_CHANGES_PAGE}`, 'input.first');
  if (input.after != null && !isUuid(input.after))
    throw new BadUserInputError('after must be an endCursor of this list', 'input.after');
  const subject = await forecastSubject(ctx, input);
  const manager = ctx.dataSource.manager;
  const snapshot = await snapshotFor(manager, input.since);
  const categories = await categoryDeltas(ctx, manager, snapshot, subject, period);
  const { rows, hasMore } = await changedDeals(
    manager,
    snapshot,
    subject,
    period,
    first,
    input.after ?? null,
  );
  const deals = rows.map((row) => {
    const before = sideOf(row, 'b');
    const after = sideOf(row, 'a');
    return Object.assign(new ForecastDealChange(), {
      dealId: row.deal_id,
      kinds: dealChanges(before?.side ?? null, after?.side ?? null),
      before: before?.state ?? null,
      after: after?.state ?? null,
    });
  });
  return Object.assign(new ForecastChanges(), {
    snapshot,
    from: period.from,
    to: period.to,
    categories,
    deals,
    hasMore,
    endCursor: rows.length > 0 ? rows[rows.length - 1].deal_id : null,
  });
}

function sideOf(row: DiffRow, p: 'a' | 'b'): { side: DealSide; state: ForecastDealState } | null {
  const get = <K extends string>(key: K) => (row as unknown as Record<string, unknown>)[`${p}_${key}`];
  if (get('stage') === null || get('stage') === undefined) return null;
  const stage = get('stage') as string;
  const currency = (get('currency') as string).trim();
  const amount = get('amount') as string;
  const state = Object.assign(new ForecastDealState(), {
    ownerId: get('owner') as string | null,
    stage,
    forecastCategory: get('category') as ForecastCategory | null,
    amount: fromCents(toCents(amount)),
    currency,
    expectedCloseDate: get('close') as string | null,
    closedAt: get('closed_at') as Date | null,
    inPeriod: Boolean(get('in')),
  });
  const side: DealSide = {
    inPeriod: state.inPeriod,
    stage: (get('stage_id') as string | null) ?? stage,
    open: stage !== 'CLOSED_WON' && stage !== 'CLOSED_LOST',
    won: stage === 'CLOSED_WON',
    category: state.forecastCategory,
    amountCents: toCents(amount),
    currency,
    expectedCloseDate: state.expectedCloseDate,
  };
  return { side, state };
}

/** The scope of a forecast on the snapshot's rows (`sd`) and on the deals' facts now (`f`), as SQL with parameters. */
function scopeSql(subject: ForecastSubject, params: unknown[]): { before: string; after: string } {
  if (subject.user) {
    params.push(subject.user.sub);
    const n = params.length;
    return { before: `sd.owner_id = $${n}`, after: `f.owner_id = $${n}` };
  }
  if (subject.teamId) {
    params.push(subject.teamId);
    const n = params.length;
    return {
      before: `sd.team_id = $${n}`,
      after: `f.owner_id = ANY(${teamMembersSql('sub', `= $${n}`)})`,
    };
  }
  return { before: 'TRUE', after: 'TRUE' };
}

async function changedDeals(
  manager: EntityManager,
  snapshot: ForecastSnapshot,
  subject: ForecastSubject,
  period: Period,
  first: number,
  after: string | null,
): Promise<{ rows: DiffRow[]; hasMore: boolean }> {
  const params: unknown[] = [snapshot.id, period.from, period.to, addDays(period.to, 1)];
  const inPeriod = (alias: string) => inPeriodSql(alias, PERIOD_PARAMS);
  const scope = scopeSql(subject, params);
  params.push(after ?? '00000000-0000-0000-0000-000000000000');
  const afterParam = `$${params.length}`;
  params.push(first + 1);
  const limitParam = `$${params.length}`;
  const facts = dealForecastFactsSql();
  const rows: DiffRow[] = await manager.query(
    `WITH before AS (
       SELECT sd.*, ${inPeriod('sd')} AS in_period
         FROM crm.forecast_snapshot_deals sd
        WHERE sd.snapshot_id = $1 AND ${scope.before}
     ), now AS (
       -- The scope's deals in the period now (the owner and date indexes), and those of the
       -- snapshot's period whatever they are now (by id): a UNION, so each side keeps its index.
       SELECT ${NOW_COLUMNS('f', inPeriod('f'))}
         FROM (${facts}) f
        WHERE ${scope.after} AND ${inPeriod('f')}
       UNION
       SELECT ${NOW_COLUMNS('f', inPeriod('f'))}
         FROM before bp
         JOIN (${facts}) f ON f.deal_id = bp.deal_id
        WHERE bp.in_period AND ${scope.after}
     )
     SELECT COALESCE(a.deal_id, b.deal_id) AS deal_id,
            b.in_period AS b_in, b.owner_id AS b_owner, b.stage AS b_stage, b.stage_id AS b_stage_id,
            b.forecast_category AS b_category, b.amount::text AS b_amount, b.currency AS b_currency,
            b.expected_close_date::text AS b_close, b.closed_at AS b_closed_at,
            a.in_period AS a_in, a.owner_id AS a_owner, a.stage AS a_stage, a.stage_id AS a_stage_id,
            a.forecast_category AS a_category, a.amount::text AS a_amount, a.currency AS a_currency,
            a.expected_close_date::text AS a_close, a.closed_at AS a_closed_at
       FROM (SELECT * FROM before WHERE in_period OR deal_id IN (SELECT deal_id FROM now WHERE in_period)) b
       FULL JOIN now a ON a.deal_id = b.deal_id
      WHERE (COALESCE(b.in_period, FALSE) OR COALESCE(a.in_period, FALSE))
        AND (a.deal_id IS NULL OR b.deal_id IS NULL
             OR b.in_period IS DISTINCT FROM a.in_period
             OR b.stage IS DISTINCT FROM a.stage
             OR b.stage_id IS DISTINCT FROM a.stage_id
             OR b.forecast_category IS DISTINCT FROM a.forecast_category
             OR b.amount <> a.amount OR b.currency <> a.currency)
        AND COALESCE(a.deal_id, b.deal_id) > ${afterParam}::uuid
      ORDER BY 1
      LIMIT ${limitParam}`,
    params,
  );
  return { rows: rows.slice(0, first), hasMore: rows.length > first };
}

/** Per (category, currency): the snapshot's rows of the scope in the period against the live forecast. */
async function categoryDeltas(
  ctx: RequestContext,
  manager: EntityManager,
  snapshot: ForecastSnapshot,
  subject: ForecastSubject,
  period: Period,
): Promise<ForecastCategoryDelta[]> {
  const params: unknown[] = [snapshot.id, period.from, period.to, addDays(period.to, 1)];
  const scope = scopeSql(subject, params);
  const before: {
    category: ForecastCategory | null;
    currency: string;
    n: number;
    amount: string;
    weighted: string;
  }[] = await manager.query(
    `SELECT sd.forecast_category AS category, sd.currency, count(*)::int AS n, sum(sd.amount)::text AS amount,
              sum(sd.amount * 100 * sd.probability)::bigint::text AS weighted
         FROM crm.forecast_snapshot_deals sd
        WHERE sd.snapshot_id = $1 AND ${scope.before}
          AND ${inPeriodSql('sd', PERIOD_PARAMS)}
        GROUP BY 1, 2`,
    params,
  );
  const { parts } = await salesParts(ctx, {
    groupBy: [SalesDimension.FORECAST_CATEGORY],
    filter: forecastDealFilter(subject, period),
  });
  const now = centsByCurrency(parts, []);
  type Side = { n: number; cents: bigint; weighted: bigint };
  const zero = (): Side => ({ n: 0, cents: 0n, weighted: 0n });
  const table = new Map<
    string,
    { category: ForecastCategory; currency: string; before: Side; after: Side }
  >();
  const entry = (category: ForecastCategory, currency: string) => {
    const key = `${category} ${currency}`;
    if (!table.has(key)) table.set(key, { category, currency, before: zero(), after: zero() });
    return table.get(key)!;
  };
  for (const row of before) {
    const e = entry(row.category ?? ForecastCategory.OMITTED, row.currency.trim());
    e.before.n += row.n;
    e.before.cents += toCents(row.amount);
    // Hundredths of a cent × 100 (amount × 100 × percent): rounded half to even once per group.
    e.before.weighted += divideHalfEven(BigInt(row.weighted), 100n);
  }
  for (const [currency, cents] of now) {
    for (const [category, figures] of cents.categories) {
      if (figures.dealCount === 0) continue;
      const e = entry(category, currency);
      e.after = { n: figures.dealCount, cents: figures.cents, weighted: figures.weighted };
    }
  }
  const order = Object.values(ForecastCategory);
  return [...table.values()]
    .sort(
      (a, b) => order.indexOf(a.category) - order.indexOf(b.category) || (a.currency < b.currency ? -1 : 1),
    )
    .map((e) =>
      Object.assign(new ForecastCategoryDelta(), {
        category: e.category,
        currency: e.currency,
        countBefore: e.before.n,
        countAfter: e.after.n,
        countDelta: e.after.n - e.before.n,
        amountBefore: fromCents(e.before.cents),
        amountAfter: fromCents(e.after.cents),
        amountDelta: fromCents(e.after.cents - e.before.cents),
        weightedBefore: fromCents(e.before.weighted),
        weightedAfter: fromCents(e.after.weighted),
        weightedDelta: fromCents(e.after.weighted - e.before.weighted),
      }),
    );
}
