/**
 * SQL pieces of the lead offers' table for set-based statements of other modules (CONTRIBUTING,
 * "A module owns its tables"): the scorecard's one statement over many (partner, period) keys.
 */

/**
 * A SELECT for a `CROSS JOIN LATERAL`: the offers made to partner `k.partner_id` in
 * [`k.start_at`, `k.end_at`): received, accepted, declined, expired, the acceptance rate of the
 * answered ones (4 decimals) and their median response in hours (2 decimals). `k` names the keys'
 * alias in the caller's statement.
 */
export const leadOfferStatsSql = (k: string): string => `
  SELECT count(*)::int AS received,
         count(*) FILTER (WHERE status = 'ACCEPTED')::int AS accepted,
         count(*) FILTER (WHERE status = 'DECLINED')::int AS declined,
         count(*) FILTER (WHERE status = 'EXPIRED')::int AS expired,
         round(count(*) FILTER (WHERE status = 'ACCEPTED')::numeric
               / nullif(count(*) FILTER (WHERE status IN ('ACCEPTED', 'DECLINED')), 0), 4)::float8 AS rate,
         round((percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM responded_at - offered_at))
                FILTER (WHERE status IN ('ACCEPTED', 'DECLINED')) / 3600)::numeric, 2)::float8 AS median_hours
  FROM prm.lead_offers
  WHERE partner_id = ${k}.partner_id AND offered_at >= ${k}.start_at AND offered_at < ${k}.end_at
    AND deleted_at IS NULL`;
