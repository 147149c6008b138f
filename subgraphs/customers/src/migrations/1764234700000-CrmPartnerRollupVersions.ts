import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A version per partner of its sales rollup, and the rollup's refresh made set-based (README
 * "Partner performance at scale", partner-deals/partner-deal-facts.ts):
 *
 * - `crm.partner_rollup_versions`: per partner, the version of its rollup rows, a value of
 *   `crm.partner_rollup_version_seq` drawn by every transaction that changes them (in the same
 *   transaction: `crm.partner_rollup_touch`). A value is never drawn twice, so a partner whose
 *   version reads the same as when its figures were summed has the same figures: the CRM keeps
 *   the figures it answered per (partner, period) and answers them again while the version stands.
 *   No row: the rollup as the migration CrmPartnerDealRollup built it (version 0).
 * - `crm.partner_rollup_refresh(ids)` locks the deals that contributed or can contribute in ONE
 *   statement (`... ORDER BY id FOR UPDATE`), not a loop of one probe and lock per id, then
 *   `crm.partner_rollup_apply(deals)` takes their stored contributions out, puts the current ones
 *   in and touches every partner of either.
 * - The INSERT trigger of `crm.deals` tests which new deals the projection names once, and applies
 *   them directly: a new deal has no stored contribution and is this transaction's own row (nothing
 *   to lock), so the refresh's second test of the same thing is skipped.
 */
export const ELIGIBLE = (deal: string) => `EXISTS (SELECT 1 FROM crm.partner_attributions s
                          WHERE s.record_id = ${deal}.id AND s.role = 'SOURCED' AND s.partner_id IS NOT NULL)
               OR EXISTS (SELECT 1 FROM crm.partner_attributions a
                          WHERE ${deal}.lead_id IS NOT NULL AND a.record_id = ${deal}.lead_id
                            AND a.role IN ('ASSIGNED', 'REFERRED') AND a.partner_id IS NOT NULL)`;

/** Deals deleted for good (their deleter holds their lock) leave their contributions to take out. */
export const DELETED_FOR_GOOD = `ARRAY(
          SELECT DISTINCT c.deal_id FROM unnest(ids) AS u(id)
          JOIN LATERAL (SELECT c.deal_id FROM crm.partner_deal_contributions c WHERE c.deal_id = u.id LIMIT 1) c ON true
          WHERE NOT EXISTS (SELECT 1 FROM crm.deals d WHERE d.id = c.deal_id))`;

/** The refresh: the deals that contributed or can contribute, locked, then applied. */
export const rollupRefresh = (
  deletedForGood: string,
) => `CREATE OR REPLACE FUNCTION crm.partner_rollup_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        deals uuid[];
      BEGIN
        IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
        -- Only deals that contributed or can contribute now, locked in ONE statement, in id order,
        -- so that every writer of a deal's figures (a deal update, a projection apply, a lead
        -- deletion) takes turns and each statement below sees the committed work of the one before.
        deals := ARRAY(
          SELECT d.id FROM crm.deals d
          WHERE d.id = ANY(ids) AND (
            EXISTS (SELECT 1 FROM crm.partner_deal_contributions c WHERE c.deal_id = d.id)
            OR ${ELIGIBLE('d')})
          ORDER BY d.id
          FOR UPDATE OF d);
        deals := deals || ${deletedForGood};
        PERFORM crm.partner_rollup_apply(deals);
      END $$`;

/** The deals an UPDATE of `crm.deals` changed in anything a figure reads (transition tables). */
export const CHANGED_DEALS = `SELECT n.id FROM new_deals n JOIN old_deals o ON o.id = n.id
            WHERE (o.amount, o.currency, o.stage, o.created_at, o.closed_at, o.deleted_at, o.lead_id)
                  IS DISTINCT FROM (n.amount, n.currency, n.stage, n.created_at, n.closed_at, n.deleted_at, n.lead_id)`;

/** The deals' rollup trigger, with its INSERT branch and (unless given) this migration's UPDATE branch. */
export const dealsTrigger = (
  insert: string,
  update = `PERFORM crm.partner_rollup_refresh(ARRAY(
            ${CHANGED_DEALS}));`,
) => `CREATE OR REPLACE FUNCTION crm.deals_partner_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          ${insert}
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM crm.partner_rollup_refresh(ARRAY(SELECT o.id FROM old_deals o));
        ELSE
          ${update}
        END IF;
        RETURN NULL;
      END $$`;

export class CrmPartnerRollupVersions1764234700000 implements MigrationInterface {
  name = 'CrmPartnerRollupVersions1764234700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SEQUENCE crm.partner_rollup_version_seq`);
    // Started at the clock (µs), so that a re-run of this migration draws no value drawn before.
    await q.query(
      `SELECT setval('crm.partner_rollup_version_seq', (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)`,
    );
    await q.query(`CREATE TABLE crm.partner_rollup_versions (
      partner_id uuid PRIMARY KEY,
      version bigint NOT NULL
    )`);
    // A fresh version for each partner, in partner order (two writers touch in the same order).
    await q.query(`CREATE FUNCTION crm.partner_rollup_touch(partners uuid[]) RETURNS void LANGUAGE sql AS $$
        INSERT INTO crm.partner_rollup_versions AS v (partner_id, version)
        SELECT p.id, nextval('crm.partner_rollup_version_seq')
        FROM (SELECT DISTINCT x AS id FROM unnest(partners) x WHERE x IS NOT NULL ORDER BY 1) p
        ON CONFLICT (partner_id) DO UPDATE SET version = EXCLUDED.version
      $$`);
    // Out with the deals' stored contributions, in with the current ones; their partners touched.
    await q.query(`CREATE FUNCTION crm.partner_rollup_apply(deals uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid[];
      BEGIN
        IF coalesce(cardinality(deals), 0) = 0 THEN RETURN; END IF;
        PERFORM crm.partner_rollup_add(deals, -1);
        WITH gone AS (DELETE FROM crm.partner_deal_contributions c WHERE c.deal_id = ANY(deals) RETURNING c.partner_id)
        SELECT coalesce(array_agg(partner_id), '{}') INTO touched FROM gone;
        WITH made AS (
          INSERT INTO crm.partner_deal_contributions SELECT * FROM crm.partner_deal_contributions_of(deals)
          RETURNING partner_id)
        SELECT touched || coalesce(array_agg(partner_id), '{}') INTO touched FROM made;
        PERFORM crm.partner_rollup_add(deals, 1);
        PERFORM crm.partner_rollup_touch(touched);
      END $$`);
    await q.query(rollupRefresh(DELETED_FOR_GOOD));
    // A new deal counts only if the projection already names it or its lead: tested once, here (a
    // bulk insert of deals without attributions costs one probe each, no lock).
    await q.query(
      dealsTrigger(`PERFORM crm.partner_rollup_apply(ARRAY(
            SELECT n.id FROM new_deals n
            WHERE ${ELIGIBLE('n')}
            ORDER BY n.id));`),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // The refresh and the INSERT trigger as the migration CrmPartnerDealRollup made them.
    await q.query(
      dealsTrigger(`PERFORM crm.partner_rollup_refresh(ARRAY(
            SELECT n.id FROM new_deals n
            WHERE ${ELIGIBLE('n')}));`),
    );
    await q.query(`CREATE OR REPLACE FUNCTION crm.partner_rollup_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        one uuid;
        deals uuid[];
      BEGIN
        IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
        deals := '{}';
        FOREACH one IN ARRAY ARRAY(SELECT DISTINCT x FROM unnest(ids) x ORDER BY x) LOOP
          PERFORM 1 FROM crm.deals d
          WHERE d.id = one AND (
            EXISTS (SELECT 1 FROM crm.partner_deal_contributions c WHERE c.deal_id = d.id)
            OR ${ELIGIBLE('d')})
          FOR UPDATE OF d;
          IF FOUND THEN deals := deals || one; END IF;
        END LOOP;
        deals := deals || ${DELETED_FOR_GOOD};
        IF cardinality(deals) = 0 THEN RETURN; END IF;
        PERFORM crm.partner_rollup_add(deals, -1);
        DELETE FROM crm.partner_deal_contributions c WHERE c.deal_id = ANY(deals);
        INSERT INTO crm.partner_deal_contributions SELECT * FROM crm.partner_deal_contributions_of(deals);
        PERFORM crm.partner_rollup_add(deals, 1);
      END $$`);
    await q.query(`DROP FUNCTION crm.partner_rollup_apply(uuid[])`);
    await q.query(`DROP FUNCTION crm.partner_rollup_touch(uuid[])`);
    await q.query(`DROP TABLE crm.partner_rollup_versions`);
    await q.query(`DROP SEQUENCE crm.partner_rollup_version_seq`);
  }
}
