import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prospect pre-checks each partner made in the last hour (its rate limit, shared by all its
 * users and keys and by every PRM replica). Which prospect was asked about is not kept.
 */
export class PrmProspectChecks1764231900000 implements MigrationInterface {
  name = 'PrmProspectChecks1764231900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE prm.prospect_checks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      partner_id uuid NOT NULL REFERENCES prm.partners(id),
      checked_by text NOT NULL,
      checked_at timestamptz(3) NOT NULL
    )`);
    await q.query(`CREATE INDEX prospect_checks_partner_idx ON prm.prospect_checks (partner_id, checked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE prm.prospect_checks`);
  }
}
