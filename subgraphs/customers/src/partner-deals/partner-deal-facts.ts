import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError } from '@sales-graph/shared/errors';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DAY_MS } from '@sales-graph/shared/time';
import { DealStage } from '../deals';
import { rollupRanges } from './partner-deal-rollup';

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

/**
 * The aggregates of every slot and period in ONE statement: live deals only; a lead counts only
 * while it is live, through the deal it became (at most one: `deals_lead_idx`).
 */
export async function partnerDealAggregates(
  ctx: RequestContext,
  input: PartnerDealAggregatesInput,
): Promise<PartnerDealAggregate[]> {
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
  const starts: string[] = [];
  const ends: string[] = [];
  for (const period of input.periods) {
    if (period.to < period.from)
      throw new BadUserInputError('period.to must not be before period.from', 'to');
    starts.push(`${period.from}T00:00:00Z`);
    ends.push(new Date(Date.parse(`${period.to}T00:00:00Z`) + DAY_MS).toISOString());
  }
  const partnerIds = (input.partnerIds ?? []).map((id) => (id == null ? null : partnerUuid(id)));
  if (partnerIds.length > input.dealCounts.length)
    throw new BadUserInputError('partnerIds must not have more entries than slots', 'partnerIds');
  const bySlot = partnerIds.flatMap((id, slot) => (id ? [{ id, slot }] : []));
  if (bySlot.some(({ slot }) => input.dealCounts[slot] + input.leadCounts[slot] > 0))
    throw new BadUserInputError('A slot given by its partner takes no ids', 'partnerIds');
  if (dealIds.length === 0 && leadIds.length === 0 && bySlot.length === 0) return [];
  const edges = input.periods.map(rollupRanges);
  const rows = (await ctx.dataSource.query(
    `WITH sourced AS (
       SELECT s.slot, d.id, d.amount, d.currency, d.stage, d.created_at, d.closed_at
       FROM (SELECT DISTINCT * FROM unnest($1::uuid[], $2::int[]) AS s(id, slot)) AS s
       -- One primary-key probe per id (LIMIT 1 keeps the planner from hashing all of crm.deals).
       CROSS JOIN LATERAL (
         SELECT * FROM crm.deals d WHERE d.id = s.id AND d.deleted_at IS NULL LIMIT 1) d),
     influenced AS (
       SELECT l.slot, d.id, d.amount, d.currency, d.stage, d.created_at, d.closed_at
       FROM (SELECT DISTINCT * FROM unnest($3::uuid[], $4::int[]) AS l(id, slot)) AS l
       CROSS JOIN LATERAL (
         SELECT le.id FROM crm.leads le WHERE le.id = l.id AND le.deleted_at IS NULL LIMIT 1) le
       CROSS JOIN LATERAL (
         SELECT * FROM crm.deals d WHERE d.lead_id = le.id AND d.deleted_at IS NULL LIMIT 1) d
       WHERE NOT EXISTS (SELECT 1 FROM sourced s WHERE s.slot = l.slot AND s.id = d.id)),
     facts AS (
       SELECT true AS own, * FROM sourced UNION ALL SELECT false AS own, * FROM influenced),
     by_ids AS (
       SELECT f.slot, (p.i - 1)::int AS period, f.currency,
              count(*) FILTER (WHERE f.own)::int AS sourced_deals,
              count(*) FILTER (WHERE NOT f.own)::int AS influenced_deals,
              ${money(`f.own AND ${OPEN} AND ${CREATED_IN}`)} AS sourced_pipeline,
              ${money(`NOT f.own AND ${OPEN} AND ${CREATED_IN}`)} AS influenced_pipeline,
              ${money(`f.own AND ${WON} AND ${CLOSED_IN}`)} AS won_revenue,
              ${money(`NOT f.own AND ${WON} AND ${CLOSED_IN}`)} AS influenced_won_revenue,
              count(*) FILTER (WHERE f.own AND ${WON} AND ${CLOSED_IN})::int AS deals_won,
              count(*) FILTER (WHERE f.own AND ${LOST} AND ${CLOSED_IN})::int AS deals_lost
       FROM facts f
       CROSS JOIN unnest($5::timestamptz[], $6::timestamptz[]) WITH ORDINALITY AS p(start_at, end_at, i)
       GROUP BY f.slot, p.i, f.currency),
     -- A partner's slot reads the rollup (partner-deal-rollup.ts): its all-time rows, the whole
     -- months of each period, and the days at either edge, each an index range of its own.
     rolled AS (
       SELECT pk.slot, pr.i, r.*
       FROM unnest($7::uuid[], $8::int[]) AS pk(partner_id, slot)
       CROSS JOIN unnest($10::date[], $11::date[], $12::date[], $13::date[]) WITH ORDINALITY
         AS pr(first_day, last_day, first_month, end_month, i)
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
              (CASE WHEN $9::boolean THEN 0 ELSE ${rolledAll('influenced')} END)::int AS influenced_deals,
              ${rolledMoney('sourced_open_amount')} AS sourced_pipeline,
              (CASE WHEN $9::boolean THEN 0 ELSE ${rolledSum('influenced_open_amount')} END)::numeric(18, 2)::text
                AS influenced_pipeline,
              ${rolledMoney('sourced_won_amount')} AS won_revenue,
              (CASE WHEN $9::boolean THEN 0 ELSE ${rolledSum('influenced_won_amount')} END)::numeric(18, 2)::text
                AS influenced_won_revenue,
              ${rolledCount('sourced_won')} AS deals_won,
              ${rolledCount('sourced_lost')} AS deals_lost
       FROM rolled r
       GROUP BY r.slot, r.i, r.currency
       HAVING ${rolledAll('sourced')} > 0 OR (NOT $9::boolean AND ${rolledAll('influenced')} > 0))
     SELECT * FROM by_ids UNION ALL SELECT * FROM by_partner
     ORDER BY slot, period, currency`,
    [
      dealIds,
      dealSlots,
      leadIds,
      leadSlots,
      starts,
      ends,
      bySlot.map((p) => p.id),
      bySlot.map((p) => p.slot),
      input.sourcedOnly === true,
      edges.map((e) => e.firstDay),
      edges.map((e) => e.lastDay),
      edges.map((e) => e.firstMonth),
      edges.map((e) => e.endMonth),
    ],
  )) as AggregateRow[];
  return rows.map((row) => ({
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
  }));
}
