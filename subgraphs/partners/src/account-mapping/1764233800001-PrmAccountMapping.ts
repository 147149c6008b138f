import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account mapping: the domain hashes each partner uploaded (one row per partner and hash; the
 * hash index serves lead distribution's "which partners map this account") and the log of its
 * uploads (the audit trail, and the count the daily upload limit reads). New tables only.
 */
export class PrmAccountMapping1764233800001 implements MigrationInterface {
  name = 'PrmAccountMapping1764233800001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.account_mapping_hashes (
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      hash text NOT NULL CHECK (hash ~ '^[0-9a-f]{64}$'),
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (partner_id, hash)
    )`);
    await q.query(`CREATE INDEX account_mapping_hashes_hash_idx ON prm.account_mapping_hashes (hash)`);
    await q.query(`CREATE TABLE prm.account_mapping_uploads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      uploaded_by text NOT NULL,
      uploaded_at timestamptz(3) NOT NULL,
      hashes int NOT NULL,
      replaced boolean NOT NULL,
      total int NOT NULL
    )`);
    await q.query(
      `CREATE INDEX account_mapping_uploads_partner_idx ON prm.account_mapping_uploads (partner_id, uploaded_at)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.account_mapping_uploads`);
    await q.query(`DROP TABLE prm.account_mapping_hashes`);
  }
}
