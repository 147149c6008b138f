import { lowerCaseTrigramIndexes, SEARCH_STATISTICS_TARGET } from '@sales-graph/shared/db/search-statistics';
import { createTestDatabase, subgraphDataSource } from '../support/database';

/**
 * Every column a list searches through a trigram index keeps a fine histogram: with the default
 * 100 buckets a rare search term sampled into the histogram is taken for 1 % of the table, and the
 * page is read in list order over every row (seen once in
 * test/bi-list-every-list/prm-money-list-plans.test.ts). The index columns are `lower(<column>)`
 * (`lowerCaseTrigramIndexes`), whose histograms the planner reads from the index. A new trigram
 * index is made so by the next migration that calls `lowerCaseTrigramIndexes` for its schema, or
 * is created that way, with `ALTER INDEX … ALTER COLUMN k SET STATISTICS` for each column.
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

/**
 * Each column of a pg_trgm index in the two schemas: its definition (`lower(<column>)`, as
 * `search`, `contains` and `startsWith` match it) and the statistics target of that index column,
 * which is where the planner reads an expression's histogram.
 */
const TRIGRAM_COLUMNS = `SELECT n.nspname || '.' || i.relname || '.' || pg_get_indexdef(x.indexrelid, a.attnum, true) AS column,
         a.attstattarget AS target
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_namespace n ON n.oid = i.relnamespace
       JOIN pg_attribute a ON a.attrelid = x.indexrelid AND a.attnum > 0
      WHERE n.nspname IN ('crm', 'prm')
        AND EXISTS (SELECT 1 FROM pg_opclass o WHERE o.oid = ANY (x.indclass::oid[]) AND o.opcname = 'gin_trgm_ops')
      ORDER BY 1`;

test('each trigram index of both subgraphs is over lower-cased text, with the search statistics target', () => {
  expect(new Set(columns.map(({ column }) => column)).size).toBeGreaterThanOrEqual(19);
  expect(columns.filter(({ column }) => !/\.lower\([a-z_]+\)$/.test(column))).toEqual([]);
  expect(columns.filter(({ target }) => target !== SEARCH_STATISTICS_TARGET)).toEqual([]);
});

test('lower(x) LIKE lower(p) matches what x ILIKE p matches; the rebuild goes down and up again', async () => {
  const db = await createTestDatabase('search_lower_case', { migrated: 'customers' });
  const source = await subgraphDataSource('customers', db.url, db.poolMax).initialize();
  try {
    const texts = [
      'Ärzte GmbH',
      'ärzte gmbh',
      'İstanbul Ltd',
      'Straße AG',
      'STRASSE',
      'Ωmega',
      'ωMEGA',
      'a_b%c',
    ];
    const patterns = [
      '%ärz%',
      '%ÄRZ%',
      '%i̇stanbul%',
      '%İST%',
      '%straße%',
      '%STRASSE%',
      '%ω%',
      'a\\_b\\%%',
      '%MEGA',
    ];
    const rows: { same: boolean; hit: boolean }[] = await source.query(
      `SELECT (t ILIKE p) = (lower(t) LIKE lower(p)) AS same, t ILIKE p AS hit
         FROM unnest($1::text[]) AS t CROSS JOIN unnest($2::text[]) AS p`,
      [texts, patterns],
    );
    expect(rows).toHaveLength(texts.length * patterns.length);
    expect(rows.filter((row) => !row.same)).toEqual([]);
    expect(rows.filter((row) => row.hit).length).toBeGreaterThanOrEqual(8);

    const runner = source.createQueryRunner();
    try {
      await lowerCaseTrigramIndexes(runner, 'crm', 'down');
      const plain: { column: string }[] = await runner.query(TRIGRAM_COLUMNS);
      expect(plain.filter(({ column }) => column.startsWith('crm.') && column.includes('lower('))).toEqual(
        [],
      );
      await lowerCaseTrigramIndexes(runner, 'crm', 'up');
      const again: { column: string; target: number }[] = await runner.query(TRIGRAM_COLUMNS);
      expect(again).toEqual(columns.filter(({ column }) => column.startsWith('crm.')));
    } finally {
      await runner.release();
    }
  } finally {
    await source.destroy();
    await db.drop();
  }
}, 120_000);
