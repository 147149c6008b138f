import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner sales rolled up where the deals are, so that `partnerDealAggregates` reads a few rows
 * per partner and period instead of every deal of the partner (README "Partner performance at
 * scale", partner-deals/partner-deal-rollup.ts):
 *
 * - `crm.partner_deal_contributions`: what each live deal contributes to a partner (one row per
 *   deal, partner and role `SOURCED` / `INFLUENCED`: its currency, state OPEN / WON / LOST, amount,
 *   created and closed day, UTC). `crm.partner_deal_contributions_of(deals)` is the one rule,
 *   the same sets the projection path of `partnerDealAggregates` used to join: SOURCED by the
 *   deal's SOURCED projection row, INFLUENCED by the ASSIGNED / REFERRED rows of its live lead,
 *   minus the sourcing partner.
 * - `crm.partner_deal_rollup`: the sums of those rows per (partner, grain, bucket, currency):
 *   per role, the deals OPEN (by created day), WON and LOST (by closed day) and the
 *   amounts of the open and won ones (`MEASURES`); grain `A` (all time, bucket -infinity), `M`
 *   (the day's month) and `D` (the day). A period reads its whole months from `M` and its edge
 *   days from `D`. Rows may hold only zeros (never removed; read as nothing).
 *
 * `crm.partner_rollup_refresh(deals)` takes the deals' old contributions out of the rollup and
 * puts their current ones in, after locking the deals (so two writers of one deal's figures take
 * turns, whichever table they write). Statement triggers call it in the writer's transaction for
 * every change that can move a figure: a deal's amount, currency, stage, dates, deletion or lead;
 * a projection row; a lead's deletion. The migration builds both tables set-based under locks
 * that keep deals, leads and the projection still until the triggers exist.
 */
/** The rollup's measures: deal counts per role and state, amounts of the open and won deals. */
export const MEASURES = [
  'sourced_open',
  'sourced_open_amount',
  'sourced_won',
  'sourced_won_amount',
  'sourced_lost',
  'influenced_open',
  'influenced_open_amount',
  'influenced_won',
  'influenced_won_amount',
  'influenced_lost',
] as const;

/** A measure's sum over contributions `c` (role, state, amount). */
export function measureOf(measure: (typeof MEASURES)[number]): string {
  const [role, state, amount] = measure.split('_');
  const filter = `c.role = '${role.toUpperCase()}' AND c.state = '${state.toUpperCase()}'`;
  return amount
    ? `coalesce(sum(c.amount) FILTER (WHERE ${filter}), 0)`
    : `count(*) FILTER (WHERE ${filter})::int`;
}

/** Each contribution `c` in its three buckets: all time, its day's month, its day. */
export const BUCKETS = `CROSS JOIN LATERAL (SELECT CASE WHEN c.state = 'OPEN' THEN c.created_day ELSE c.closed_day END AS day) s
        CROSS JOIN LATERAL (VALUES ('A', '-infinity'::date), ('M', date_trunc('month', s.day)::date), ('D', s.day))
          AS g(grain, bucket)
        WHERE g.bucket IS NOT NULL`;

export class CrmPartnerDealRollup1764234300000 implements MigrationInterface {
  name = 'CrmPartnerDealRollup1764234300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE crm.partner_attributions, crm.deals, crm.leads IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`CREATE TABLE crm.partner_deal_contributions (
      deal_id uuid NOT NULL,
      partner_id uuid NOT NULL,
      role text NOT NULL CHECK (role IN ('SOURCED', 'INFLUENCED')),
      currency char(3) NOT NULL,
      state text NOT NULL CHECK (state IN ('OPEN', 'WON', 'LOST')),
      amount numeric(18, 2) NOT NULL,
      created_day date NOT NULL,
      closed_day date,
      PRIMARY KEY (deal_id, partner_id, role)
    )`);
    await q.query(`CREATE TABLE crm.partner_deal_rollup (
      partner_id uuid NOT NULL,
      grain char(1) NOT NULL CHECK (grain IN ('A', 'M', 'D')),
      bucket date NOT NULL,
      currency char(3) NOT NULL,
      ${MEASURES.map((m) => `${m} ${m.endsWith('amount') ? 'numeric' : 'integer'} NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (partner_id, grain, bucket, currency)
    )`);
    // The rule: what the given deals contribute now (live deals only).
    await q.query(`CREATE FUNCTION crm.partner_deal_contributions_of(deals uuid[])
      RETURNS TABLE (deal_id uuid, partner_id uuid, role text, currency char(3), state text,
                     amount numeric(18, 2), created_day date, closed_day date)
      LANGUAGE sql STABLE AS $$
        SELECT d.id, x.partner_id, x.role, d.currency,
               CASE d.stage WHEN 'CLOSED_WON' THEN 'WON' WHEN 'CLOSED_LOST' THEN 'LOST' ELSE 'OPEN' END,
               d.amount, (d.created_at AT TIME ZONE 'UTC')::date, (d.closed_at AT TIME ZONE 'UTC')::date
        -- One primary-key probe per deal, whatever the planner's statistics say (a fresh bulk load).
        FROM unnest(deals) AS u(id)
        CROSS JOIN LATERAL (SELECT * FROM crm.deals d WHERE d.id = u.id AND d.deleted_at IS NULL LIMIT 1) d
        CROSS JOIN LATERAL (
          SELECT s.partner_id, 'SOURCED' AS role FROM crm.partner_attributions s
          WHERE s.record_id = d.id AND s.role = 'SOURCED' AND s.partner_id IS NOT NULL
          UNION
          SELECT a.partner_id, 'INFLUENCED' FROM crm.leads le
          JOIN crm.partner_attributions a
            ON a.record_id = le.id AND a.role IN ('ASSIGNED', 'REFERRED') AND a.partner_id IS NOT NULL
          WHERE le.id = d.lead_id AND le.deleted_at IS NULL
            AND a.partner_id IS DISTINCT FROM (
              SELECT s.partner_id FROM crm.partner_attributions s
              WHERE s.record_id = d.id AND s.role = 'SOURCED')) x
      $$`);
    // The deals that can contribute at all: a SOURCED row, or a lead with an ASSIGNED / REFERRED row.
    await q.query(`CREATE FUNCTION crm.partner_attributed_deals() RETURNS SETOF uuid LANGUAGE sql STABLE AS $$
        SELECT a.record_id FROM crm.partner_attributions a WHERE a.role = 'SOURCED' AND a.partner_id IS NOT NULL
        UNION
        SELECT d.id FROM crm.partner_attributions a JOIN crm.deals d ON d.lead_id = a.record_id
        WHERE a.role IN ('ASSIGNED', 'REFERRED') AND a.partner_id IS NOT NULL
      $$`);
    // Contributions to rollup rows: each contribution counts in its A, M and D buckets.
    await q.query(`CREATE FUNCTION crm.partner_rollup_add(deals uuid[], sign integer) RETURNS void
      LANGUAGE sql AS $$
        INSERT INTO crm.partner_deal_rollup AS r (partner_id, grain, bucket, currency, ${MEASURES.join(', ')})
        SELECT c.partner_id, g.grain, g.bucket, c.currency, ${MEASURES.map((m) => `sign * ${measureOf(m)}`).join(', ')}
        FROM unnest(deals) AS u(id)
        JOIN crm.partner_deal_contributions c ON c.deal_id = u.id
        ${BUCKETS}
        GROUP BY 1, 2, 3, 4
        ORDER BY 1, 2, 3, 4
        ON CONFLICT (partner_id, grain, bucket, currency)
        DO UPDATE SET ${MEASURES.map((m) => `${m} = r.${m} + EXCLUDED.${m}`).join(', ')}
      $$`);
    await q.query(`CREATE FUNCTION crm.partner_rollup_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
      DECLARE
        one uuid;
        deals uuid[];
      BEGIN
        IF coalesce(cardinality(ids), 0) = 0 THEN RETURN; END IF;
        -- Only deals that contributed or can contribute now; locked, in id order, so that every
        -- writer of a deal's figures (a deal update, a projection apply, a lead deletion) takes turns
        -- and each statement below sees the committed work of the one before.
        deals := '{}';
        FOREACH one IN ARRAY ARRAY(SELECT DISTINCT x FROM unnest(ids) x ORDER BY x) LOOP
          PERFORM 1 FROM crm.deals d
          WHERE d.id = one AND (
            EXISTS (SELECT 1 FROM crm.partner_deal_contributions c WHERE c.deal_id = d.id)
            OR EXISTS (SELECT 1 FROM crm.partner_attributions s
                       WHERE s.record_id = d.id AND s.role = 'SOURCED' AND s.partner_id IS NOT NULL)
            OR EXISTS (SELECT 1 FROM crm.partner_attributions a
                       WHERE d.lead_id IS NOT NULL AND a.record_id = d.lead_id
                         AND a.role IN ('ASSIGNED', 'REFERRED') AND a.partner_id IS NOT NULL))
          FOR UPDATE OF d;
          IF FOUND THEN deals := deals || one; END IF;
        END LOOP;
        -- Deals deleted for good (their deleter holds their lock) leave their contributions here.
        deals := deals || ARRAY(
          SELECT DISTINCT c.deal_id FROM unnest(ids) AS u(id)
          JOIN LATERAL (SELECT c.deal_id FROM crm.partner_deal_contributions c WHERE c.deal_id = u.id LIMIT 1) c ON true
          WHERE NOT EXISTS (SELECT 1 FROM crm.deals d WHERE d.id = c.deal_id));
        IF cardinality(deals) = 0 THEN RETURN; END IF;
        -- Out with the stored contributions, in with the current ones.
        PERFORM crm.partner_rollup_add(deals, -1);
        DELETE FROM crm.partner_deal_contributions c WHERE c.deal_id = ANY(deals);
        INSERT INTO crm.partner_deal_contributions SELECT * FROM crm.partner_deal_contributions_of(deals);
        PERFORM crm.partner_rollup_add(deals, 1);
      END $$`);
    // Backfill, set-based: every attributed deal's contributions, then their sums.
    await q.query(`INSERT INTO crm.partner_deal_contributions
      SELECT * FROM crm.partner_deal_contributions_of(ARRAY(SELECT crm.partner_attributed_deals()))`);
    await q.query(`INSERT INTO crm.partner_deal_rollup (partner_id, grain, bucket, currency, ${MEASURES.join(', ')})
      SELECT c.partner_id, g.grain, g.bucket, c.currency, ${MEASURES.map(measureOf).join(', ')}
      FROM crm.partner_deal_contributions c ${BUCKETS}
      GROUP BY 1, 2, 3, 4`);
    // The deals: a change of anything a figure reads.
    await q.query(`CREATE FUNCTION crm.deals_partner_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          -- A new deal counts only if the projection already names it or its lead (a bulk insert
          -- of deals without attributions costs one probe each, no lock).
          PERFORM crm.partner_rollup_refresh(ARRAY(
            SELECT n.id FROM new_deals n
            WHERE EXISTS (SELECT 1 FROM crm.partner_attributions s
                          WHERE s.record_id = n.id AND s.role = 'SOURCED' AND s.partner_id IS NOT NULL)
               OR EXISTS (SELECT 1 FROM crm.partner_attributions a
                          WHERE n.lead_id IS NOT NULL AND a.record_id = n.lead_id
                            AND a.role IN ('ASSIGNED', 'REFERRED') AND a.partner_id IS NOT NULL)));
        ELSIF TG_OP = 'DELETE' THEN
          PERFORM crm.partner_rollup_refresh(ARRAY(SELECT o.id FROM old_deals o));
        ELSE
          PERFORM crm.partner_rollup_refresh(ARRAY(
            SELECT n.id FROM new_deals n JOIN old_deals o ON o.id = n.id
            WHERE (o.amount, o.currency, o.stage, o.created_at, o.closed_at, o.deleted_at, o.lead_id)
                  IS DISTINCT FROM (n.amount, n.currency, n.stage, n.created_at, n.closed_at, n.deleted_at, n.lead_id)));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER deals_partner_rollup_insert AFTER INSERT ON crm.deals
      REFERENCING NEW TABLE AS new_deals FOR EACH STATEMENT EXECUTE FUNCTION crm.deals_partner_rollup()`);
    await q.query(`CREATE TRIGGER deals_partner_rollup_update AFTER UPDATE ON crm.deals
      REFERENCING OLD TABLE AS old_deals NEW TABLE AS new_deals
      FOR EACH STATEMENT EXECUTE FUNCTION crm.deals_partner_rollup()`);
    await q.query(`CREATE TRIGGER deals_partner_rollup_delete AFTER DELETE ON crm.deals
      REFERENCING OLD TABLE AS old_deals FOR EACH STATEMENT EXECUTE FUNCTION crm.deals_partner_rollup()`);
    // The projection: a deal's SOURCED row, or a lead's ASSIGNED / REFERRED row (its deal).
    await q.query(`CREATE FUNCTION crm.partner_attributions_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM crm.partner_rollup_refresh(ARRAY(
          SELECT c.record_id FROM changed_attributions c WHERE c.role = 'SOURCED'
          UNION
          SELECT d.id FROM changed_attributions c JOIN crm.deals d ON d.lead_id = c.record_id
          WHERE c.role <> 'SOURCED'));
        RETURN NULL;
      END $$`);
    for (const [event, transition] of [
      ['INSERT', 'NEW'],
      ['UPDATE', 'NEW'],
      ['DELETE', 'OLD'],
    ])
      await q.query(`CREATE TRIGGER partner_attributions_rollup_${event.toLowerCase()}
        AFTER ${event} ON crm.partner_attributions REFERENCING ${transition} TABLE AS changed_attributions
        FOR EACH STATEMENT EXECUTE FUNCTION crm.partner_attributions_rollup()`);
    // A lead's deletion or restore moves what its deal counts as influenced.
    await q.query(`CREATE FUNCTION crm.leads_partner_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM crm.partner_rollup_refresh(ARRAY(
          SELECT d.id FROM new_leads n JOIN old_leads o ON o.id = n.id
          JOIN crm.deals d ON d.lead_id = n.id
          WHERE o.deleted_at IS DISTINCT FROM n.deleted_at));
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER leads_partner_rollup AFTER UPDATE ON crm.leads
      REFERENCING OLD TABLE AS old_leads NEW TABLE AS new_leads
      FOR EACH STATEMENT EXECUTE FUNCTION crm.leads_partner_rollup()`);
    await q.query(`ANALYZE crm.partner_deal_contributions, crm.partner_deal_rollup`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER leads_partner_rollup ON crm.leads`);
    for (const event of ['insert', 'update', 'delete']) {
      await q.query(`DROP TRIGGER partner_attributions_rollup_${event} ON crm.partner_attributions`);
      await q.query(`DROP TRIGGER deals_partner_rollup_${event} ON crm.deals`);
    }
    await q.query(`DROP FUNCTION crm.leads_partner_rollup()`);
    await q.query(`DROP FUNCTION crm.partner_attributions_rollup()`);
    await q.query(`DROP FUNCTION crm.deals_partner_rollup()`);
    await q.query(`DROP FUNCTION crm.partner_rollup_refresh(uuid[])`);
    await q.query(`DROP FUNCTION crm.partner_rollup_add(uuid[], integer)`);
    await q.query(`DROP FUNCTION crm.partner_attributed_deals()`);
    await q.query(`DROP FUNCTION crm.partner_deal_contributions_of(uuid[])`);
    await q.query(`DROP TABLE crm.partner_deal_rollup`);
    await q.query(`DROP TABLE crm.partner_deal_contributions`);
  }
}
