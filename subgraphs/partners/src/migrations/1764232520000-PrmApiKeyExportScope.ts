import type { MigrationInterface, QueryRunner } from 'typeorm';

/** An API key's export scope (pages of up to 1,000 rows on root lists), off for every existing key. */
export class PrmApiKeyExportScope1764232520000 implements MigrationInterface {
  name = 'PrmApiKeyExportScope1764232520000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.api_keys ADD COLUMN can_export boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.api_keys DROP COLUMN can_export`);
  }
}
