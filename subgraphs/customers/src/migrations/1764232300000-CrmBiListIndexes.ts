import type { MigrationInterface, QueryRunner } from 'typeorm';
import { auditLogListIndexDownSql, auditLogListIndexSql } from '@sales-graph/shared/audit/audit.entity';

/**
 * Indexes behind the filters, `orderBy` and `search` of `campaigns`, `automationRules` and
 * `crmAuditLog` (as CrmListIndexes does for the first five lists): every offered sort a
 * (column, id) btree, enum filters leading an index in the default (created_at, id) order, the
 * searched name in a trigram GIN index. Live rows only, like the lists.
 */
const live = 'WHERE deleted_at IS NULL';
const INDEXES: [string, string][] = [
  // campaigns: orders NAME, STARTS_AT, CREATED_AT (campaigns_created_idx), UPDATED_AT; filters
  // status, channel, name, startsAt, endsAt, createdAt, updatedAt; search name.
  ['campaigns_name_idx', `crm.campaigns (name, id) ${live}`],
  ['campaigns_starts_idx', `crm.campaigns (starts_at, id) ${live}`],
  ['campaigns_ends_idx', `crm.campaigns (ends_at, id) ${live}`],
  ['campaigns_updated_idx', `crm.campaigns (updated_at, id) ${live}`],
  ['campaigns_status_idx', `crm.campaigns (status, created_at, id) ${live}`],
  ['campaigns_channel_idx', `crm.campaigns (channel, created_at, id) ${live}`],
  ['campaigns_name_trgm_idx', `crm.campaigns USING gin (name gin_trgm_ops) ${live}`],
  // automation_rules: orders NAME, CREATED_AT (automation_rules_created_idx), UPDATED_AT; filters
  // enabled, trigger (any rule, not only enabled ones), action; search name.
  ['automation_rules_name_idx', `crm.automation_rules (name, id) ${live}`],
  ['automation_rules_updated_idx', `crm.automation_rules (updated_at, id) ${live}`],
  ['automation_rules_enabled_idx', `crm.automation_rules (enabled, created_at, id) ${live}`],
  ['automation_rules_trigger_any_idx', `crm.automation_rules (trigger_type, created_at, id) ${live}`],
  ['automation_rules_action_idx', `crm.automation_rules (action_type, created_at, id) ${live}`],
  ['automation_rules_name_trgm_idx', `crm.automation_rules USING gin (name gin_trgm_ops) ${live}`],
];

export class CrmBiListIndexes1764232300000 implements MigrationInterface {
  name = 'CrmBiListIndexes1764232300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON ${definition}`);
    for (const sql of auditLogListIndexSql('crm')) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const sql of auditLogListIndexDownSql('crm')) await q.query(sql);
    for (const [name] of INDEXES) await q.query(`DROP INDEX crm.${name}`);
  }
}
