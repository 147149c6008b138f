import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A registration's product lines (checked against the CRM catalogue when submitted): one nullable
 * jsonb column, so no existing row is rewritten; registrations made before it have none.
 */
export class PrmRegistrationProductLines1764233400002 implements MigrationInterface {
  name = 'PrmRegistrationProductLines1764233400002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.deal_registrations ADD COLUMN product_lines jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.deal_registrations DROP COLUMN product_lines`);
  }
}
