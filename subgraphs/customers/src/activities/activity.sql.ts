import { sql, type Sql } from '@sales-graph/shared/db/sql';

/**
 * The activities of `customers` (a uuid[] parameter) that took place (live; a task only once
 * completed), as a SELECT (customer_id, type, occurred_at) for another module's aggregate in one
 * statement (`insights/`, which bounds `occurred_at` outside). As a FROM item it is pulled up
 * into the statement, the outer conditions with it, so the plan reads the activities' index as
 * if the aggregate named the table.
 */
export const doneActivitiesOfCustomersSql = (customers: Sql): Sql =>
  sql`SELECT a.customer_id, a.type, a.occurred_at FROM crm.activities a
    WHERE a.customer_id = ANY(${customers}::uuid[]) AND a.deleted_at IS NULL
      AND (a.type <> 'TASK' OR a.completed_at IS NOT NULL)`;
