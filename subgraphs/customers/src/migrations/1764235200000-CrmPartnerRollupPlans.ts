import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
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
 * PostgreSQL and 17.8 s on the embedded one before, 7.3-7.9 s and 9.9 s after.
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

const CHANGED_DEALS = `SELECT n.id FROM new_deals n JOIN old_deals o ON o.id = n.id
            WHERE (o.amount, o.currency, o.stage, o.created_at, o.closed_at, o.deleted_at, o.lead_id)
                  IS DISTINCT FROM (n.amount, n.currency, n.stage, n.created_at, n.closed_at, n.deleted_at, n.lead_id)`;

const DEALS_TRIGGER = `CREATE OR REPLACE FUNCTION crm.deals_partner_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${INSERTED}
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM crm.partner_rollup_refresh(ARRAY(SELECT o.id FROM old_deals o));
        ELSE
          -- Planned for this statement's transition tables (EXECUTE), not the session's first.
          EXECUTE 'SELECT ARRAY(${CHANGED_DEALS})' INTO changed;
          PERFORM crm.partner_rollup_refresh(changed);
        END IF;
        RETURN NULL;
      END $$`;

const LEAD_DEALS = `SELECT d.id FROM new_leads n JOIN old_leads o ON o.id = n.id
          JOIN crm.deals d ON d.lead_id = n.id
          WHERE o.deleted_at IS DISTINCT FROM n.deleted_at`;

const leadsTrigger = (planned: boolean) => `CREATE OR REPLACE FUNCTION crm.leads_partner_rollup()
      RETURNS trigger LANGUAGE plpgsql AS $$
      ${planned ? 'DECLARE\n        deals uuid[];\n      ' : ''}BEGIN
        ${
          planned
            ? `EXECUTE 'SELECT ARRAY(${LEAD_DEALS})' INTO deals;
        PERFORM crm.partner_rollup_refresh(deals);`
            : `PERFORM crm.partner_rollup_refresh(ARRAY(
          ${LEAD_DEALS}));`
        }
        RETURN NULL;
      END $$`;

export class CrmPartnerRollupPlans1764235200000 implements MigrationInterface {
  name = 'CrmPartnerRollupPlans1764235200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(rollupRefresh(DELETED_FOR_GOOD_BY_PROBES));
    await q.query(DEALS_TRIGGER);
    await q.query(leadsTrigger(true));
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(leadsTrigger(false));
    await q.query(dealsTrigger(INSERTED));
    await q.query(rollupRefresh(DELETED_FOR_GOOD));
  }
}
