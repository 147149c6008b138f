/**
 * SQL pieces of the training tables for set-based statements of other modules (CONTRIBUTING, "A
 * module owns its tables"): the scorecard's one statement over many (partner, period) keys. Each
 * is a SELECT for a `CROSS JOIN LATERAL`; `k` names the keys' alias (`partner_id`, `start_at`,
 * `end_at`) in the caller's statement.
 */

/** `active`, the partner's certifications in force now, and `course_ids`, their courses. */
export const activeCertificationsSql = (k: string): string => `
  SELECT count(*)::int AS active, coalesce(array_agg(DISTINCT course_id::text), '{}') AS course_ids
  FROM prm.certifications
  WHERE partner_id = ${k}.partner_id AND expires_at > now() AND deleted_at IS NULL`;

/** `passed`, the partner's enrolments completed as PASSED in [`k.start_at`, `k.end_at`). */
export const trainingsPassedSql = (k: string): string => `
  SELECT count(*)::int AS passed FROM prm.enrolments
  WHERE partner_id = ${k}.partner_id AND status = 'PASSED' AND completed_at >= ${k}.start_at
    AND completed_at < ${k}.end_at AND deleted_at IS NULL`;
