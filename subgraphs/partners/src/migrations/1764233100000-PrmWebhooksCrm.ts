import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * CRM events in webhooks (README "Webhooks"): each endpoint's second cursor, on the CRM's change
 * feed, and each delivery's feed (`prm` or `crm`: positions of the two feeds are unrelated, so a
 * delivery is unique per endpoint, feed and position).
 */
export class PrmWebhooksCrm1764233100000 implements MigrationInterface {
  name = 'PrmWebhooksCrm1764233100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE prm.webhook_endpoints ADD COLUMN crm_cursor_position bigint NOT NULL DEFAULT 0`,
    );
    await q.query(`ALTER TABLE prm.webhook_deliveries
      ADD COLUMN feed text NOT NULL DEFAULT 'prm' CHECK (feed IN ('prm','crm'))`);
    await q.query(`ALTER TABLE prm.webhook_deliveries
      DROP CONSTRAINT webhook_deliveries_endpoint_id_feed_position_key`);
    await q.query(`ALTER TABLE prm.webhook_deliveries
      ADD CONSTRAINT webhook_deliveries_endpoint_feed_position_key UNIQUE (endpoint_id, feed, feed_position)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM prm.webhook_deliveries WHERE feed = 'crm'`);
    await q.query(
      `ALTER TABLE prm.webhook_deliveries DROP CONSTRAINT webhook_deliveries_endpoint_feed_position_key`,
    );
    await q.query(`ALTER TABLE prm.webhook_deliveries ADD CONSTRAINT webhook_deliveries_endpoint_id_feed_position_key
      UNIQUE (endpoint_id, feed_position)`);
    await q.query(`ALTER TABLE prm.webhook_deliveries DROP COLUMN feed`);
    await q.query(`ALTER TABLE prm.webhook_endpoints DROP COLUMN crm_cursor_position`);
  }
}
