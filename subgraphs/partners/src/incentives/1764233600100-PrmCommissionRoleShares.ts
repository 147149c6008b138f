import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A commission plan's split by deal role (`{"SOURCED": "0.6000", "RESELLER": "0.3000"}`): a
 * nullable column, so existing plans keep their meaning (null: SOURCED 100 %) and no row is rewritten.
 */
export class PrmCommissionRoleShares1764233600100 implements MigrationInterface {
  name = 'PrmCommissionRoleShares1764233600100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.commission_plans ADD COLUMN role_shares jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE prm.commission_plans DROP COLUMN role_shares`);
  }
}
