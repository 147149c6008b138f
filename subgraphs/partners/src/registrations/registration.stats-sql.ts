/**
 * SQL pieces of the deal registrations' table for set-based statements of other modules
 * (CONTRIBUTING, "A module owns its tables"): the scorecard's one statement over many keys.
 */

/**
 * A SELECT for a `CROSS JOIN LATERAL`: `submitted`, the registrations partner `k.partner_id`
 * submitted in [`k.start_at`, `k.end_at`). `k` names the keys' alias in the caller's statement.
 */
export const registrationsSubmittedSql = (k: string): string => `
  SELECT count(*)::int AS submitted FROM prm.deal_registrations
  WHERE partner_id = ${k}.partner_id AND submitted_at >= ${k}.start_at AND submitted_at < ${k}.end_at
    AND deleted_at IS NULL`;
