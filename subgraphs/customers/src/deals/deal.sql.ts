import type { SelectQueryBuilder } from 'typeorm';
import type { RequestContext } from '@sales-graph/shared/context';
import { fromQuery, raw, sql, type Sql } from '@sales-graph/shared/db/sql';
import { applyListQuery } from '@sales-graph/shared/graphql/filters';
import { Deal } from './deal.entity';
import { DEAL_SEARCH, DealFilter } from './deal.filter';

/**
 * The live deals of `customers` (a uuid[] parameter) as a SELECT (customer_id, currency, amount,
 * stage, channel, channel_partner_id) for another module's aggregate in one statement
 * (`insights/`). Written as a FROM item, `(${…}) d`, it is pulled up into the statement.
 */
export const liveDealsOfCustomersSql = (customers: Sql): Sql =>
  sql`SELECT d.customer_id, d.currency, d.amount, d.stage, d.channel, d.channel_partner_id FROM crm.deals d
    WHERE d.customer_id = ANY(${customers}::uuid[]) AND d.deleted_at IS NULL`;

/** A deal column by its database name (a key of the entity's columns), for the selections below. */
type DealColumn = 'id' | 'amount' | 'currency' | 'stage' | 'customer_id' | 'lead_id' | 'closed_at';

const columnsSql = (alias: string, columns: readonly DealColumn[]) =>
  raw(columns.map((column) => `${alias}.${column}`).join(', '));

/** The live deals `ids` (a uuid[] parameter) as a SELECT of `columns`, for one statement of another module. */
export const liveDealsByIdSql = (ids: Sql, columns: readonly DealColumn[]): Sql =>
  sql`SELECT ${columnsSql('deal', columns)} FROM crm.deals deal WHERE deal.id = ANY(${ids}::uuid[]) AND deal.deleted_at IS NULL`;

/** Every live deal as a SELECT of `columns`: a FROM item another module joins to (it is pulled up). */
export const liveDealsSql = (columns: readonly DealColumn[]): Sql =>
  sql`SELECT ${columnsSql('deal', columns)} FROM crm.deals deal WHERE deal.deleted_at IS NULL`;

/** Every deal, deleted ones too, by its lead and customer (id, lead_id, customer_id): a FROM item to join through. */
export const DEAL_KEYS_SQL: Sql = sql`SELECT dl.id, dl.lead_id, dl.customer_id FROM crm.deals dl`;

/**
 * The deals the caller may read (its row scope) that match `filter` (the deals list's filter
 * and search rules, as `deals(filter)` reads them), as a query builder over alias `deal` for
 * another module to select and group from in one statement (sales analytics), or, through
 * `readableDealsSql`, to compose. The filter, the search and the row scope are the owner's.
 */
export async function readableDeals(
  ctx: RequestContext,
  filter: DealFilter | null | undefined,
): Promise<SelectQueryBuilder<Deal>> {
  const qb = ctx.dataSource.getRepository(Deal).createQueryBuilder('deal');
  applyListQuery(
    qb,
    ctx.identity,
    { typeName: 'Deal', filterType: DealFilter, searchIn: DEAL_SEARCH },
    { filter: filter ?? undefined },
  );
  return ctx.scope.where(qb);
}

/** `readableDeals` as a fragment: a SELECT of `columns` (named as they are). */
export async function readableDealsSql(
  ctx: RequestContext,
  filter: DealFilter | null | undefined,
  columns: readonly DealColumn[],
): Promise<Sql> {
  const qb = await readableDeals(ctx, filter);
  qb.select(columns.map((column) => `"deal"."${column}" AS ${column}`));
  const [text, parameters] = qb.getQueryAndParameters();
  return fromQuery(text, parameters);
}
