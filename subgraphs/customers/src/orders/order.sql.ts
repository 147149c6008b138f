import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The orders of `customers` (a uuid[] parameter) that count as revenue: live and not cancelled,
 * as a SELECT (customer_id, currency, total_amount, ordered_at) for another module's aggregate
 * in one statement (`insights/`). Written as a FROM item, `(${…}) o`, it is pulled up into the
 * statement: the plan reads `orders` as if the aggregate named it.
 */
export const revenueOrdersOfCustomersSql = (customers: Sql): Sql =>
  sql`SELECT o.customer_id, o.currency, o.total_amount, o.ordered_at FROM crm.orders o
    WHERE o.customer_id = ANY(${customers}::uuid[]) AND o.deleted_at IS NULL AND o.status <> 'CANCELLED'`;
