import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError } from '@sales-graph/shared/errors';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DAY_MS } from '@sales-graph/shared/time';
import { DealStage, liveDealFactsOfLeadSql, liveDealFactsSql } from '../deals';
import { liveLeadIdSql } from '../leads';
import { rollupRanges } from './partner-deal-rollup';
import { groupBy } from '@sales-graph/shared/group-by';

/**
 * Sales aggregates of partners' deals, computed where the deals are. The PRM owns attributions
 * (which partner sourced which deal, which partner a lead came from) and sends them once per
 * request in a compact form: every id as its 16 bytes, all of them in one base64 string, grouped
 * by partner slot (`dealCounts[i]` ids for slot i, in order). The CRM owns the deals: it joins the
 * ids on `crm.deals` and answers sums and counts per slot, period and currency in ONE statement.
 * See README, "Partner performance".
 */

/** How many ids (deals plus leads) one call may carry: about 0.9 MB of base64, under the body limit. */
export const MAX_FACT_IDS = 40_000;
/** How many partner slots and periods one call may ask about. */
export const MAX_FACT_SLOTS = 1_000;
export const MAX_FACT_PERIODS = 16;

const H =
  'Service only (SERVICE identity), hidden from the public graph: partner sales aggregates for the PRM.';

@Directive('@inaccessible')
@InputType({ description: `${H} Whole calendar days, both ends included (UTC).` })
export class PartnerFactsPeriodInput {
  @Field(() => LocalDateScalar, { description: 'First day, included.' })
  from: string;

  @Field(() => LocalDateScalar, { description: 'Last day, included.' })
  to: string;
}

@Directive('@inaccessible')
@InputType({ description: H })
export class PartnerDealAggregatesInput {
  @Field(() => String, {
    description: 'Deals each slot sourced: base64 of their ids, 16 bytes each, grouped by slot.',
  })
  dealIds: string;

  @Field(() => [Int], { description: 'How many of `dealIds` belong to each slot, in order.' })
  dealCounts: number[];

  @Field(() => String, {
    description:
      'Leads of each slot (assigned or referred): base64 of their ids, 16 bytes each, grouped by slot.',
  })
  leadIds: string;

  @Field(() => [Int], {
    description: 'How many of `leadIds` belong to each slot; as many slots as `dealCounts`.',
  })
  leadCounts: number[];

  @Field(() => [PartnerFactsPeriodInput], { description: 'The periods to aggregate over.' })
  periods: PartnerFactsPeriodInput[];

  @Field(() => [ID], {
    nullable: 'itemsAndList',
    description:
      'The partner of each slot whose attributions the CRM reads from its projection (`crm.partner_attributions`) instead of the ids sent; null for a slot given by ids only. At most as many entries as slots.',
  })
  partnerIds?: (string | null)[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Projection slots count their sourced deals only (no leads): a row-scoped caller.',
  })
  sourcedOnly?: boolean | null;
}

@Directive('@inaccessible')
@ObjectType({
  description: `${H} One slot, period and currency. Sourced: the slot's deals; influenced: the deals its leads became that it did not source.`,
})
export class PartnerDealAggregate {
  @Field(() => Int, { description: 'Index of the slot in the input.' })
  slot: number;

  @Field(() => Int, { description: 'Index of the period in the input.' })
  period: number;

  @Field(() => String, { description: 'ISO 4217 currency; a row for every currency the slot has a deal in.' })
  currency: string;

  @Field(() => Int, { description: 'Sourced deals in this currency, whenever made.' })
  sourcedDeals: number;

  @Field(() => Int, { description: 'Influenced deals in this currency, whenever made.' })
  influencedDeals: number;

  @Field(() => DecimalScalar, { description: 'Sourced deals created in the period and still open.' })
  sourcedPipeline: string;

  @Field(() => DecimalScalar, { description: 'Influenced deals created in the period and still open.' })
  influencedPipeline: string;

  @Field(() => DecimalScalar, { description: 'Sourced deals won in the period.' })
  wonRevenue: string;

  @Field(() => DecimalScalar, { description: 'Influenced deals won in the period.' })
  influencedWonRevenue: string;

  @Field(() => Int, { description: 'Sourced deals won in the period.' })
  dealsWon: number;

  @Field(() => Int, { description: 'Sourced deals lost in the period.' })
  dealsLost: number;
}

/** `count` ids as uuid strings out of `bytes`, else BAD_USER_INPUT naming `field`. */
function uuids(base64: string, field: string): string[] {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw new BadUserInputError(`${field} must be base64`, field);
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.length % 16 !== 0) throw new BadUserInputError(`${field} must hold 16 bytes per id`, field);
  const hex = bytes.toString('hex');
  const ids: string[] = [];
  for (let at = 0; at < hex.length; at += 32) {
    const h = hex.slice(at, at + 32);
    ids.push(`${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`);
  }
  return ids;
}

function partnerUuid(id: string): string {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id))
    throw new BadUserInputError('partnerIds must be uuids', 'partnerIds');
  return id.toLowerCase();
}

/** The slot of each id, from the per-slot counts (which must add up to the ids). */
function slotsOf(counts: readonly number[], total: number, field: string): number[] {
  const slots: number[] = [];
  counts.forEach((count, slot) => {
    if (!Number.isInteger(count) || count < 0)
      throw new BadUserInputError(`${field} must not be negative`, field);
    for (let i = 0; i < count; i++) slots.push(slot);
  });
  if (slots.length !== total) throw new BadUserInputError(`${field} must add up to the ids sent`, field);
  return slots;
}

interface AggregateRow {
  slot: number;
  period: number;
  currency: string;
  sourced_deals: number;
  influenced_deals: number;
  sourced_pipeline: string;
  influenced_pipeline: string;
  won_revenue: string;
  influenced_won_revenue: string;
  deals_won: number;
  deals_lost: number;
}

const OPEN = `f.stage NOT IN ('${DealStage.CLOSED_WON}', '${DealStage.CLOSED_LOST}')`;
const CREATED_IN = `f.created_at >= p.start_at AND f.created_at < p.end_at`;
const CLOSED_IN = `f.closed_at >= p.start_at AND f.closed_at < p.end_at`;
const WON = `f.stage = '${DealStage.CLOSED_WON}'`;
const LOST = `f.stage = '${DealStage.CLOSED_LOST}'`;
const money = (filter: string) => `coalesce(sum(f.amount) FILTER (WHERE ${filter}), 0)::numeric(18, 2)::text`;
/** Rollup sums over a period's rows (grains M and D), and a role's deal count of all time (A). */
const rolledSum = (measure: string) => `coalesce(sum(r.${measure}) FILTER (WHERE r.grain <> 'A'), 0)`;
const rolledMoney = (measure: string) => `${rolledSum(measure)}::numeric(18, 2)::text`;
const rolledCount = (measure: string) => `${rolledSum(measure)}::int`;
const rolledAll = (role: string) =>
  `coalesce(sum(r.${role}_open + r.${role}_won + r.${role}_lost) FILTER (WHERE r.grain = 'A'), 0)::int`;

/** A call's input, checked: the ids by slot, the periods, the partners by slot. */
interface Parsed {
  dealIds: string[];
  dealSlots: number[];
  leadIds: string[];
  leadSlots: number[];
  periods: { from: string; to: string }[];
  partners: { id: string; slot: number }[];
  sourcedOnly: boolean;
}

function parse(input: PartnerDealAggregatesInput): Parsed {
  if (input.dealCounts.length !== input.leadCounts.length)
    throw new BadUserInputError('dealCounts and leadCounts must have one entry per slot', 'leadCounts');
  if (input.dealCounts.length > MAX_FACT_SLOTS)
    throw new BadUserInputError(`At most ${MAX_FACT_SLOTS} slots at a time`, 'dealCounts');
  if (input.periods.length === 0 || input.periods.length > MAX_FACT_PERIODS)
    throw new BadUserInputError(`Between 1 and ${MAX_FACT_PERIODS} periods at a time`, 'periods');
  // Bound the work before decoding: base64 holds 3 bytes in 4 characters.
  if (((input.dealIds.length + input.leadIds.length) / 4) * 3 > MAX_FACT_IDS * 16 + 6)
    throw new BadUserInputError(`At most ${MAX_FACT_IDS} ids at a time`, 'dealIds');
  const dealIds = uuids(input.dealIds, 'dealIds');
  const leadIds = uuids(input.leadIds, 'leadIds');
  const dealSlots = slotsOf(input.dealCounts, dealIds.length, 'dealCounts');
  const leadSlots = slotsOf(input.leadCounts, leadIds.length, 'leadCounts');
  for (const period of input.periods) {
    if (period.to < period.from)
      throw new BadUserInputError('period.to must not be before period.from', 'to');
  }
  const partnerIds = (input.partnerIds ?? []).map((id) => (id == null ? null : partnerUuid(id)));
  if (partnerIds.length > input.dealCounts.length)
    throw new BadUserInputError('partnerIds must not have more entries than slots', 'partnerIds');
  const partners = partnerIds.flatMap((id, slot) => (id ? [{ id, slot }] : []));
  if (partners.some(({ slot }) => input.dealCounts[slot] + input.leadCounts[slot] > 0))
    throw new BadUserInputError('A slot given by its partner takes no ids', 'partnerIds');
  return {
    dealIds,
    dealSlots,
    leadIds,
    leadSlots,
    periods: input.periods.map(({ from, to }) => ({ from, to })),
    partners,
    sourcedOnly: input.sourcedOnly === true,
  };
}

const toAggregate = (row: AggregateRow): PartnerDealAggregate => ({
  slot: row.slot,
  period: row.period,
  currency: row.currency,
  sourcedDeals: row.sourced_deals,
  influencedDeals: row.influenced_deals,
  sourcedPipeline: row.sourced_pipeline,
  influencedPipeline: row.influenced_pipeline,
  wonRevenue: row.won_revenue,
  influencedWonRevenue: row.influenced_won_revenue,
  dealsWon: row.deals_won,
  dealsLost: row.deals_lost,
});

/**
 * The aggregates of every slot and period in ONE statement: live deals only; a lead counts only
 * while it is live, through the deal it became (at most one). Only the parts the call needs: the
 * ids part when ids are sent, the rollup part when partners are. With `withVersions`, also each
 * partner slot's rollup version (`crm.partner_rollup_versions`), read in the same snapshot as its
 * figures.
 */
async function aggregate(
  db: Pick<RequestContext['dataSource'], 'query'>,
  call: Parsed,
  withVersions: boolean,
): Promise<{ rows: PartnerDealAggregate[]; versions: Map<number, string> }> {
  const params: unknown[] = [];
  const $ = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  const parts: string[] = [];
  const selects: string[] = [];
  if (call.dealIds.length + call.leadIds.length > 0) {
    const starts = call.periods.map((p) => `${p.from}T00:00:00Z`);
    const ends = call.periods.map((p) => new Date(Date.parse(`${p.to}T00:00:00Z`) + DAY_MS).toISOString());
    parts.push(`sourced AS (
       SELECT s.slot, d.*
       FROM (SELECT DISTINCT * FROM unnest(${$(call.dealIds)}::uuid[], ${$(call.dealSlots)}::int[]) AS s(id, slot)) AS s
       CROSS JOIN LATERAL (${liveDealFactsSql('s.id')}) d),
     influenced AS (
       SELECT l.slot, d.*
       FROM (SELECT DISTINCT * FROM unnest(${$(call.leadIds)}::uuid[], ${$(call.leadSlots)}::int[]) AS l(id, slot)) AS l
       CROSS JOIN LATERAL (${liveLeadIdSql('l.id')}) le
       CROSS JOIN LATERAL (${liveDealFactsOfLeadSql('le.id')}) d
       WHERE NOT EXISTS (SELECT 1 FROM sourced s WHERE s.slot = l.slot AND s.id = d.id)),
     facts AS (
       SELECT true AS own, * FROM sourced UNION ALL SELECT false AS own, * FROM influenced),
     by_ids AS (
       SELECT f.slot, (p.i - 1)::int AS period, f.currency::text AS currency,
              count(*) FILTER (WHERE f.own)::int AS sourced_deals,
              count(*) FILTER (WHERE NOT f.own)::int AS influenced_deals,
              ${money(`f.own AND ${OPEN} AND ${CREATED_IN}`)} AS sourced_pipeline,
              ${money(`NOT f.own AND ${OPEN} AND ${CREATED_IN}`)} AS influenced_pipeline,
              ${money(`f.own AND ${WON} AND ${CLOSED_IN}`)} AS won_revenue,
              ${money(`NOT f.own AND ${WON} AND ${CLOSED_IN}`)} AS influenced_won_revenue,
              count(*) FILTER (WHERE f.own AND ${WON} AND ${CLOSED_IN})::int AS deals_won,
              count(*) FILTER (WHERE f.own AND ${LOST} AND ${CLOSED_IN})::int AS deals_lost
       FROM facts f
       CROSS JOIN unnest(${$(starts)}::timestamptz[], ${$(ends)}::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, i)
       GROUP BY f.slot, p.i, f.currency)`);
    selects.push(`SELECT *, NULL::text AS version FROM by_ids`);
  }
  if (call.partners.length > 0) {
    const edges = call.periods.map(rollupRanges);
    const keys = `unnest(${$(call.partners.map((p) => p.id))}::uuid[], ${$(call.partners.map((p) => p.slot))}::int[])
         AS pk(partner_id, slot)`;
    const sourcedOnly = `${$(call.sourcedOnly)}::boolean`;
    // A partner's slot reads the rollup (partner-deal-rollup.ts): its all-time rows, the whole
    // months of each period, and the days at either edge, each an index range of its own.
    parts.push(`rolled AS (
       SELECT pk.slot, pr.i, r.*
       FROM ${keys}
       CROSS JOIN unnest(${$(edges.map((e) => e.firstDay))}::date[], ${$(edges.map((e) => e.lastDay))}::date[],
                         ${$(edges.map((e) => e.firstMonth))}::date[], ${$(edges.map((e) => e.endMonth))}::date[])
         WITH ORDINALITY AS pr(first_day, last_day, first_month, end_month, i)
       CROSS JOIN LATERAL (
         SELECT * FROM crm.partner_deal_rollup r
         WHERE r.partner_id = pk.partner_id AND r.grain = 'A' AND r.bucket = '-infinity'
         UNION ALL
         SELECT * FROM crm.partner_deal_rollup r
         WHERE r.partner_id = pk.partner_id AND r.grain = 'M'
           AND r.bucket >= pr.first_month AND r.bucket < pr.end_month
         UNION ALL
         SELECT * FROM crm.partner_deal_rollup r
         WHERE r.partner_id = pk.partner_id AND r.grain = 'D'
           AND r.bucket >= pr.first_day AND r.bucket < pr.first_month
         UNION ALL
         SELECT * FROM crm.partner_deal_rollup r
         WHERE r.partner_id = pk.partner_id AND r.grain = 'D'
           AND r.bucket >= pr.end_month AND r.bucket <= pr.last_day) r),
     by_partner AS (
       SELECT r.slot, (r.i - 1)::int AS period, r.currency::text AS currency,
              ${rolledAll('sourced')} AS sourced_deals,
              (CASE WHEN ${sourcedOnly} THEN 0 ELSE ${rolledAll('influenced')} END)::int AS influenced_deals,
              ${rolledMoney('sourced_open_amount')} AS sourced_pipeline,
              (CASE WHEN ${sourcedOnly} THEN 0 ELSE ${rolledSum('influenced_open_amount')} END)::numeric(18, 2)::text
                AS influenced_pipeline,
              ${rolledMoney('sourced_won_amount')} AS won_revenue,
              (CASE WHEN ${sourcedOnly} THEN 0 ELSE ${rolledSum('influenced_won_amount')} END)::numeric(18, 2)::text
                AS influenced_won_revenue,
              ${rolledCount('sourced_won')} AS deals_won,
              ${rolledCount('sourced_lost')} AS deals_lost
       FROM rolled r
       GROUP BY r.slot, r.i, r.currency
       HAVING ${rolledAll('sourced')} > 0 OR (NOT ${sourcedOnly} AND ${rolledAll('influenced')} > 0))`);
    selects.push(`SELECT *, NULL::text AS version FROM by_partner`);
    // One row a partner slot, period -1: its rollup version (0: unchanged since the rollup's build).
    if (withVersions)
      selects.push(`SELECT pk.slot, -1, '', 0, 0, '', '', '', '', 0, 0, coalesce(v.version, 0)::text
       FROM ${keys} LEFT JOIN crm.partner_rollup_versions v ON v.partner_id = pk.partner_id`);
  }
  if (selects.length === 0) return { rows: [], versions: new Map() };
  const rows = (await db.query(
    `WITH ${parts.join(',\n     ')}
     ${selects.join('\n     UNION ALL ')}
     ORDER BY slot, period, currency`,
    params,
  )) as (AggregateRow & { version: string | null })[];
  return {
    rows: rows.filter((row) => row.version === null).map(toAggregate),
    versions: new Map(rows.flatMap((row) => (row.version === null ? [] : [[row.slot, row.version]]))),
  };
}

/** The aggregates of every slot and period, summed now (one statement). */
export async function partnerDealAggregates(
  ctx: RequestContext,
  input: PartnerDealAggregatesInput,
): Promise<PartnerDealAggregate[]> {
  return (await aggregate(ctx.dataSource, parse(input), false)).rows;
}

/** A partner's figures as last answered: per period (`from|to`), its rows (without slot and period). */
interface CachedFigures {
  version: string;
  periods: Map<string, Omit<PartnerDealAggregate, 'slot' | 'period'>[]>;
}

/** Partners (× sourced-only or not) whose figures a CRM process keeps, and periods a partner. */
export const CACHED_PARTNERS = 20_000;
export const CACHED_PERIODS = 16;
const caches = new WeakMap<object, Map<string, CachedFigures>>();

/** The partners' rollup versions now (0: no change since the rollup was built). */
async function rollupVersions(
  db: Pick<RequestContext['dataSource'], 'query'>,
  partnerIds: readonly string[],
): Promise<Map<string, string>> {
  const rows: { id: string; version: string }[] = await db.query(
    `SELECT u.id::text AS id, coalesce(v.version, 0)::text AS version
     FROM unnest($1::uuid[]) AS u(id) LEFT JOIN crm.partner_rollup_versions v ON v.partner_id = u.id`,
    [partnerIds],
  );
  return new Map(rows.map((row) => [row.id, row.version]));
}

/**
 * `partnerDealAggregates` of the API: a partner slot's figures of a period are kept (per CRM
 * process and database) with the partner's rollup version, and answered again while that
 * version stands. Every change of a partner's rollup draws it a new version in the writer's
 * transaction (migration CrmPartnerRollupVersions), and a version is never drawn twice, so a kept
 * figure is never stale: a call whose partners are all kept costs one statement of primary-key
 * probes on the versions; the others (and every slot sent as ids) are summed now, with their
 * versions read in the same statement. No partner of the call kept with all its periods: no
 * version statement first.
 */
export async function cachedPartnerDealAggregates(
  ctx: RequestContext,
  input: PartnerDealAggregatesInput,
): Promise<PartnerDealAggregate[]> {
  const call = parse(input);
  let cache = caches.get(ctx.dataSource);
  if (!cache) caches.set(ctx.dataSource, (cache = new Map()));
  const keyOf = (partnerId: string) => `${call.sourcedOnly ? 'S' : 'A'}|${partnerId}`;
  const periodKeys = call.periods.map((p) => `${p.from}|${p.to}`);
  const hits: { slot: number; figures: CachedFigures }[] = [];
  let misses = call.partners;
  const kept = (partnerId: string): CachedFigures | undefined => {
    const figures = cache.get(keyOf(partnerId));
    return figures && periodKeys.every((k) => figures.periods.has(k)) ? figures : undefined;
  };
  if (call.partners.some((p) => kept(p.id))) {
    const versions = await rollupVersions(
      ctx.dataSource,
      call.partners.map((p) => p.id),
    );
    misses = [];
    for (const partner of call.partners) {
      const figures = kept(partner.id);
      if (figures && figures.version === versions.get(partner.id)) hits.push({ slot: partner.slot, figures });
      else misses.push(partner);
    }
  }
  const fresh = await aggregate(ctx.dataSource, { ...call, partners: misses }, true);
  const bySlot = groupBy(fresh.rows, (row) => row.slot);
  for (const partner of misses) {
    const version = fresh.versions.get(partner.slot)!;
    const key = keyOf(partner.id);
    const before = cache.get(key);
    const figures = before?.version === version ? before : { version, periods: new Map() };
    periodKeys.forEach((periodKey, period) => {
      figures.periods.delete(periodKey);
      figures.periods.set(
        periodKey,
        (bySlot.get(partner.slot) ?? [])
          .filter((row) => row.period === period)
          .map(({ slot: _slot, period: _period, ...rest }) => rest),
      );
    });
    for (const oldest of figures.periods.keys()) {
      if (figures.periods.size <= CACHED_PERIODS) break;
      figures.periods.delete(oldest);
    }
    cache.delete(key);
    cache.set(key, figures);
  }
  for (const partner of call.partners) {
    // Most recently used last; the least recently used go first beyond the bound.
    const key = keyOf(partner.id);
    const figures = cache.get(key);
    if (figures && !misses.includes(partner)) {
      cache.delete(key);
      cache.set(key, figures);
    }
  }
  for (const oldest of cache.keys()) {
    if (cache.size <= CACHED_PARTNERS) break;
    cache.delete(oldest);
  }
  const rows = [
    ...fresh.rows,
    ...hits.flatMap(({ slot, figures }) =>
      periodKeys.flatMap((periodKey, period) =>
        figures.periods.get(periodKey)!.map((row) => ({ slot, period, ...row })),
      ),
    ),
  ];
  return rows.sort(
    (a, b) =>
      a.slot - b.slot ||
      a.period - b.period ||
      (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
  );
}
