import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The idempotency key another system (the PRM's partner referrals) creates a lead under. */
export class CrmLeadExternalRef1764231500000 implements MigrationInterface {
  name = 'CrmLeadExternalRef1764231500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.leads ADD COLUMN external_ref text`);
    await q.query(
      `CREATE UNIQUE INDEX leads_external_ref_idx ON crm.leads (external_ref) WHERE external_ref IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX crm.leads_external_ref_idx`);
    await q.query(`ALTER TABLE crm.leads DROP COLUMN external_ref`);
  }
}
