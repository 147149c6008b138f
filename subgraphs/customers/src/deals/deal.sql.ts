import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The live deals of `customers` (a uuid[] parameter) as a SELECT (customer_id, currency, amount,
 * stage, channel, channel_partner_id) for another module's aggregate in one statement
 * (`insights/`). Written as a FROM item, `(${…}) d`, it is pulled up into the statement.
 */
export const liveDealsOfCustomersSql = (customers: Sql): Sql =>
  sql`SELECT d.customer_id, d.currency, d.amount, d.stage, d.channel, d.channel_partner_id FROM crm.deals d
    WHERE d.customer_id = ANY(${customers}::uuid[]) AND d.deleted_at IS NULL`;
