import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  CHANGED_DEALS,
  DELETED_FOR_GOOD,
  ELIGIBLE,
  dealsTrigger,
  rollupRefresh,
} from './1764234700000-CrmPartnerRollupVersions';

/**
 * The partner sales rollup's triggers without statements whose plan can turn quadratic in a bulk
 * write (the attribution backfill, a migration or import touching thousands of deals or leads).
 * PL/pgSQL keeps the plan of each statement for the session, and a plan is only as good as what
 * the planner knew when it made it:
 *
 * - `crm.partner_rollup_refresh` found the deals deleted for good with a `LATERAL (… LIMIT 1)`
 *   per id into `crm.partner_deal_contributions`. Without fresh statistics (a table that has just
 *   grown) the planner took the first match to be a few rows into a sequential scan, and read the
 *   whole table for each of a page's 2,000 ids: 0.8 s of a 2 s backfill page at 50,000 deals. It
 *   now asks, per distinct id, whether no deal and some contribution exist (two index probes).
 * - The UPDATE triggers of `crm.deals` and `crm.leads` joined their old and new transition tables
 *   on id with the plan made for the first statement of the session, typically one row: a nested
 *   loop, 1,700 × 1,700 comparisons for a page of the backfill (0.36 s). The join is now
 *   planned for each statement (EXECUTE), knowing the transition tables' sizes: a hash join when
 *   they are large.
 *
 * Same rows, same locks, same order: only the plans change. `test/partner-deal-rollup/` keeps
 * proving the figures; the attribution backfill of 50,000 generated deals took 14.5-16 s on
 * PostgreSQL and 17.8 s on the embedded one before, 6.4-7.9 s and 9.9 s after.
 */
const DELETED_FOR_GOOD_BY_PROBES = `ARRAY(
          SELECT u.id FROM (SELECT DISTINCT x AS id FROM unnest(ids) x) u
          WHERE NOT EXISTS (SELECT 1 FROM crm.deals d WHERE d.id = u.id)
            AND EXISTS (SELECT 1 FROM crm.partner_deal_contributions c WHERE c.deal_id = u.id))`;

/** What a new deal contributes (as CrmPartnerRollupVersions made the INSERT branch). */
const INSERTED = `PERFORM crm.partner_rollup_apply(ARRAY(
            SELECT n.id FROM new_deals n
            WHERE ${ELIGIBLE('n')}
            ORDER BY n.id));`;

/** Planned for each statement's transition tables (EXECUTE), not with the session's first plan. */
const planned = (deals: string) => `EXECUTE 'SELECT crm.partner_rollup_refresh(ARRAY(${deals}))';`;

const LEAD_DEALS = `SELECT d.id FROM new_leads n JOIN old_leads o ON o.id = n.id
          JOIN crm.deals d ON d.lead_id = n.id
          WHERE o.deleted_at IS DISTINCT FROM n.deleted_at`;

/** The leads' rollup trigger: a lead's deletion or restore moves what its deal counts as influenced. */
const leadsTrigger = (refresh: string) => `CREATE OR REPLACE FUNCTION crm.leads_partner_rollup()
      RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        ${refresh}
        RETURN NULL;
      END $$`;

export class CrmPartnerRollupPlans1764235200000 implements MigrationInterface {
  name = 'CrmPartnerRollupPlans1764235200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(rollupRefresh(DELETED_FOR_GOOD_BY_PROBES));
    await q.query(dealsTrigger(INSERTED, planned(CHANGED_DEALS)));
    await q.query(leadsTrigger(planned(LEAD_DEALS)));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(leadsTrigger(`PERFORM crm.partner_rollup_refresh(ARRAY(\n          ${LEAD_DEALS}));`));
    await q.query(dealsTrigger(INSERTED));
    await q.query(rollupRefresh(DELETED_FOR_GOOD));
  }
}
