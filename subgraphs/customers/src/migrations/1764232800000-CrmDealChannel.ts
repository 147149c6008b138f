import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every deal's sales channel, derived from the attribution projection (`crm.partner_attributions`)
 * and kept on the deal so that `salesAnalytics` groups 1,000,000 deals by channel and partner
 * without joining the projection per deal (partner-deals/deal-channel.ts, README "Sales
 * analytics"):
 *
 * - `deals.channel`: PARTNER_SOURCED when the deal has a SOURCED attribution with a partner, else
 *   PARTNER_INFLUENCED when the lead it came from is REFERRED by or ASSIGNED to a partner, else
 *   DIRECT;
 * - `deals.channel_partner_id`: that partner (the sourcing one; for an influenced deal the
 *   referring partner, else the assigned one), null for a direct deal.
 *
 * `crm.deal_channel_of(deal, lead)` is the one definition of the rule. The database keeps the
 * columns in the writer's own transaction: a statement trigger on the projection recomputes the
 * deals whose attributions a statement changed (the projection changes a row only for a higher
 * PRM version, so each version moves a deal once), and a row trigger on the deals computes them
 * when a deal is created, changes lead, or anything writes the columns themselves (nothing else
 * can set them). The migration backfills the deals that have an attribution, under a lock that
 * keeps the projection still until the triggers exist.
 */
export const DEAL_CHANNELS = ['DIRECT', 'PARTNER_SOURCED', 'PARTNER_INFLUENCED'] as const;

export class CrmDealChannel1764232800000 implements MigrationInterface {
  name = 'CrmDealChannel1764232800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`LOCK TABLE crm.partner_attributions IN SHARE ROW EXCLUSIVE MODE`);
    await q.query(`ALTER TABLE crm.deals
      ADD COLUMN channel text NOT NULL DEFAULT 'DIRECT'
        CHECK (channel IN (${DEAL_CHANNELS.map((c) => `'${c}'`).join(', ')})),
      ADD COLUMN channel_partner_id uuid,
      ADD CONSTRAINT deals_channel_partner_check CHECK ((channel = 'DIRECT') = (channel_partner_id IS NULL))`);
    await q.query(`CREATE FUNCTION crm.deal_channel_of(deal uuid, lead uuid)
      RETURNS TABLE (channel text, partner_id uuid) LANGUAGE sql STABLE AS $$
        SELECT CASE WHEN s.partner_id IS NOT NULL THEN 'PARTNER_SOURCED'
                    WHEN i.partner_id IS NOT NULL THEN 'PARTNER_INFLUENCED'
                    ELSE 'DIRECT' END,
               coalesce(s.partner_id, i.partner_id)
        FROM (SELECT 1) AS one
        LEFT JOIN crm.partner_attributions s ON s.record_id = deal AND s.role = 'SOURCED'
        LEFT JOIN LATERAL (
          SELECT a.partner_id FROM crm.partner_attributions a
          WHERE lead IS NOT NULL AND a.record_id = lead AND a.role IN ('REFERRED', 'ASSIGNED')
            AND a.partner_id IS NOT NULL
          ORDER BY a.role DESC LIMIT 1) i ON true
      $$`);
    // Backfill: only deals with an attribution can be other than DIRECT (the default).
    await q.query(`UPDATE crm.deals d SET channel = c.channel, channel_partner_id = c.partner_id
      FROM (SELECT x.id, ch.channel, ch.partner_id FROM crm.deals x
            CROSS JOIN LATERAL crm.deal_channel_of(x.id, x.lead_id) ch
            WHERE x.id IN (SELECT a.record_id FROM crm.partner_attributions a WHERE a.role = 'SOURCED')
            UNION
            SELECT x.id, ch.channel, ch.partner_id FROM crm.deals x
            CROSS JOIN LATERAL crm.deal_channel_of(x.id, x.lead_id) ch
            WHERE x.lead_id IN (SELECT a.record_id FROM crm.partner_attributions a WHERE a.role <> 'SOURCED')) c
      WHERE d.id = c.id AND (d.channel, d.channel_partner_id) IS DISTINCT FROM (c.channel, c.partner_id)`);
    await q.query(`CREATE FUNCTION crm.deals_set_channel() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT c.channel, c.partner_id INTO NEW.channel, NEW.channel_partner_id
        FROM crm.deal_channel_of(NEW.id, NEW.lead_id) c;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER deals_channel
      BEFORE INSERT OR UPDATE OF lead_id, channel, channel_partner_id ON crm.deals
      FOR EACH ROW EXECUTE FUNCTION crm.deals_set_channel()`);
    await q.query(`CREATE FUNCTION crm.partner_attributions_set_deal_channels() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE crm.deals d SET channel = c.channel, channel_partner_id = c.partner_id
        FROM (SELECT x.id, ch.channel, ch.partner_id
              FROM (SELECT changed.record_id AS id FROM changed WHERE changed.role = 'SOURCED'
                    UNION
                    SELECT y.id FROM changed JOIN crm.deals y ON y.lead_id = changed.record_id
                    WHERE changed.role <> 'SOURCED') affected
              JOIN crm.deals x ON x.id = affected.id
              CROSS JOIN LATERAL crm.deal_channel_of(x.id, x.lead_id) ch) c
        WHERE d.id = c.id AND (d.channel, d.channel_partner_id) IS DISTINCT FROM (c.channel, c.partner_id);
        RETURN NULL;
      END $$`);
    // One trigger per event: a trigger with transition tables may have only one.
    for (const event of ['INSERT', 'UPDATE'])
      await q.query(`CREATE TRIGGER partner_attributions_deal_channels_${event.toLowerCase()}
        AFTER ${event} ON crm.partner_attributions REFERENCING NEW TABLE AS changed
        FOR EACH STATEMENT EXECUTE FUNCTION crm.partner_attributions_set_deal_channels()`);
    // A partner's deals by channel (customer insights, a partner-scoped aggregate).
    await q.query(`CREATE INDEX deals_channel_partner_idx ON crm.deals (channel_partner_id, channel)
      WHERE deleted_at IS NULL AND channel_partner_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update'])
      await q.query(`DROP TRIGGER partner_attributions_deal_channels_${event} ON crm.partner_attributions`);
    await q.query(`DROP FUNCTION crm.partner_attributions_set_deal_channels()`);
    await q.query(`DROP TRIGGER deals_channel ON crm.deals`);
    await q.query(`DROP FUNCTION crm.deals_set_channel()`);
    await q.query(`DROP FUNCTION crm.deal_channel_of(uuid, uuid)`);
    await q.query(`DROP INDEX crm.deals_channel_partner_idx`);
    await q.query(`ALTER TABLE crm.deals DROP CONSTRAINT deals_channel_partner_check,
      DROP COLUMN channel_partner_id, DROP COLUMN channel`);
  }
}
