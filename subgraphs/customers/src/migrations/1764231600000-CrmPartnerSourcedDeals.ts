import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deals the PRM creates for approved deal registrations: `external_ref` is the idempotency key
 * they are created under (one deal per key, however often the PRM retries), and the PRM's
 * conflict check looks up the open deals of a customer.
 */
export class CrmPartnerSourcedDeals1764231600000 implements MigrationInterface {
  name = 'CrmPartnerSourcedDeals1764231600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.deals ADD COLUMN external_ref text`);
    await q.query(
      `CREATE UNIQUE INDEX deals_external_ref_idx ON crm.deals (external_ref) WHERE external_ref IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX deals_open_customer_idx ON crm.deals (customer_id, created_at, id)
       WHERE deleted_at IS NULL AND stage NOT IN ('CLOSED_WON','CLOSED_LOST')`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX crm.deals_open_customer_idx`);
    await q.query(`DROP INDEX crm.deals_external_ref_idx`);
    await q.query(`ALTER TABLE crm.deals DROP COLUMN external_ref`);
  }
}
