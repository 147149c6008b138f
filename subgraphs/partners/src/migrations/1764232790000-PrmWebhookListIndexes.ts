import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook lists' incremental-sync orders: endpoints by updatedAt (all, or one partner's) and
 * an endpoint's delivery log by createdAt or updatedAt, each read through its own index.
 */
export class PrmWebhookListIndexes1764232790000 implements MigrationInterface {
  name = 'PrmWebhookListIndexes1764232790000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX webhook_endpoints_updated_idx ON prm.webhook_endpoints (updated_at, id)`);
    await q.query(
      `CREATE INDEX webhook_endpoints_partner_updated_idx ON prm.webhook_endpoints (partner_id, updated_at, id)`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_endpoint_created_idx ON prm.webhook_deliveries (endpoint_id, created_at, id)`,
    );
    await q.query(
      `CREATE INDEX webhook_deliveries_endpoint_updated_idx ON prm.webhook_deliveries (endpoint_id, updated_at, id)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX prm.webhook_deliveries_endpoint_updated_idx`);
    await q.query(`DROP INDEX prm.webhook_deliveries_endpoint_created_idx`);
    await q.query(`DROP INDEX prm.webhook_endpoints_partner_updated_idx`);
    await q.query(`DROP INDEX prm.webhook_endpoints_updated_idx`);
  }
}
