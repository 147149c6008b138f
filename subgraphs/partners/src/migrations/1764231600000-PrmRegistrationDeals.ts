import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxTableSql } from '@sales-graph/shared/outbox/outbox';

/**
 * The PRM's outbox (deliveries to other subgraphs that must happen exactly once in effect), and
 * what a deal registration records about its CRM deal: the deal itself, the CRM conflict check
 * at approval (and an override with its reason), and extensions of its protection.
 */
export class PrmRegistrationDeals1764231600000 implements MigrationInterface {
  name = 'PrmRegistrationDeals1764231600000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxTableSql('prm')) await q.query(sql);
    await q.query(`ALTER TABLE prm.deal_registrations
      ADD COLUMN deal_id uuid,
      ADD COLUMN crm_conflict_check text CHECK (crm_conflict_check IN ('CLEAR','OVERRIDDEN','UNAVAILABLE')),
      ADD COLUMN overridden_deal_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN override_reason text,
      ADD COLUMN extended_at timestamptz(3),
      ADD COLUMN extended_by text,
      ADD COLUMN extension_reason text,
      ADD CONSTRAINT deal_registrations_override_reason_chk
        CHECK (crm_conflict_check IS DISTINCT FROM 'OVERRIDDEN' OR override_reason IS NOT NULL)`);
    // One registration per CRM deal; the deal of a registration is looked up by it.
    await q.query(
      `CREATE UNIQUE INDEX deal_registrations_deal_idx ON prm.deal_registrations (deal_id) WHERE deal_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX prm.deal_registrations_deal_idx`);
    await q.query(`ALTER TABLE prm.deal_registrations
      DROP CONSTRAINT deal_registrations_override_reason_chk,
      DROP COLUMN deal_id, DROP COLUMN crm_conflict_check, DROP COLUMN overridden_deal_ids,
      DROP COLUMN override_reason, DROP COLUMN extended_at, DROP COLUMN extended_by,
      DROP COLUMN extension_reason`);
    await q.query(`DROP TABLE prm.outbox`);
  }
}
