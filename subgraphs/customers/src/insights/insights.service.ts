import type { RequestContext } from '@sales-graph/shared/context';
import { divideHalfEven, fromCents, toCents } from '@sales-graph/shared/money';
import { int, param, raw, sql, toQuery, type Sql } from '@sales-graph/shared/db/sql';
import { groupBy } from '@sales-graph/shared/group-by';
import { doneActivitiesOfCustomersSql } from '../activities';
import { liveDealsOfCustomersSql } from '../deals';
import { converter } from '../exchange-rates';
import { revenueOrdersOfCustomersSql } from '../orders';
import { openTicketsOfCustomersSql } from '../tickets';
import {
  ChannelInsights,
  ConvertedChannelInsights,
  CurrencyInsights,
  CustomerInsightsConverted,
} from './insights.entity';
import { engagementContributionSql, ENGAGEMENT_WINDOW_DAYS, figuresByCurrency } from './insights.rules';

/** One currency's order figures (orders not cancelled). */
export interface CurrencyPurchases {
  currency: string;
  lifetimeValue: string;
  orderCount: number;
  averageOrderValue: string | null;
}

export interface PurchaseFigures {
  /** The customer's primary currency (see primaryCurrencySql); null without orders or deals. */
  currency: string | null;
  /** Money figures in the primary currency; counts and dates over all currencies. */
  lifetimeValue: string;
  orderCount: number;
  averageOrderValue: string | null;
  lastPurchaseAt: Date | null;
  byCurrency: CurrencyPurchases[];
}

/** One currency's open pipeline (deals not closed). */
export interface CurrencyPipeline {
  currency: string;
  openPipelineAmount: string;
}

export interface PipelineFigures {
  currency: string | null;
  /** In the primary currency. */
  openPipelineAmount: string;
  won: number;
  lost: number;
  winRate: number | null;
  byCurrency: CurrencyPipeline[];
}

/**
 * CTE `primary_currency` (customer_id, currency) for the customers `customers` (uuid[]): the currency of most of
 * the customer's orders not cancelled; without orders (or on a tie), the one of most of its deals;
 * then the first currency code alphabetically. Both figure statements use it, so every money field
 * of one customer's insights is in the same currency. (A FULL JOIN rather than a UNION.)
 */
export const primaryCurrencySql = (customers: Sql): Sql => sql`
  order_currencies AS (
    SELECT o.customer_id, o.currency, count(*) AS orders FROM (${revenueOrdersOfCustomersSql(customers)}) o
    GROUP BY o.customer_id, o.currency),
  deal_currencies AS (
    SELECT d.customer_id, d.currency, count(*) AS deals FROM (${liveDealsOfCustomersSql(customers)}) d
    GROUP BY d.customer_id, d.currency),
  primary_currency AS (
    SELECT DISTINCT ON (c.customer_id) c.customer_id, c.currency
    FROM (SELECT coalesce(oc.customer_id, dc.customer_id) AS customer_id,
            coalesce(oc.currency, dc.currency) AS currency,
            coalesce(oc.orders, 0) AS orders, coalesce(dc.deals, 0) AS deals
          FROM order_currencies oc
          FULL JOIN deal_currencies dc ON dc.customer_id = oc.customer_id AND dc.currency = oc.currency) c
    ORDER BY c.customer_id, c.orders DESC, c.deals DESC, c.currency COLLATE "C")`;

type Batch<V> = (customerIds: readonly string[]) => Promise<V[]>;

/**
 * Runs one grouped statement for all customers (`statement` of the customer ids' parameter,
 * composed of the owners' fragments) and returns each customer's row, or `fallback`.
 */
function grouped<V>(
  ctx: RequestContext,
  statement: (customers: Sql) => Sql,
  toValue: (row: Record<string, unknown>) => V,
  fallback: V,
): Batch<V> {
  return async (customerIds) => {
    const { text, parameters } = toQuery(statement(sql`${param([...customerIds])}`));
    const rows = (await ctx.dataSource.query(text, parameters)) as Record<string, unknown>[];
    const byCustomer = new Map(rows.map((row) => [String(row.customer_id), toValue(row)]));
    return customerIds.map((id) => byCustomer.get(id) ?? fallback);
  };
}

/**
 * Orders that count as revenue: all but cancelled ones. Sums and averages are numeric in SQL, per
 * currency (never added across currencies); the top-level money figures are the primary currency's.
 */
export const purchaseFigures = (ctx: RequestContext) =>
  ctx.loaders.get<string, PurchaseFigures>(
    'insights.purchases',
    grouped<PurchaseFigures>(
      ctx,
      (customers) => sql`WITH ${primaryCurrencySql(customers)},
       per_currency AS (
         SELECT o.customer_id, o.currency, sum(o.total_amount) AS lifetime_value, count(*)::int AS order_count,
           round(avg(o.total_amount), 2) AS average_order_value, max(o.ordered_at) AS last_purchase_at
         FROM (${revenueOrdersOfCustomersSql(customers)}) o
         GROUP BY o.customer_id, o.currency)
       SELECT p.customer_id, p.currency,
         round(coalesce(sum(o.lifetime_value) FILTER (WHERE o.currency = p.currency), 0), 2)::text AS lifetime_value,
         coalesce(sum(o.order_count), 0)::int AS order_count,
         (sum(o.average_order_value) FILTER (WHERE o.currency = p.currency))::text AS average_order_value,
         max(o.last_purchase_at) AS last_purchase_at,
         coalesce(json_agg(json_build_object('currency', o.currency, 'lifetimeValue', o.lifetime_value::text,
             'orderCount', o.order_count, 'averageOrderValue', o.average_order_value::text)
           ORDER BY o.currency COLLATE "C") FILTER (WHERE o.currency IS NOT NULL), '[]') AS by_currency
       FROM primary_currency p LEFT JOIN per_currency o ON o.customer_id = p.customer_id
       GROUP BY p.customer_id, p.currency`,
      (row) => ({
        currency: row.currency as string,
        lifetimeValue: String(row.lifetime_value),
        orderCount: Number(row.order_count),
        averageOrderValue: row.average_order_value === null ? null : String(row.average_order_value),
        lastPurchaseAt: row.last_purchase_at as Date | null,
        byCurrency: row.by_currency as CurrencyPurchases[],
      }),
      {
        currency: null,
        lifetimeValue: '0.00',
        orderCount: 0,
        averageOrderValue: null,
        lastPurchaseAt: null,
        byCurrency: [],
      },
    ),
  );

export const pipelineFigures = (ctx: RequestContext) =>
  ctx.loaders.get<string, PipelineFigures>(
    'insights.pipeline',
    grouped<PipelineFigures>(
      ctx,
      (customers) => sql`WITH ${primaryCurrencySql(customers)},
       per_currency AS (
         SELECT d.customer_id, d.currency,
           sum(d.amount) FILTER (WHERE d.stage NOT IN ('CLOSED_WON','CLOSED_LOST')) AS open_amount,
           count(*) FILTER (WHERE d.stage = 'CLOSED_WON')::int AS won,
           count(*) FILTER (WHERE d.stage = 'CLOSED_LOST')::int AS lost
         FROM (${liveDealsOfCustomersSql(customers)}) d
         GROUP BY d.customer_id, d.currency)
       SELECT p.customer_id, p.currency,
         round(coalesce(sum(d.open_amount) FILTER (WHERE d.currency = p.currency), 0), 2)::text AS open_amount,
         coalesce(sum(d.won), 0)::int AS won,
         coalesce(sum(d.lost), 0)::int AS lost,
         sum(d.won)::float8 / nullif(sum(d.won) + sum(d.lost), 0) AS win_rate,
         coalesce(json_agg(json_build_object('currency', d.currency, 'openPipelineAmount', d.open_amount::text)
           ORDER BY d.currency COLLATE "C") FILTER (WHERE d.open_amount IS NOT NULL), '[]') AS by_currency
       FROM primary_currency p LEFT JOIN per_currency d ON d.customer_id = p.customer_id
       GROUP BY p.customer_id, p.currency`,
      (row) => ({
        currency: row.currency as string,
        openPipelineAmount: String(row.open_amount),
        won: Number(row.won),
        lost: Number(row.lost),
        winRate: row.win_rate === null ? null : Number(row.win_rate),
        byCurrency: row.by_currency as CurrencyPipeline[],
      }),
      { currency: null, openPipelineAmount: '0.00', won: 0, lost: 0, winRate: null, byCurrency: [] },
    ),
  );

export interface ChannelFigures {
  byChannel: ChannelInsights[];
  /** Partners of record of the customer's live deals (deals.channel_partner_id), by id. */
  partnerIds: string[];
}

/**
 * The customer's live deals split by channel and currency, and its partners of record, in ONE
 * statement for every customer of the request: the channel is the deal's own column (kept from
 * the attribution projection; README "Sales analytics").
 */
export const channelFigures = (ctx: RequestContext) =>
  ctx.loaders.get<string, ChannelFigures>(
    'insights.channels',
    grouped<ChannelFigures>(
      ctx,
      (customers) => sql`WITH per_channel AS (
         SELECT d.customer_id, d.channel, d.currency, count(*)::int AS deals,
           coalesce(sum(d.amount) FILTER (WHERE d.stage NOT IN ('CLOSED_WON','CLOSED_LOST')), 0) AS open_amount,
           coalesce(sum(d.amount) FILTER (WHERE d.stage = 'CLOSED_WON'), 0) AS won_amount,
           array_agg(DISTINCT d.channel_partner_id) FILTER (WHERE d.channel_partner_id IS NOT NULL) AS partners
         FROM (${liveDealsOfCustomersSql(customers)}) d
         GROUP BY d.customer_id, d.channel, d.currency)
       SELECT c.customer_id,
         json_agg(json_build_object('channel', c.channel, 'currency', c.currency, 'dealCount', c.deals,
             'openPipelineAmount', c.open_amount::text, 'wonRevenue', c.won_amount::text)
           ORDER BY c.channel COLLATE "C", c.currency COLLATE "C") AS by_channel,
         coalesce((SELECT array_agg(DISTINCT p ORDER BY p) FROM per_channel x CROSS JOIN unnest(x.partners) p
                   WHERE x.customer_id = c.customer_id), '{}')::text[] AS partner_ids
       FROM per_channel c GROUP BY c.customer_id`,
      (row) => ({
        byChannel: (row.by_channel as ChannelInsights[]).map((figures) =>
          Object.assign(new ChannelInsights(), figures),
        ),
        partnerIds: row.partner_ids as string[],
      }),
      { byChannel: [], partnerIds: [] },
    ),
  );

export const openTicketCount = (ctx: RequestContext) =>
  ctx.loaders.get<string, number>(
    'insights.openTickets',
    grouped(
      ctx,
      (customers) => sql`SELECT t.customer_id, count(*)::int AS open
       FROM (${openTicketsOfCustomersSql(customers)}) t
       GROUP BY t.customer_id`,
      (row) => Number(row.open),
      0,
    ),
  );

export const engagementScore = (ctx: RequestContext) =>
  ctx.loaders.get<string, number>(
    'insights.engagement',
    grouped(
      ctx,
      (
        customers,
      ) => sql`SELECT a.customer_id, least(100, round(sum(${raw(engagementContributionSql())})))::int AS score
       FROM (${doneActivitiesOfCustomersSql(customers)}) a
       WHERE a.occurred_at > now() - interval '${int(ENGAGEMENT_WINDOW_DAYS)} days' AND a.occurred_at <= now()
       GROUP BY a.customer_id`,
      (row) => Number(row.score),
      0,
    ),
  );

/** A customer's money figures per currency with orders or open deals (two batched loads). */
export async function currencyInsights(ctx: RequestContext, customerId: string): Promise<CurrencyInsights[]> {
  const [purchases, pipeline] = await Promise.all([
    purchaseFigures(ctx).load(customerId),
    pipelineFigures(ctx).load(customerId),
  ]);
  return figuresByCurrency(purchases.byCurrency, pipeline.byCurrency).map((row) =>
    Object.assign(new CurrencyInsights(), row),
  );
}

/**
 * `CustomerInsights.converted`: the customer's per-currency figures (the same three batched
 * statements as `byCurrency` and `byChannel`) converted at the request's rates (one more
 * statement for every customer of the request): so a list costs the same for 5 or 50 customers.
 */
export async function convertedInsights(
  ctx: RequestContext,
  customerId: string,
  convert: { currency: string; at: string },
): Promise<CustomerInsightsConverted> {
  const [purchases, pipeline, channels] = await Promise.all([
    purchaseFigures(ctx).load(customerId),
    pipelineFigures(ctx).load(customerId),
    channelFigures(ctx).load(customerId),
  ]);
  const using = await converter(ctx, convert, [
    ...purchases.byCurrency.map((row) => row.currency),
    ...pipeline.byCurrency.map((row) => row.currency),
    ...channels.byChannel.map((row) => row.currency),
  ]);
  const lifetimeValue = using.sum(
    purchases.byCurrency.map((row) => ({ amount: row.lifetimeValue, currency: row.currency })),
  );
  const orderCount = purchases.byCurrency.reduce((n, row) => n + row.orderCount, 0);
  const perChannel = groupBy(channels.byChannel, (row) => row.channel);
  const byChannel = [...perChannel.values()].map((rows) =>
    Object.assign(new ConvertedChannelInsights(), {
      channel: rows[0].channel,
      dealCount: rows.reduce((n, row) => n + row.dealCount, 0),
      openPipelineAmount: using.sum(
        rows.map((row) => ({ amount: row.openPipelineAmount, currency: row.currency })),
      ),
      wonRevenue: using.sum(rows.map((row) => ({ amount: row.wonRevenue, currency: row.currency }))),
    }),
  );
  return Object.assign(new CustomerInsightsConverted(), {
    currency: using.currency,
    at: using.at,
    lifetimeValue,
    orderCount,
    averageOrderValue:
      orderCount > 0 ? fromCents(divideHalfEven(toCents(lifetimeValue), BigInt(orderCount))) : null,
    openPipelineAmount: using.sum(
      pipeline.byCurrency.map((row) => ({ amount: row.openPipelineAmount, currency: row.currency })),
    ),
    byChannel,
    rates: using.used(),
  });
}
