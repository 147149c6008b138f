import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The customer's activities as a source of its timeline (`timeline/`, one UNION ALL branch of its
 * one statement): the rows of `customer` (a SQL expression of the customer's id) read backwards
 * along `(customer_id, occurred_at, id)`, and the columns the entry shows.
 */
export const activityTimelineSource = (customer: Sql) => ({
  from: sql`crm.activities x WHERE x.customer_id = ${customer} AND x.deleted_at IS NULL`,
  at: sql`x.occurred_at`,
  id: sql`x.id`,
  dealId: sql`x.deal_id`,
  label: sql`x.subject`,
  detail: sql`x.type`,
  extra: sql`left(x.body, 280)`,
});
