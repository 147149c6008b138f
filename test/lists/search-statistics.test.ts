import type { DataSource } from 'typeorm';
import { migrate } from '@sales-graph/shared/db/datasource';
import { SEARCH_STATISTICS_TARGET } from '@sales-graph/shared/db/search-statistics';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createCustomersDataSource } from '../../subgraphs/customers/src/datasource';
import { createPartnersDataSource } from '../../subgraphs/partners/src/datasource';

/**
 * Every column a list searches through a trigram index keeps a fine histogram
 * (`setSearchStatistics`): with the default 100 buckets a rare search term sampled into the
 * histogram is taken for 1 % of the table, and the page is read in list order over every row
 * (seen once in test/bi-list-every-list/prm-money-list-plans.test.ts). A new trigram index must add
 * its columns to its subgraph's `*SearchStatistics` migration.
 */
let db: TestDatabase;
const sources: DataSource[] = [];

beforeAll(async () => {
  db = await createTestDatabase('search_statistics');
  for (const create of [createCustomersDataSource, createPartnersDataSource]) {
    const source = await create(db.url, db.poolMax).initialize();
    await migrate(source);
    sources.push(source);
  }
}, 120_000);
afterAll(async () => {
  for (const source of sources) await source.destroy();
  await db?.drop();
});

test('each trigram-indexed column of both subgraphs has the search statistics target', async () => {
  const columns: { column: string; target: number }[] = await sources[0].query(
    `SELECT DISTINCT n.nspname || '.' || t.relname || '.' || a.attname AS column, a.attstattarget AS target
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_opclass o ON o.oid = ANY (x.indclass::oid[])
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey::int2[])
      WHERE n.nspname IN ('crm', 'prm') AND o.opcname = 'gin_trgm_ops'
      ORDER BY 1`,
  );
  expect(columns.length).toBeGreaterThanOrEqual(19);
  expect(columns.filter(({ target }) => target !== SEARCH_STATISTICS_TARGET)).toEqual([]);
});
