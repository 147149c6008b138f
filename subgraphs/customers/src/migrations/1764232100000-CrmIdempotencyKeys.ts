import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first result of each mutation sent with an Idempotency-Key, per principal, key and root
 * field of the operation (shared/src/idempotency): its retries answer it instead of running again.
 * Kept IDEMPOTENCY_KEY_TTL_HOURS, then deleted by the idempotency-keys.cleanup job.
 */
export class CrmIdempotencyKeys1764232100000 implements MigrationInterface {
  name = 'CrmIdempotencyKeys1764232100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE crm.idempotency_keys (
      principal text NOT NULL,
      key text NOT NULL,
      response_key text NOT NULL,
      field text NOT NULL,
      request_hash text NOT NULL,
      result jsonb,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (principal, key, response_key)
    )`);
    await q.query(`CREATE INDEX idempotency_keys_created_idx ON crm.idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE crm.idempotency_keys`);
  }
}
