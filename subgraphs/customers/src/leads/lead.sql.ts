/**
 * SQL pieces of the leads' table for set-based statements of other modules (CONTRIBUTING, "A
 * module owns its tables"): a SELECT for a `CROSS JOIN LATERAL`, one primary-key probe.
 */

/** The id of the live lead whose id is `id` (an SQL expression). */
export const liveLeadIdSql = (id: string): string =>
  `SELECT le.id FROM crm.leads le WHERE le.id = ${id} AND le.deleted_at IS NULL LIMIT 1`;
