import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/**
 * Webhook endpoints (with their signing secret, which no entity maps) and their deliveries: the
 * queue the dispatcher fills from the change feed (one row per endpoint and feed position, once)
 * and the delivery log.
 */
export class PrmWebhooks1764232700000 implements MigrationInterface {
  name = 'PrmWebhooks1764232700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.webhook_endpoints (${RECORD_COLUMNS},
      url text NOT NULL,
      event_types text[] NOT NULL CHECK (cardinality(event_types) > 0),
      partner_id uuid REFERENCES prm.partners(id),
      active boolean NOT NULL DEFAULT true,
      disabled_reason text,
      disabled_at timestamptz(3),
      last_success_at timestamptz(3),
      failing_since timestamptz(3),
      consecutive_dead_letters int NOT NULL DEFAULT 0,
      signing_secret text,
      cursor_position bigint NOT NULL DEFAULT 0,
      leased_until timestamptz(3)
    )`);
    await q.query(
      `CREATE INDEX webhook_endpoints_partner_idx ON prm.webhook_endpoints (partner_id, created_at, id)`,
    );
    await q.query(`CREATE INDEX webhook_endpoints_created_idx ON prm.webhook_endpoints (created_at, id)`);
    await q.query(`CREATE TABLE prm.webhook_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      endpoint_id uuid NOT NULL REFERENCES prm.webhook_endpoints(id) ON DELETE CASCADE,
      partner_id uuid,
      feed_position bigint NOT NULL,
      event_type text NOT NULL,
      record_id text NOT NULL,
      status text NOT NULL CHECK (status IN ('PENDING','DELIVERED','DEAD')),
      attempts int NOT NULL DEFAULT 0,
      next_attempt_at timestamptz(3),
      last_attempt_at timestamptz(3),
      last_error text,
      response_status int,
      delivered_at timestamptz(3),
      dead_at timestamptz(3),
      payload jsonb NOT NULL,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      updated_at timestamptz(3) NOT NULL DEFAULT now(),
      UNIQUE (endpoint_id, feed_position)
    )`);
    // The dispatcher's next delivery of an endpoint: its first pending one by position.
    await q.query(`CREATE INDEX webhook_deliveries_pending_idx ON prm.webhook_deliveries (endpoint_id, feed_position)
      WHERE status = 'PENDING'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.webhook_deliveries`);
    await q.query(`DROP TABLE prm.webhook_endpoints`);
  }
}
