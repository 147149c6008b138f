import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The open tickets (OPEN or PENDING, live) of `customers` (a uuid[] parameter) as a SELECT
 * (customer_id) for another module's aggregate in one statement (`insights/`); as a FROM item it
 * is pulled up into the statement.
 */
export const openTicketsOfCustomersSql = (customers: Sql): Sql =>
  sql`SELECT t.customer_id FROM crm.tickets t
    WHERE t.customer_id = ANY(${customers}::uuid[]) AND t.deleted_at IS NULL AND t.status IN ('OPEN','PENDING')`;
