import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditLogListIndexDownSql, auditLogListIndexSql } from '@sales-graph/shared/audit/audit.entity';
import {
  outboxDeadLetterListIndexDownSql,
  outboxDeadLetterListIndexSql,
} from '@sales-graph/shared/outbox/outbox';

/**
 * Indexes behind the filters, `orderBy` and `search` of `mdfBudgets`, `commissionPlans`,
 * `courses`, `expiringCertifications`, `prmAuditLog` and `outboxDeadLetters`: every offered sort
 * a (column, id) btree, enum and id filters leading an index in the list's default order, searched
 * names and titles in trigram GIN indexes (pg_trgm). Live rows only, like the lists.
 */
const live = 'WHERE deleted_at IS NULL';
const INDEXES: [string, string][] = [
  // mdf_budgets: orders NAME, PERIOD_FROM, AMOUNT, CREATED_AT (mdf_budgets_created_idx), UPDATED_AT;
  // filters period (from/to), amount, name, currency; search name.
  ['mdf_budgets_name_idx', `prm.mdf_budgets (name, id) ${live}`],
  ['mdf_budgets_period_from_idx', `prm.mdf_budgets (period_from, id) ${live}`],
  ['mdf_budgets_period_to_idx', `prm.mdf_budgets (period_to, id) ${live}`],
  ['mdf_budgets_amount_idx', `prm.mdf_budgets (amount, id) ${live}`],
  ['mdf_budgets_currency_idx', `prm.mdf_budgets (currency, created_at, id) ${live}`],
  ['mdf_budgets_updated_idx', `prm.mdf_budgets (updated_at, id) ${live}`],
  ['mdf_budgets_name_trgm_idx', `prm.mdf_budgets USING gin (name gin_trgm_ops) ${live}`],
  // commission_plans: at most one live row per tier, four in all (commission_plans_tier_idx serves
  // the tier filter; its currency filter reads those four rows).
  ['commission_plans_updated_idx', `prm.commission_plans (updated_at, id) ${live}`],
  ['commission_plans_tier_order_idx', `prm.commission_plans (tier, id) ${live}`],
  // courses: orders TITLE, CREATED_AT (courses_created_idx), UPDATED_AT; filters level; search title.
  ['courses_title_idx', `prm.courses (title, id) ${live}`],
  ['courses_updated_idx', `prm.courses (updated_at, id) ${live}`],
  ['courses_level_idx', `prm.courses (level, created_at, id) ${live}`],
  ['courses_title_trgm_idx', `prm.courses USING gin (title gin_trgm_ops) ${live}`],
  // certifications, always within an expiry window (certifications_expiry_idx): a partner's own
  // (the row scope, or a partnerId filter) and a course's, in expiry order; orders ISSUED_AT, UPDATED_AT.
  ['certifications_partner_expiry_idx', `prm.certifications (partner_id, expires_at, id) ${live}`],
  ['certifications_course_expiry_idx', `prm.certifications (course_id, expires_at, id) ${live}`],
  ['certifications_issued_idx', `prm.certifications (issued_at, id) ${live}`],
  ['certifications_updated_idx', `prm.certifications (updated_at, id) ${live}`],
];

export class PrmBiListIndexes1764232300000 implements MigrationInterface {
  name = 'PrmBiListIndexes1764232300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON ${definition}`);
    for (const sql of auditLogListIndexSql('prm')) await q.query(sql);
    for (const sql of outboxDeadLetterListIndexSql('prm')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of outboxDeadLetterListIndexDownSql('prm')) await q.query(sql);
    for (const sql of auditLogListIndexDownSql('prm')) await q.query(sql);
    for (const [name] of INDEXES) await q.query(`DROP INDEX prm.${name}`);
  }
}
