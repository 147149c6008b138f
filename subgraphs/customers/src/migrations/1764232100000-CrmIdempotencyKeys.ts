import type { MigrationInterface, QueryRunner } from 'typeorm';
import { idempotencyTableSql } from '@sales-graph/shared/idempotency/idempotency.rules';

/** The crm schema's `idempotency_keys` table (shared/src/idempotency): retries answer the first result. */
export class CrmIdempotencyKeys1764232100000 implements MigrationInterface {
  name = 'CrmIdempotencyKeys1764232100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of idempotencyTableSql('crm')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.idempotency_keys`);
  }
}
