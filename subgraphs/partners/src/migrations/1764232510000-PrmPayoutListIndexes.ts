import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind the root list `commissionPayouts`: the default creation order and every offered
 * sort (period, amount, updatedAt) a (column, id) btree, the period's first day serving the period
 * filter in PERIOD_FROM order (a BI tool reads a period's payouts in that order); a partner's own payouts (the row scope or
 * a partnerId filter) in creation order come from the existing (partner_id, created_at, id) and,
 * for a partner's BI sync, (partner_id, updated_at, id). Live rows only, like the list.
 */
const live = 'WHERE deleted_at IS NULL';
const INDEXES: [string, string][] = [
  ['commission_payouts_created_idx', `prm.commission_payouts (created_at, id) ${live}`],
  ['commission_payouts_updated_idx', `prm.commission_payouts (updated_at, id) ${live}`],
  ['commission_payouts_partner_updated_idx', `prm.commission_payouts (partner_id, updated_at, id) ${live}`],
  ['commission_payouts_period_from_idx', `prm.commission_payouts (period_from, id) ${live}`],
  ['commission_payouts_amount_idx', `prm.commission_payouts (amount, id) ${live}`],
];

export class PrmPayoutListIndexes1764232510000 implements MigrationInterface {
  name = 'PrmPayoutListIndexes1764232510000';

  async up(q: QueryRunner): Promise<void> {
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON ${definition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX IF EXISTS prm.${name}`);
  }
}
