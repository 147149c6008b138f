import type { RequestContext } from '../../../../shared/src/context';
import { engagementContributionSql, ENGAGEMENT_WINDOW_DAYS } from './insights.rules';

export interface PurchaseFigures {
  lifetimeValue: string;
  orderCount: number;
  averageOrderValue: string | null;
  lastPurchaseAt: Date | null;
}

export interface PipelineFigures {
  openPipelineAmount: string;
  won: number;
  lost: number;
  winRate: number | null;
}

type Batch<V> = (customerIds: readonly string[]) => Promise<V[]>;

/** Runs one grouped statement for all customers and returns each customer's row, or `fallback`. */
function grouped<V>(
  ctx: RequestContext,
  sql: string,
  toValue: (row: Record<string, unknown>) => V,
  fallback: V,
): Batch<V> {
  return async (customerIds) => {
    const rows = (await ctx.dataSource.query(sql, [[...customerIds]])) as Record<string, unknown>[];
    const byCustomer = new Map(rows.map((row) => [String(row.customer_id), toValue(row)]));
    return customerIds.map((id) => byCustomer.get(id) ?? fallback);
  };
}

/** Orders that count as revenue: all but cancelled ones. Sums and the average are numeric in SQL. */
export const purchaseFigures = (ctx: RequestContext) =>
  ctx.loaders.get<string, PurchaseFigures>(
    'insights.purchases',
    grouped<PurchaseFigures>(
      ctx,
      `SELECT o.customer_id, sum(o.total_amount)::text AS lifetime_value, count(*)::int AS order_count,
         round(avg(o.total_amount), 2)::text AS average_order_value, max(o.ordered_at) AS last_purchase_at
       FROM crm.orders o
       WHERE o.customer_id = ANY($1::uuid[]) AND o.deleted_at IS NULL AND o.status <> 'CANCELLED'
       GROUP BY o.customer_id`,
      (row) => ({
        lifetimeValue: String(row.lifetime_value),
        orderCount: Number(row.order_count),
        averageOrderValue: String(row.average_order_value),
        lastPurchaseAt: row.last_purchase_at as Date,
      }),
      { lifetimeValue: '0.00', orderCount: 0, averageOrderValue: null, lastPurchaseAt: null },
    ),
  );

export const pipelineFigures = (ctx: RequestContext) =>
  ctx.loaders.get<string, PipelineFigures>(
    'insights.pipeline',
    grouped<PipelineFigures>(
      ctx,
      `SELECT d.customer_id,
         coalesce(sum(d.amount) FILTER (WHERE d.stage NOT IN ('CLOSED_WON','CLOSED_LOST')), 0)::text AS open_amount,
         count(*) FILTER (WHERE d.stage = 'CLOSED_WON')::int AS won,
         count(*) FILTER (WHERE d.stage = 'CLOSED_LOST')::int AS lost,
         (count(*) FILTER (WHERE d.stage = 'CLOSED_WON'))::float8
           / nullif(count(*) FILTER (WHERE d.stage IN ('CLOSED_WON','CLOSED_LOST')), 0) AS win_rate
       FROM crm.deals d
       WHERE d.customer_id = ANY($1::uuid[]) AND d.deleted_at IS NULL
       GROUP BY d.customer_id`,
      (row) => ({
        openPipelineAmount: String(row.open_amount),
        won: Number(row.won),
        lost: Number(row.lost),
        winRate: row.win_rate === null ? null : Number(row.win_rate),
      }),
      { openPipelineAmount: '0.00', won: 0, lost: 0, winRate: null },
    ),
  );

export const openTicketCount = (ctx: RequestContext) =>
  ctx.loaders.get<string, number>(
    'insights.openTickets',
    grouped(
      ctx,
      `SELECT t.customer_id, count(*)::int AS open
       FROM crm.tickets t
       WHERE t.customer_id = ANY($1::uuid[]) AND t.deleted_at IS NULL AND t.status IN ('OPEN','PENDING')
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
      `SELECT a.customer_id, least(100, round(sum(${engagementContributionSql()})))::int AS score
       FROM crm.activities a
       WHERE a.customer_id = ANY($1::uuid[]) AND a.deleted_at IS NULL
         AND a.occurred_at > now() - interval '${ENGAGEMENT_WINDOW_DAYS} days' AND a.occurred_at <= now()
         AND (a.type <> 'TASK' OR a.completed_at IS NOT NULL)
       GROUP BY a.customer_id`,
      (row) => Number(row.score),
      0,
    ),
  );
