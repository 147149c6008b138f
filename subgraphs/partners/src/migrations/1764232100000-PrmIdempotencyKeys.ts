import type { MigrationInterface, QueryRunner } from 'typeorm';
import { idempotencyTableSql } from '@sales-graph/shared/idempotency/idempotency.rules';

/** The prm schema's `idempotency_keys` table (shared/src/idempotency): retries answer the first result. */
export class PrmIdempotencyKeys1764232100000 implements MigrationInterface {
  name = 'PrmIdempotencyKeys1764232100000';

  async up(q: QueryRunner): Promise<void> {
    for (const sql of idempotencyTableSql('prm')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.idempotency_keys`);
  }
}
