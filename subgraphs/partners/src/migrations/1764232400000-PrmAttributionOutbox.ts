import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@sales-graph/shared/outbox/outbox';

/**
 * The CRM keeps a projection of the PRM's attributions (`crm.partner_attributions`, see
 * attribution/attribution-projection.ts). Every change of an attribution's projected state (its
 * record, its partner(s), live or removed) enqueues ONE outbox message in the change's own
 * transaction (in `prm.attribution_outbox`, delivered by a dispatcher of its own), by trigger, whoever writes the row (services, seeds, bulk SQL): a version from
 * `prm.attribution_version_seq` (drawn under the row's lock, so in commit order per record) makes
 * the CRM's apply idempotent and order-proof. A pending attribution (a registration's deal not yet
 * created) enqueues nothing: the CRM records it with the deal (`createPartnerSourcedDeal`).
 * Existing attributions are enqueued here once; the backfill job delivers them in bulk.
 */
const TOPIC = 'crm.partnerAttributions';

const SQL_UP = [
  // The outbox's own table for this stream (same columns as prm.outbox, its own dispatcher): a
  // bulk change of attributions never delays, nor shows up among, the other deliveries.
  ...outboxTableSql('prm').map((sql) =>
    sql
      .replace(/"prm"\.outbox\b/g, 'prm.attribution_outbox')
      .replace('outbox_due_idx', 'attribution_outbox_due_idx'),
  ),
  `ALTER TABLE prm.attribution_outbox ADD COLUMN dead_at timestamptz(3), ADD COLUMN leased_until timestamptz(3)`,
  `DROP INDEX prm.attribution_outbox_due_idx`,
  `CREATE INDEX attribution_outbox_due_idx ON prm.attribution_outbox (next_attempt_at, created_at, id)
     WHERE delivered_at IS NULL AND dead_at IS NULL`,
  `CREATE SEQUENCE prm.attribution_version_seq`,
  `ALTER TABLE prm.deal_attributions ADD COLUMN projection_version bigint NOT NULL DEFAULT nextval('prm.attribution_version_seq')`,
  `ALTER TABLE prm.lead_attributions ADD COLUMN projection_version bigint NOT NULL DEFAULT nextval('prm.attribution_version_seq')`,
  `CREATE FUNCTION prm.attribution_next_version() RETURNS trigger LANGUAGE plpgsql AS $$
   BEGIN NEW.projection_version := nextval('prm.attribution_version_seq'); RETURN NEW; END $$`,
  `CREATE FUNCTION prm.deal_attribution_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE
     changes jsonb := '[]';
     partners jsonb := '[]';
     v bigint;
     row_id uuid;
   BEGIN
     IF TG_OP = 'INSERT' AND NEW.pending THEN RETURN NULL; END IF;
     IF TG_OP = 'DELETE' THEN
       v := nextval('prm.attribution_version_seq'); row_id := OLD.id;
     ELSE
       v := NEW.projection_version; row_id := NEW.id;
     END IF;
     IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL
        AND (TG_OP = 'DELETE' OR NEW.deleted_at IS NOT NULL OR NEW.deal_id <> OLD.deal_id) THEN
       changes := changes || jsonb_build_object('recordId', OLD.deal_id, 'role', 'SOURCED', 'partnerId', NULL);
       partners := partners || to_jsonb(OLD.partner_id::text);
     END IF;
     IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
       changes := changes || jsonb_build_object('recordId', NEW.deal_id, 'role', 'SOURCED', 'partnerId', NEW.partner_id);
       partners := partners || to_jsonb(NEW.partner_id::text);
       IF TG_OP = 'UPDATE' AND OLD.deleted_at IS NULL THEN
         partners := partners || to_jsonb(OLD.partner_id::text);
       END IF;
     END IF;
     IF changes = '[]' THEN RETURN NULL; END IF;
     INSERT INTO prm.attribution_outbox (topic, idempotency_key, payload)
     VALUES ('${TOPIC}', 'attribution:' || row_id || ':' || v,
             jsonb_build_object('version', v, 'attributedAt', now(), 'changes', changes, 'partners', partners));
     RETURN NULL;
   END $$`,
  `CREATE FUNCTION prm.lead_attribution_changed() RETURNS trigger LANGUAGE plpgsql AS $$
   DECLARE
     changes jsonb := '[]';
     partners jsonb := '[]';
     v bigint;
     row_id uuid;
   BEGIN
     IF TG_OP = 'DELETE' THEN
       v := nextval('prm.attribution_version_seq'); row_id := OLD.id;
     ELSE
       v := NEW.projection_version; row_id := NEW.id;
     END IF;
     IF TG_OP <> 'INSERT' AND OLD.deleted_at IS NULL THEN
       partners := partners || coalesce(to_jsonb(OLD.assigned_partner_id::text), '[]')
                            || coalesce(to_jsonb(OLD.referred_by_partner_id::text), '[]');
       IF TG_OP = 'DELETE' OR NEW.deleted_at IS NOT NULL OR NEW.lead_id <> OLD.lead_id THEN
         changes := changes
           || jsonb_build_object('recordId', OLD.lead_id, 'role', 'ASSIGNED', 'partnerId', NULL)
           || jsonb_build_object('recordId', OLD.lead_id, 'role', 'REFERRED', 'partnerId', NULL);
       END IF;
     END IF;
     IF TG_OP <> 'DELETE' AND NEW.deleted_at IS NULL THEN
       changes := changes
         || jsonb_build_object('recordId', NEW.lead_id, 'role', 'ASSIGNED', 'partnerId', NEW.assigned_partner_id)
         || jsonb_build_object('recordId', NEW.lead_id, 'role', 'REFERRED', 'partnerId', NEW.referred_by_partner_id);
       partners := partners || coalesce(to_jsonb(NEW.assigned_partner_id::text), '[]')
                            || coalesce(to_jsonb(NEW.referred_by_partner_id::text), '[]');
     END IF;
     IF changes = '[]' THEN RETURN NULL; END IF;
     INSERT INTO prm.attribution_outbox (topic, idempotency_key, payload)
     VALUES ('${TOPIC}', 'attribution:' || row_id || ':' || v,
             jsonb_build_object('version', v, 'attributedAt', now(), 'changes', changes, 'partners', partners));
     RETURN NULL;
   END $$`,
  `CREATE TRIGGER deal_attributions_version BEFORE UPDATE ON prm.deal_attributions FOR EACH ROW
   WHEN ((OLD.deal_id, OLD.partner_id, OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deal_id, NEW.partner_id, NEW.deleted_at IS NULL))
   EXECUTE FUNCTION prm.attribution_next_version()`,
  `CREATE TRIGGER deal_attributions_projection_insert AFTER INSERT ON prm.deal_attributions FOR EACH ROW
   EXECUTE FUNCTION prm.deal_attribution_changed()`,
  `CREATE TRIGGER deal_attributions_projection_update AFTER UPDATE ON prm.deal_attributions FOR EACH ROW
   WHEN ((OLD.deal_id, OLD.partner_id, OLD.deleted_at IS NULL) IS DISTINCT FROM (NEW.deal_id, NEW.partner_id, NEW.deleted_at IS NULL))
   EXECUTE FUNCTION prm.deal_attribution_changed()`,
  `CREATE TRIGGER deal_attributions_projection_delete AFTER DELETE ON prm.deal_attributions FOR EACH ROW
   EXECUTE FUNCTION prm.deal_attribution_changed()`,
  `CREATE TRIGGER lead_attributions_version BEFORE UPDATE ON prm.lead_attributions FOR EACH ROW
   WHEN ((OLD.lead_id, OLD.assigned_partner_id, OLD.referred_by_partner_id, OLD.deleted_at IS NULL)
         IS DISTINCT FROM (NEW.lead_id, NEW.assigned_partner_id, NEW.referred_by_partner_id, NEW.deleted_at IS NULL))
   EXECUTE FUNCTION prm.attribution_next_version()`,
  `CREATE TRIGGER lead_attributions_projection_insert AFTER INSERT ON prm.lead_attributions FOR EACH ROW
   EXECUTE FUNCTION prm.lead_attribution_changed()`,
  `CREATE TRIGGER lead_attributions_projection_update AFTER UPDATE ON prm.lead_attributions FOR EACH ROW
   WHEN ((OLD.lead_id, OLD.assigned_partner_id, OLD.referred_by_partner_id, OLD.deleted_at IS NULL)
         IS DISTINCT FROM (NEW.lead_id, NEW.assigned_partner_id, NEW.referred_by_partner_id, NEW.deleted_at IS NULL))
   EXECUTE FUNCTION prm.lead_attribution_changed()`,
  `CREATE TRIGGER lead_attributions_projection_delete AFTER DELETE ON prm.lead_attributions FOR EACH ROW
   EXECUTE FUNCTION prm.lead_attribution_changed()`,
  // Which partners have attribution changes not yet applied by the CRM (their figures are then
  // computed from the ids the PRM sends): undelivered messages by the partners they touch.
  `CREATE INDEX attribution_outbox_pending_idx ON prm.attribution_outbox USING gin ((payload -> 'partners'))
   WHERE delivered_at IS NULL`,
  // Existing attributions, once (an empty database has none): the backfill delivers them in bulk.
  `INSERT INTO prm.attribution_outbox (topic, idempotency_key, payload)
   SELECT '${TOPIC}', 'attribution:' || id || ':' || projection_version,
          jsonb_build_object('version', projection_version, 'attributedAt', created_at,
            'changes', jsonb_build_array(jsonb_build_object('recordId', deal_id, 'role', 'SOURCED', 'partnerId', partner_id)),
            'partners', jsonb_build_array(partner_id::text))
   FROM prm.deal_attributions WHERE deleted_at IS NULL AND NOT pending`,
  `INSERT INTO prm.attribution_outbox (topic, idempotency_key, payload)
   SELECT '${TOPIC}', 'attribution:' || id || ':' || projection_version,
          jsonb_build_object('version', projection_version, 'attributedAt', created_at,
            'changes', jsonb_build_array(
              jsonb_build_object('recordId', lead_id, 'role', 'ASSIGNED', 'partnerId', assigned_partner_id),
              jsonb_build_object('recordId', lead_id, 'role', 'REFERRED', 'partnerId', referred_by_partner_id)),
            'partners', jsonb_strip_nulls(jsonb_build_array(assigned_partner_id::text, referred_by_partner_id::text)))
   FROM prm.lead_attributions WHERE deleted_at IS NULL`,
];

const SQL_DOWN = [
  `DROP TRIGGER lead_attributions_projection_delete ON prm.lead_attributions`,
  `DROP TRIGGER lead_attributions_projection_update ON prm.lead_attributions`,
  `DROP TRIGGER lead_attributions_projection_insert ON prm.lead_attributions`,
  `DROP TRIGGER lead_attributions_version ON prm.lead_attributions`,
  `DROP TRIGGER deal_attributions_projection_delete ON prm.deal_attributions`,
  `DROP TRIGGER deal_attributions_projection_update ON prm.deal_attributions`,
  `DROP TRIGGER deal_attributions_projection_insert ON prm.deal_attributions`,
  `DROP TRIGGER deal_attributions_version ON prm.deal_attributions`,
  `DROP FUNCTION prm.lead_attribution_changed()`,
  `DROP FUNCTION prm.deal_attribution_changed()`,
  `DROP FUNCTION prm.attribution_next_version()`,
  `ALTER TABLE prm.lead_attributions DROP COLUMN projection_version`,
  `ALTER TABLE prm.deal_attributions DROP COLUMN projection_version`,
  `DROP SEQUENCE prm.attribution_version_seq`,
  `DROP TABLE prm.attribution_outbox`,
];

export class PrmAttributionOutbox1764232400000 implements MigrationInterface {
  name = 'PrmAttributionOutbox1764232400000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of SQL_UP) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of SQL_DOWN) await q.query(sql);
  }
}
