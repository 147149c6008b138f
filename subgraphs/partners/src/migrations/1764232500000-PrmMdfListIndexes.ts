import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes behind the root lists `mdfRequests` and `mdfClaims` (filters, `orderBy`, `search`):
 * the default creation order and every offered sort a (column, id) btree; the status filter leads
 * an index in creation order; a partner's own rows (the row scope or a partnerId filter) in
 * creation order come from the existing (partner_id, created_at, id) and, for a partner's BI sync,
 * (partner_id, updated_at, id); the request's activity in a trigram GIN index (search). Live rows
 * only, like the lists.
 */
const live = 'WHERE deleted_at IS NULL';
const INDEXES: [string, string][] = [
  ['mdf_requests_created_idx', `prm.mdf_requests (created_at, id) ${live}`],
  ['mdf_requests_updated_idx', `prm.mdf_requests (updated_at, id) ${live}`],
  ['mdf_requests_partner_updated_idx', `prm.mdf_requests (partner_id, updated_at, id) ${live}`],
  ['mdf_requests_status_idx', `prm.mdf_requests (status, created_at, id) ${live}`],
  ['mdf_requests_reviewed_idx', `prm.mdf_requests (reviewed_at, id) ${live}`],
  ['mdf_requests_amount_idx', `prm.mdf_requests (amount, id) ${live}`],
  ['mdf_requests_activity_trgm_idx', `prm.mdf_requests USING gin (activity gin_trgm_ops) ${live}`],
  ['mdf_claims_created_idx', `prm.mdf_claims (created_at, id) ${live}`],
  ['mdf_claims_updated_idx', `prm.mdf_claims (updated_at, id) ${live}`],
  ['mdf_claims_partner_updated_idx', `prm.mdf_claims (partner_id, updated_at, id) ${live}`],
  ['mdf_claims_status_idx', `prm.mdf_claims (status, created_at, id) ${live}`],
  ['mdf_claims_paid_idx', `prm.mdf_claims (paid_at, id) ${live}`],
  ['mdf_claims_amount_idx', `prm.mdf_claims (amount, id) ${live}`],
];

export class PrmMdfListIndexes1764232500000 implements MigrationInterface {
  name = 'PrmMdfListIndexes1764232500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    for (const [name, definition] of INDEXES) await q.query(`CREATE INDEX ${name} ON ${definition}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [name] of INDEXES) await q.query(`DROP INDEX IF EXISTS prm.${name}`);
  }
}
