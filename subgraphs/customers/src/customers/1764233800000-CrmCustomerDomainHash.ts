import type { MigrationInterface, QueryRunner } from 'typeorm';
import { recomputeColumn } from '@sales-graph/shared/db/recompute-column';
import { domainHash } from '@sales-graph/shared/domain';

/**
 * Account mapping: each customer's `domain_hash` (sha256 hex of its normalised domain, the hash a
 * partner uploads), kept by the entity on every save. A nullable column (no rewrite of the
 * table), then ONE set-based UPDATE of the customers that have a domain, computed by the
 * application's own function (`db/recompute-column.ts`), and a partial index the overlap query
 * reads by (`domain_hash = ANY(...)` over live customers).
 */
export class CrmCustomerDomainHash1764233800000 implements MigrationInterface {
  name = 'CrmCustomerDomainHash1764233800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE crm.customers ADD COLUMN domain_hash text`);
    await recomputeColumn(q, {
      table: 'crm.customers',
      source: 'domain',
      target: 'domain_hash',
      compute: domainHash,
    });
    await q.query(
      `CREATE INDEX customers_domain_hash_idx ON crm.customers (domain_hash) WHERE deleted_at IS NULL AND domain_hash IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX crm.customers_domain_hash_idx`);
    await q.query(`ALTER TABLE crm.customers DROP COLUMN domain_hash`);
  }
}
