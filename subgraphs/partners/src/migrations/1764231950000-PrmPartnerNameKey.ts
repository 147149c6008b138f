import type { MigrationInterface, QueryRunner } from 'typeorm';
import { normaliseCompanyName } from '@sales-graph/shared/company-name';

/** Partners' normalised names (duplicate applications are found by them), backfilled in TypeScript. */
export class PrmPartnerNameKey1764231950000 implements MigrationInterface {
  name = 'PrmPartnerNameKey1764231950000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.partners ADD COLUMN name_key text`);
    const rows: { id: string; name: string }[] = await q.query(`SELECT id, name FROM prm.partners`);
    if (rows.length > 0) {
      await q.query(
        `UPDATE prm.partners p SET name_key = k.key FROM unnest($1::uuid[], $2::text[]) AS k(id, key) WHERE p.id = k.id`,
        [rows.map((row) => row.id), rows.map((row) => normaliseCompanyName(row.name))],
      );
    }
    await q.query(`ALTER TABLE prm.partners ALTER COLUMN name_key SET NOT NULL`);
    await q.query(`CREATE INDEX partners_name_key_idx ON prm.partners (name_key) WHERE deleted_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.partners DROP COLUMN name_key`);
  }
}
