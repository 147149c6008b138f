import type { MigrationInterface, QueryRunner } from 'typeorm';
import { RECORD_COLUMNS } from '@sales-graph/shared/db/record';

/** API keys for BI tools and partner integrations: only the hash of each secret is kept. */
export class PrmApiKeys1764231100000 implements MigrationInterface {
  name = 'PrmApiKeys1764231100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.api_keys (${RECORD_COLUMNS},
      name text NOT NULL,
      role text NOT NULL CHECK (role IN ('ADMIN','SALES','MARKETING','SUPPORT','CHANNEL_MANAGER','PARTNER','ANALYST')),
      partner_id uuid REFERENCES prm.partners(id),
      secret_hash text NOT NULL,
      prefix text NOT NULL,
      expires_at timestamptz(3),
      revoked_at timestamptz(3),
      CHECK ((role = 'PARTNER') = (partner_id IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX api_keys_partner_idx ON prm.api_keys (partner_id, created_at, id)`);
    await q.query(`CREATE INDEX api_keys_created_idx ON prm.api_keys (created_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.api_keys`);
  }
}
