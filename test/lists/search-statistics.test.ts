import { SEARCH_STATISTICS_TARGET } from '@sales-graph/shared/db/search-statistics';
import { createTestDatabase, subgraphDataSource } from '../support/database';

/**
 * Every column a list searches through a trigram index keeps a fine histogram
 * (`setSearchStatistics`): with the default 100 buckets a rare search term sampled into the
 * histogram is taken for 1 % of the table, and the page is read in list order over every row
 * (seen once in test/bi-list-every-list/prm-money-list-plans.test.ts). A new trigram index must add
 * its columns to its subgraph's `*SearchStatistics` migration.
 */
const columns: { column: string; target: number }[] = [];

beforeAll(async () => {
  // Each subgraph on its own migrated database, one at a time (the embedded database serves one connection).
  for (const subgraph of ['customers', 'partners'] as const) {
    const db = await createTestDatabase(`search_statistics_${subgraph}`, { migrated: subgraph });
    const source = await subgraphDataSource(subgraph, db.url, db.poolMax).initialize();
    try {
      columns.push(...(await source.query(TRIGRAM_COLUMNS)));
    } finally {
      await source.destroy();
      await db.drop();
    }
  }
}, 120_000);

/** Each column of a pg_trgm index in the two schemas, with its statistics target. */
const TRIGRAM_COLUMNS = `SELECT DISTINCT n.nspname || '.' || t.relname || '.' || a.attname AS column, a.attstattarget AS target
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       JOIN pg_opclass o ON o.oid = ANY (x.indclass::oid[])
       JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = ANY (x.indkey::int2[])
      WHERE n.nspname IN ('crm', 'prm') AND o.opcname = 'gin_trgm_ops'
      ORDER BY 1`;

test('each trigram-indexed column of both subgraphs has the search statistics target', () => {
  expect(new Set(columns.map(({ column }) => column)).size).toBeGreaterThanOrEqual(19);
  expect(columns.filter(({ target }) => target !== SEARCH_STATISTICS_TARGET)).toEqual([]);
});
