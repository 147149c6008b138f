import { sql, type Sql } from '@sales-graph/shared/db/sql';

/** The customer's orders, when placed, as a source of its timeline (`timeline/`). */
export const orderTimelineSource = (customer: Sql) => ({
  from: sql`crm.orders x WHERE x.customer_id = ${customer} AND x.deleted_at IS NULL`,
  at: sql`x.ordered_at`,
  id: sql`x.id`,
  label: sql`x.order_number`,
  detail: sql`x.total_amount::text`,
  extra: sql`x.currency::text`,
});
