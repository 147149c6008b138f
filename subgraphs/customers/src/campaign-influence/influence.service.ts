import type { RequestContext } from '@sales-graph/shared/context';
import { assertId, BadUserInputError } from '@sales-graph/shared/errors';
import type { Converter } from '@sales-graph/shared/graphql/convert';
import { fromCents } from '@sales-graph/shared/money';
import { groupBy } from '@sales-graph/shared/group-by';
import { converter } from '../exchange-rates';
import { param, raw, sql, toQuery, type Sql } from '@sales-graph/shared/db/sql';
import { campaignTouchesSql, LIVE_CAMPAIGNS_SQL, liveCampaignsIn, membersOfCampaignsSql } from '../campaigns';
import { contactsOfCustomerSql, LIVE_CONTACTS_SQL } from '../contacts';
import {
  DEAL_KEYS_SQL,
  DealFilter,
  DealStage,
  liveDealsByIdSql,
  liveDealsSql,
  readableDealsSql,
} from '../deals';
import {
  CampaignInfluence,
  CampaignInfluenceConverted,
  CampaignInfluenceModel,
  CampaignInfluenceRow,
  CampaignInfluenceTotal,
  CampaignReturnTotals,
  DealCampaignCredit,
  DealCampaignCreditsConverted,
} from './influence.types';

/** Rows one `campaignInfluence` answer may hold; more is BAD_USER_INPUT (filter the deals). */
export const MAX_INFLUENCE_ROWS = 10_000;
/** Campaigns one PRM call may ask the return of (an export page of MDF requests: 1,000). */
export const MAX_RETURN_CAMPAIGNS = 1_000;

/**
 * The credits of the deals `deals` selects (a statement answering the deal columns
 * DEAL_COLUMNS: id, amount, currency, stage, customer_id, lead_id, closed_at), as SQL ending in a
 * CTE `credit` (deal_id, campaign_id, currency, stage, cents, first_at, last_at). `model` (text)
 * and `now` (timestamptz) are bound once each. The touches are the campaigns' own fragment
 * (`campaignTouchesSql`) over the contacts' (`contactsOfCustomerSql`).
 *
 * A deal's touches are the campaign memberships of its lead and of its customer's contacts, each
 * at its enrolment instant (`created_at`), enrolled before the deal closed (`closed_at`) or, while
 * it is open, before `now`. Per campaign: its first and last touch. FIRST_TOUCH credits the whole
 * amount to the campaign of the earliest touch, LAST_TOUCH to that of the latest (ties: the lower
 * campaign id); EVEN_SPLIT gives each of the n campaigns amount/n in whole cents, rounded down,
 * and the remainder cents one each to the campaigns in the order of their first touch. So a deal's
 * credits always add up to its amount exactly. Per deal (LATERAL, so the reads follow the deals
 * selected, never the whole of contacts or memberships), two index paths joined with UNION ALL:
 * its lead's memberships; its customer's contacts → their memberships.
 */
export function creditSql(deals: Sql, modelParam: CampaignInfluenceModel, nowParam: Date): Sql {
  const [model, now] = [sql`${param(modelParam)}::text`, sql`${param(nowParam)}::timestamptz`];
  const touches = campaignTouchesSql({
    lead: raw('d.lead_id'),
    contacts: contactsOfCustomerSql(raw('d.customer_id')),
    before: sql`coalesce(d.closed_at, ${now})`,
  });
  return sql`WITH d AS (${deals}),
  t AS MATERIALIZED (
    SELECT d.id AS deal_id, x.campaign_id, x.at
      FROM d CROSS JOIN LATERAL (${touches}) x
  ),
  pc AS (
    SELECT t.deal_id, t.campaign_id, min(t.at) AS first_at, max(t.at) AS last_at
      FROM t JOIN (${LIVE_CAMPAIGNS_SQL}) cp ON cp.id = t.campaign_id
     GROUP BY t.deal_id, t.campaign_id
  ),
  ranked AS (
    SELECT pc.*,
           row_number() OVER (PARTITION BY pc.deal_id ORDER BY pc.first_at, pc.campaign_id) AS first_rank,
           row_number() OVER (PARTITION BY pc.deal_id ORDER BY pc.last_at DESC, pc.campaign_id) AS last_rank,
           count(*) OVER (PARTITION BY pc.deal_id) AS n
      FROM pc
  ),
  credit AS (
    SELECT r.deal_id, r.campaign_id, d.currency, d.stage, r.first_at, r.last_at,
           CASE WHEN ${model} = 'EVEN_SPLIT'
                THEN x.cents / r.n + CASE WHEN r.first_rank <= x.cents % r.n THEN 1 ELSE 0 END
                ELSE x.cents END AS cents
      FROM ranked r JOIN d ON d.id = r.deal_id
      CROSS JOIN LATERAL (SELECT round(d.amount * 100)::bigint AS cents) x
     WHERE ${model} = 'EVEN_SPLIT'
        OR (${model} = 'FIRST_TOUCH' AND r.first_rank = 1)
        OR (${model} = 'LAST_TOUCH' AND r.last_rank = 1)
  )`;
}

/** The deal columns `creditSql` reads. */
const DEAL_COLUMNS = ['id', 'amount', 'currency', 'stage', 'customer_id', 'lead_id', 'closed_at'] as const;

/** Runs a statement composed of fragments. */
async function run<T>(ctx: RequestContext, statement: Sql): Promise<T[]> {
  const { text, parameters } = toQuery(statement);
  return (await ctx.dataSource.query(text, parameters)) as T[];
}

/** Sums of credits per group, in cents (text: exact beyond 2^53). */
const TOTAL_COLUMNS = `credit.currency,
  coalesce(sum(credit.cents) FILTER (WHERE credit.stage NOT IN ('${DealStage.CLOSED_WON}', '${DealStage.CLOSED_LOST}')), 0)::text AS pipeline,
  coalesce(sum(credit.cents) FILTER (WHERE credit.stage = '${DealStage.CLOSED_WON}'), 0)::text AS won,
  coalesce(sum(credit.cents) FILTER (WHERE credit.stage = '${DealStage.CLOSED_LOST}'), 0)::text AS lost,
  count(DISTINCT credit.deal_id)::int AS deals,
  (count(DISTINCT credit.deal_id) FILTER (WHERE credit.stage NOT IN ('${DealStage.CLOSED_WON}', '${DealStage.CLOSED_LOST}')))::int AS open_deals,
  (count(DISTINCT credit.deal_id) FILTER (WHERE credit.stage = '${DealStage.CLOSED_WON}'))::int AS won_deals,
  (count(DISTINCT credit.deal_id) FILTER (WHERE credit.stage = '${DealStage.CLOSED_LOST}'))::int AS lost_deals`;

interface TotalRow {
  currency: string;
  pipeline: string;
  won: string;
  lost: string;
  deals: number;
  open_deals: number;
  won_deals: number;
  lost_deals: number;
}

function total<T extends CampaignInfluenceTotal>(into: T, row: TotalRow): T {
  return Object.assign(into, {
    currency: row.currency.trim(),
    pipeline: fromCents(BigInt(row.pipeline)),
    wonRevenue: fromCents(BigInt(row.won)),
    lostAmount: fromCents(BigInt(row.lost)),
    deals: row.deals,
    openDeals: row.open_deals,
    wonDeals: row.won_deals,
    lostDeals: row.lost_deals,
  });
}

/** `Deal.campaignInfluence(model)` of many deals in ONE statement (a request-scoped loader). */
export async function dealCampaignCredits(
  ctx: RequestContext,
  dealId: string,
  model: CampaignInfluenceModel,
): Promise<DealCampaignCredit[]> {
  const loader = ctx.loaders.get<string, DealCampaignCredit[]>(
    `campaignInfluence.deal.${model}`,
    async (ids) => {
      const rows = await run<{
        deal_id: string;
        campaign_id: string;
        currency: string;
        cents: string;
        first_at: Date;
        last_at: Date;
      }>(
        ctx,
        sql`${creditSql(liveDealsByIdSql(sql`${param(ids)}`, DEAL_COLUMNS), model, new Date())}
       SELECT deal_id, campaign_id, currency, cents::text AS cents, first_at, last_at FROM credit
        ORDER BY deal_id, first_at, campaign_id`,
      );
      const byDeal = groupBy(rows, (row) => row.deal_id);
      return ids.map((id) =>
        (byDeal.get(id) ?? []).map((row) =>
          Object.assign(new DealCampaignCredit(), {
            campaignId: row.campaign_id,
            amount: fromCents(BigInt(row.cents)),
            currency: row.currency.trim(),
            firstTouchAt: row.first_at,
            lastTouchAt: row.last_at,
          }),
        ),
      );
    },
  );
  return loader.load(dealId);
}

/**
 * The live deals any of `campaigns` (a uuid[] parameter) touched, as `creditSql` reads them: the
 * memberships' leads' deals and their contacts' customers' deals (each module's own fragment).
 */
export const dealsOfCampaignsSql = (campaigns: Sql): Sql => sql`SELECT deal.* FROM (
    SELECT dl.id FROM (${membersOfCampaignsSql(campaigns)}) m JOIN (${DEAL_KEYS_SQL}) dl ON dl.lead_id = m.lead_id
    UNION
    SELECT dl.id FROM (${membersOfCampaignsSql(campaigns)}) m
      JOIN (${LIVE_CONTACTS_SQL}) c ON c.id = m.contact_id
      JOIN (${DEAL_KEYS_SQL}) dl ON dl.customer_id = c.customer_id
  ) touched JOIN (${liveDealsSql(DEAL_COLUMNS)}) deal ON deal.id = touched.id`;

/** Influence totals per currency of many campaigns, in ONE statement. */
async function campaignTotals(
  ctx: RequestContext,
  campaignIds: readonly string[],
  model: CampaignInfluenceModel,
): Promise<Map<string, CampaignInfluenceTotal[]>> {
  const campaigns = sql`${param(campaignIds)}`;
  const rows = await run<TotalRow & { campaign_id: string }>(
    ctx,
    sql`${creditSql(dealsOfCampaignsSql(campaigns), model, new Date())}
     SELECT credit.campaign_id, ${raw(TOTAL_COLUMNS)} FROM credit
      WHERE credit.campaign_id = ANY(${campaigns}::uuid[])
      GROUP BY credit.campaign_id, credit.currency ORDER BY credit.campaign_id, credit.currency`,
  );
  const byCampaign = new Map<string, CampaignInfluenceTotal[]>();
  for (const row of rows) {
    const totals = byCampaign.get(row.campaign_id) ?? [];
    totals.push(total(new CampaignInfluenceTotal(), row));
    byCampaign.set(row.campaign_id, totals);
  }
  return byCampaign;
}

/** `Campaign.influence(model)`: batched across the campaigns of one request. */
export async function campaignInfluenceTotals(
  ctx: RequestContext,
  campaignId: string,
  model: CampaignInfluenceModel,
): Promise<CampaignInfluenceTotal[]> {
  const loader = ctx.loaders.get<string, CampaignInfluenceTotal[]>(
    `campaignInfluence.campaign.${model}`,
    async (ids) => {
      const byCampaign = await campaignTotals(ctx, ids, model);
      return ids.map((id) => byCampaign.get(id) ?? []);
    },
  );
  return loader.load(campaignId);
}

/** Normalised distinct campaign ids of a PRM call (malformed ones are NOT_FOUND). */
function campaignIdsOf(campaignIds: readonly string[]): string[] {
  const ids = [...new Set(campaignIds.map((id) => assertId('Campaign', id)))];
  if (ids.length > MAX_RETURN_CAMPAIGNS)
    throw new BadUserInputError(`At most ${MAX_RETURN_CAMPAIGNS} campaigns per call`, 'campaignIds');
  return ids;
}

/** Of these ids, the live campaigns, in id order. */
export async function existingCampaigns(
  ctx: RequestContext,
  campaignIds: readonly string[],
): Promise<string[]> {
  const ids = campaignIdsOf(campaignIds);
  if (ids.length === 0) return [];
  const rows = await run<{ id: string }>(ctx, liveCampaignsIn(sql`${param(ids)}`));
  return rows.map((row) => row.id);
}

/**
 * The PRM's MDF return: the totals of these campaigns (those that exist; others left out), in ONE
 * statement. Malformed ids are NOT_FOUND.
 */
export async function campaignReturns(
  ctx: RequestContext,
  campaignIds: readonly string[],
  model: CampaignInfluenceModel,
): Promise<CampaignReturnTotals[]> {
  const ids = campaignIdsOf(campaignIds);
  if (ids.length === 0) return [];
  const [existing, byCampaign] = await Promise.all([
    existingCampaigns(ctx, ids),
    campaignTotals(ctx, ids, model),
  ]);
  return existing.map((id) =>
    Object.assign(new CampaignReturnTotals(), { campaignId: id, totals: byCampaign.get(id) ?? [] }),
  );
}

/**
 * `campaignInfluence(model, filter)` for BI: the credits of the deals matching `filter` (the deals
 * list's) summed per campaign and currency, and per currency, in ONE statement (set-based SQL).
 */
export async function campaignInfluence(
  ctx: RequestContext,
  model: CampaignInfluenceModel,
  filter: DealFilter | null | undefined,
): Promise<CampaignInfluence> {
  const deals = await readableDealsSql(ctx, filter, DEAL_COLUMNS);
  const rows = await run<TotalRow & { campaign_id: string | null }>(
    ctx,
    sql`${creditSql(deals, model, new Date())}
     SELECT credit.campaign_id, ${raw(TOTAL_COLUMNS)} FROM credit
      GROUP BY GROUPING SETS ((credit.campaign_id, credit.currency), (credit.currency))
      ORDER BY credit.campaign_id NULLS LAST, credit.currency
      LIMIT ${raw(String(MAX_INFLUENCE_ROWS + 1000))}`,
  );
  const perCampaign = rows.filter((row) => row.campaign_id !== null);
  if (perCampaign.length > MAX_INFLUENCE_ROWS)
    throw new BadUserInputError(`More than ${MAX_INFLUENCE_ROWS} rows: filter the deals`, 'filter');
  return Object.assign(new CampaignInfluence(), {
    model,
    rows: perCampaign.map((row) =>
      Object.assign(total(new CampaignInfluenceRow(), row), { campaignId: row.campaign_id! }),
    ),
    totals: rows
      .filter((row) => row.campaign_id === null)
      .map((row) => total(new CampaignInfluenceTotal(), row)),
  });
}

/** Totals in several currencies merged into one total in the converter's currency. */
function mergeTotals<T extends CampaignInfluenceTotal>(
  into: T,
  totals: readonly CampaignInfluenceTotal[],
  using: Converter,
): T {
  const money = (pick: (total: CampaignInfluenceTotal) => string) =>
    using.sum(totals.map((total) => ({ amount: pick(total), currency: total.currency })));
  const count = (pick: (total: CampaignInfluenceTotal) => number) =>
    totals.reduce((n, total) => n + pick(total), 0);
  // A deal has one currency: its credits are in one per-currency total, so the counts add up.
  return Object.assign(into, {
    currency: using.currency,
    pipeline: money((total) => total.pipeline),
    wonRevenue: money((total) => total.wonRevenue),
    lostAmount: money((total) => total.lostAmount),
    deals: count((total) => total.deals),
    openDeals: count((total) => total.openDeals),
    wonDeals: count((total) => total.wonDeals),
    lostDeals: count((total) => total.lostDeals),
  });
}

/** `campaignInfluence(convert:)`: the rows and totals merged per campaign in one currency. */
export async function convertedCampaignInfluence(
  ctx: RequestContext,
  answer: CampaignInfluence,
  convert: { currency: string; at: string },
): Promise<CampaignInfluenceConverted> {
  const using = await converter(
    ctx,
    convert,
    answer.totals.map((total) => total.currency),
  );
  const perCampaign = groupBy(answer.rows, (row) => row.campaignId);
  return Object.assign(new CampaignInfluenceConverted(), {
    currency: using.currency,
    at: using.at,
    rows: [...perCampaign.entries()].map(([campaignId, rows]) =>
      Object.assign(mergeTotals(new CampaignInfluenceRow(), rows, using), { campaignId }),
    ),
    totals: answer.totals.length > 0 ? [mergeTotals(new CampaignInfluenceTotal(), answer.totals, using)] : [],
    rates: using.used(),
  });
}

/** `Campaign.convertedInfluence(model, convert)`: the campaign's totals (batched) in one currency. */
export async function convertedCampaignTotals(
  ctx: RequestContext,
  campaignId: string,
  model: CampaignInfluenceModel,
  convert: { currency: string; at: string },
): Promise<CampaignInfluenceConverted> {
  const totals = await campaignInfluenceTotals(ctx, campaignId, model);
  const using = await converter(
    ctx,
    convert,
    totals.map((total) => total.currency),
  );
  const merged = totals.length > 0 ? mergeTotals(new CampaignInfluenceRow(), totals, using) : null;
  return Object.assign(new CampaignInfluenceConverted(), {
    currency: using.currency,
    at: using.at,
    rows: merged ? [Object.assign(merged, { campaignId })] : [],
    totals: merged ? [mergeTotals(new CampaignInfluenceTotal(), totals, using)] : [],
    rates: using.used(),
  });
}

/** `Deal.convertedCampaignInfluence(model, convert)`: the deal's credits (batched), each converted. */
export async function convertedDealCredits(
  ctx: RequestContext,
  dealId: string,
  model: CampaignInfluenceModel,
  convert: { currency: string; at: string },
): Promise<DealCampaignCreditsConverted> {
  const credits = await dealCampaignCredits(ctx, dealId, model);
  const using = await converter(
    ctx,
    convert,
    credits.map((credit) => credit.currency),
  );
  return Object.assign(new DealCampaignCreditsConverted(), {
    currency: using.currency,
    at: using.at,
    credits: credits.map((credit) =>
      Object.assign(new DealCampaignCredit(), credit, {
        amount: using.convert([credit.amount], credit.currency),
        currency: using.currency,
      }),
    ),
    rates: using.used(),
  });
}
