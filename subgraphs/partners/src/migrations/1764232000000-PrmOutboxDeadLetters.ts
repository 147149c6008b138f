import type { MigrationInterface, QueryRunner } from 'typeorm';
import { outboxDeadLetterDownSql, outboxDeadLetterSql } from '@sales-graph/shared/outbox/outbox';

/**
 * Dead letters and leases in the PRM's outbox (`dead_at`, `leased_until`), and attributions
 * recorded before their CRM deal exists: an approval records the partner of the CRM deal it asks
 * for (under the deal id the PRM chooses) in its own transaction, `pending` until the deal is
 * delivered, so the deal is never without its partner, not even for a moment.
 */
export class PrmOutboxDeadLetters1764232000000 implements MigrationInterface {
  name = 'PrmOutboxDeadLetters1764232000000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of outboxDeadLetterSql('prm')) await q.query(sql);
    await q.query(`ALTER TABLE prm.deal_attributions ADD COLUMN pending boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.deal_attributions DROP COLUMN pending`);
    for (const sql of outboxDeadLetterDownSql('prm')) await q.query(sql);
  }
}
