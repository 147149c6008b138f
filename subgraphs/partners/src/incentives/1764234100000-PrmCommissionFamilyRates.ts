import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A commission plan's rates per product family (`{"Services": "0.0500"}`): a nullable column, so
 * existing plans keep their meaning (null: every deal earns the plan's rate) and no row is rewritten.
 */
export class PrmCommissionFamilyRates1764234100000 implements MigrationInterface {
  name = 'PrmCommissionFamilyRates1764234100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.commission_plans ADD COLUMN family_rates jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.commission_plans DROP COLUMN family_rates`);
  }
}
