import type { EntityManager, QueryRunner } from 'typeorm';

/**
 * The planner statistics target of a column a list searches by trigram (`search:` is
 * `lower(column) LIKE lower('%term%')`, ILIKE's own test, served by a pg_trgm GIN index over
 * `lower(column)`: `lowerCaseTrigramIndexes`). PostgreSQL estimates such a pattern from the
 * histogram of `lower(column)`, which it keeps for the index column: a term that matches one of
 * its boundaries counts as 1/target of the table,
 * so with the default target (100) a rare term that happens to be sampled into the histogram looks
 * like 1 % of the rows, and the planner reads the table in the list's order (`created_at, id`)
 * hoping to meet 21 matches early — every row, when there are a handful. With 1,000 buckets the
 * worst such guess is 0.1 %, where reading the trigram index and sorting the few matches stays the
 * cheaper plan (test/bi-list-every-list/*-plans.test.ts search cases).
 */
export const SEARCH_STATISTICS_TARGET = 1000;

/**
 * Sets (up) or resets (down) the statistics target of each `[table, column]` searched by trigram
 * (the plain columns': the planner read them while lists matched with ILIKE).
 */
export async function setSearchStatistics(
  q: QueryRunner,
  columns: readonly (readonly [table: string, column: string])[],
  direction: 'up' | 'down',
): Promise<void> {
  const target = direction === 'up' ? SEARCH_STATISTICS_TARGET : -1;
  for (const [table, column] of columns) {
    await q.query(`ALTER TABLE ${table} ALTER COLUMN "${column}" SET STATISTICS ${target}`);
  }
}

/** A pg_trgm GIN index of a schema: its name, table, column definitions and predicate. */
export interface TrigramIndex {
  name: string;
  table: string;
  columns: string[];
  predicate: string | null;
}

const TRIGRAM_INDEXES = `SELECT i.relname AS name, n.nspname || '.' || t.relname AS "table",
         array(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnatts) AS k ORDER BY k) AS columns,
         pg_get_expr(x.indpred, x.indrelid, true) AS predicate
    FROM pg_index x
    JOIN pg_class i ON i.oid = x.indexrelid
    JOIN pg_class t ON t.oid = x.indrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
   WHERE n.nspname = $1
     AND EXISTS (SELECT 1 FROM pg_opclass o WHERE o.oid = ANY (x.indclass::oid[]) AND o.opcname = 'gin_trgm_ops')
   ORDER BY 1`;

/** The pg_trgm indexes of `schema`. */
export async function trigramIndexes(
  q: Pick<EntityManager, 'query'>,
  schema: string,
): Promise<TrigramIndex[]> {
  return (await q.query(TRIGRAM_INDEXES, [schema])) as TrigramIndex[];
}

/**
 * Rebuilds every pg_trgm index of `schema` over the lower-cased text of its columns (up), or over
 * the columns themselves (down), each index column with the search statistics target, then
 * ANALYZEs the tables so that the planner has the new columns' histograms at once.
 *
 * Why lower-cased: `search`, `contains` and `startsWith` match `lower(column) LIKE lower(pattern)`
 * (filters.ts), which is what `ILIKE` does in a UTF-8 database, row for row. The planner estimates
 * a pattern by testing it against each of the histogram's 1,000 boundaries, and ILIKE lower-cases
 * every boundary for every test: about 1 ms of planning per searched column and request on
 * 100,000 customers (0.13 ms on the demo's 60), where LIKE over the index's own lower-cased
 * histogram takes about 0.1 ms at any size.
 */
export async function lowerCaseTrigramIndexes(
  q: QueryRunner,
  schema: string,
  direction: 'up' | 'down',
): Promise<void> {
  const tables = new Set<string>();
  for (const index of await trigramIndexes(q, schema)) {
    const columns = index.columns.map((column) => {
      const plain = /^lower\((.+)\)$/.exec(column)?.[1] ?? column;
      return direction === 'up' ? `lower(${plain})` : plain;
    });
    await q.query(`DROP INDEX ${schema}.${index.name}`);
    await q.query(
      `CREATE INDEX ${index.name} ON ${index.table} USING gin (${columns.map((c) => `${c} gin_trgm_ops`).join(', ')})` +
        (index.predicate ? ` WHERE ${index.predicate}` : ''),
    );
    if (direction === 'up') {
      for (let k = 1; k <= columns.length; k += 1) {
        await q.query(
          `ALTER INDEX ${schema}.${index.name} ALTER COLUMN ${k} SET STATISTICS ${SEARCH_STATISTICS_TARGET}`,
        );
      }
    }
    tables.add(index.table);
  }
  for (const table of tables) await q.query(`ANALYZE ${table}`);
}
