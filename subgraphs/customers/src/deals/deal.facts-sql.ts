/**
 * SQL pieces of the deals' table for set-based statements of other modules (CONTRIBUTING, "A
 * module owns its tables"): each is a SELECT for a `CROSS JOIN LATERAL`, one index probe, the
 * columns a sales aggregate sums. `LIMIT 1` keeps the planner from hashing all of `crm.deals`.
 */
const FACTS = 'd.id, d.amount, d.currency, d.stage, d.created_at, d.closed_at';

/** The live deal whose id is `id` (an SQL expression). */
export const liveDealFactsSql = (id: string): string =>
  `SELECT ${FACTS} FROM crm.deals d WHERE d.id = ${id} AND d.deleted_at IS NULL LIMIT 1`;

/** The live deal the lead `leadId` (an SQL expression) became (at most one: `deals_lead_idx`). */
export const liveDealFactsOfLeadSql = (leadId: string): string =>
  `SELECT ${FACTS} FROM crm.deals d WHERE d.lead_id = ${leadId} AND d.deleted_at IS NULL LIMIT 1`;
