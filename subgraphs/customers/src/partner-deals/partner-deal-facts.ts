import { Directive, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import type { RequestContext } from '@sales-graph/shared/context';
import { BadUserInputError } from '@sales-graph/shared/errors';
import { DecimalScalar, LocalDateScalar } from '@sales-graph/shared/graphql/scalars';
import { DAY_MS } from '@sales-graph/shared/time';
import { DealStage } from '../deals';

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
  if (dealIds.length === 0 && leadIds.length === 0 && bySlot.length === 0) return [];
  const rows = (await ctx.dataSource.query(
    `WITH pk AS (
       SELECT * FROM unnest($7::uuid[], $8::int[]) AS pk(partner_id, slot)),
     sourced_ids AS (
       SELECT s.id, s.slot FROM unnest($1::uuid[], $2::int[]) AS s(id, slot)
       UNION
       -- A partner's deals from the projection (partner_attributions_partner_idx).
       SELECT a.record_id, pk.slot FROM pk
       CROSS JOIN LATERAL (
         SELECT a.record_id FROM crm.partner_attributions a
         WHERE a.partner_id = pk.partner_id AND a.role = 'SOURCED') a),
     lead_ids AS (
       SELECT l.id, l.slot FROM unnest($3::uuid[], $4::int[]) AS l(id, slot)
       UNION
       SELECT a.record_id, pk.slot FROM pk
       CROSS JOIN LATERAL (
         SELECT a.record_id FROM crm.partner_attributions a
         WHERE a.partner_id = pk.partner_id AND a.role IN ('ASSIGNED', 'REFERRED')) a
       WHERE NOT $9::boolean),
     -- (slot, id) pairs are unique (UNION) and a deal has at most one lead: no DISTINCT needed.
     sourced AS (
       SELECT s.slot, d.id, d.amount, d.currency, d.stage, d.created_at, d.closed_at
       FROM sourced_ids AS s
       -- One primary-key probe per id (LIMIT 1 keeps the planner from hashing all of crm.deals).
       CROSS JOIN LATERAL (
         SELECT * FROM crm.deals d WHERE d.id = s.id AND d.deleted_at IS NULL LIMIT 1) d),
     influenced AS (
       SELECT l.slot, d.id, d.amount, d.currency, d.stage, d.created_at, d.closed_at
       FROM lead_ids AS l
       CROSS JOIN LATERAL (
         SELECT le.id FROM crm.leads le WHERE le.id = l.id AND le.deleted_at IS NULL LIMIT 1) le
       CROSS JOIN LATERAL (
         SELECT * FROM crm.deals d WHERE d.lead_id = le.id AND d.deleted_at IS NULL LIMIT 1) d
       WHERE NOT EXISTS (SELECT 1 FROM sourced s WHERE s.slot = l.slot AND s.id = d.id)),
     facts AS (
       SELECT true AS own, * FROM sourced UNION ALL SELECT false AS own, * FROM influenced)
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
     GROUP BY f.slot, p.i, f.currency
     ORDER BY f.slot, p.i, f.currency`,
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
