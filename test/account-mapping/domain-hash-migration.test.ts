import type { DataSource } from 'typeorm';
import { domainHash } from '@sales-graph/shared/domain';
import { createCustomersDataSource } from '../../subgraphs/customers/src';
import { CrmCustomerDomainHash1764233800000 } from '../../subgraphs/customers/src/customers/1764233800000-CrmCustomerDomainHash';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The migration that adds `customers.domain_hash` backfills existing customers with the app's
 * own function (one set-based UPDATE) and indexes it; a customer without a domain keeps null.
 */
let db: TestDatabase;
let crm: DataSource;
beforeAll(async () => {
  db = await createTestDatabase('domainhash', { migrated: 'customers' });
  crm = await createCustomersDataSource(db.url, db.poolMax).initialize();
}, 120_000);
afterAll(async () => {
  await crm?.destroy();
  await db?.drop();
});

test('backfills every existing customer with a domain, and the overlap query reads the index', async () => {
  const runner = crm.createQueryRunner();
  await new CrmCustomerDomainHash1764233800000().down(runner);
  await runner.query(
    `INSERT INTO crm.customers (name, domain, lifecycle_stage, created_by)
     SELECT 'Company ' || g, CASE WHEN g % 10 = 0 THEN NULL ELSE 'company' || g || '.example' END, 'PROSPECT', 'test'
     FROM generate_series(1, 2000) g`,
  );
  await new CrmCustomerDomainHash1764233800000().up(runner);
  await runner.release();
  const rows: { domain: string | null; domain_hash: string | null }[] = await crm.query(
    `SELECT domain, domain_hash FROM crm.customers`,
  );
  expect(rows).toHaveLength(2000);
  expect(rows.filter((r) => r.domain_hash !== (r.domain === null ? null : domainHash(r.domain)))).toEqual([]);
  expect(rows.filter((r) => r.domain_hash === null)).toHaveLength(200);
  await crm.query('ANALYZE crm.customers');
  const plan: { 'QUERY PLAN': string }[] = await crm.query(
    `EXPLAIN SELECT id FROM crm.customers c WHERE c.deleted_at IS NULL AND c.domain_hash IS NOT NULL AND c.domain_hash = ANY($1::text[])`,
    [[domainHash('company7.example')]],
  );
  expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('customers_domain_hash_idx');
});
