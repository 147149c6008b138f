import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The live contacts of `customer` (a SQL expression of a customer id) as a SELECT of their `id`,
 * for a statement that must stay one (the timeline's campaign touches, the campaign influence):
 * written as a FROM item, `(${…}) c`, it is pulled up into the statement, so the plan reads
 * `contacts_customer_id` as the direct join did.
 */
export const contactsOfCustomerSql = (customer: Sql): Sql =>
  sql`SELECT c.id FROM crm.contacts c WHERE c.customer_id = ${customer} AND c.deleted_at IS NULL`;

/** Every live contact (id, customer_id), as a FROM item to join through (it is pulled up). */
export const LIVE_CONTACTS_SQL: Sql = sql`SELECT c.id, c.customer_id FROM crm.contacts c WHERE c.deleted_at IS NULL`;
