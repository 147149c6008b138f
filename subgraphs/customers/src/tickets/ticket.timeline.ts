import { sql, type Sql } from '@sales-graph/shared/db/sql';

/** The customer's tickets, at their opening, as a source of its timeline (`timeline/`). */
export const ticketTimelineSource = (customer: Sql) => ({
  from: sql`crm.tickets x WHERE x.customer_id = ${customer} AND x.deleted_at IS NULL`,
  at: sql`x.opened_at`,
  id: sql`x.id`,
  label: sql`x.subject`,
  detail: sql`x.priority`,
});
