import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The live leads of `customer` (a SQL expression of a customer id) as a SELECT of their `id`, for
 * a statement that must stay one (the timeline's campaign touches): as a FROM item, `(${…}) l`,
 * it is pulled up into the statement (the plan of a direct join).
 */
export const leadsOfCustomerSql = (customer: Sql): Sql =>
  sql`SELECT l.id FROM crm.leads l WHERE l.customer_id = ${customer} AND l.deleted_at IS NULL`;

/** The id of the live lead whose id is `id` (an SQL expression). */
export const liveLeadIdSql = (id: string): string =>
  `SELECT le.id FROM crm.leads le WHERE le.id = ${id} AND le.deleted_at IS NULL LIMIT 1`;
