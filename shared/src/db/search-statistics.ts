import type { QueryRunner } from 'typeorm';

/**
 * The planner statistics target of a column a list searches by trigram (`search:` is
 * `ILIKE '%term%'` served by a pg_trgm GIN index). PostgreSQL estimates such a pattern from the
 * column's histogram: a term that matches one of its boundaries counts as 1/target of the table,
 * so with the default target (100) a rare term that happens to be sampled into the histogram looks
 * like 1 % of the rows, and the planner reads the table in the list's order (`created_at, id`)
 * hoping to meet 21 matches early — every row, when there are a handful. With 1,000 buckets the
 * worst such guess is 0.1 %, where reading the trigram index and sorting the few matches stays the
 * cheaper plan (test/bi-list-every-list/*-plans.test.ts search cases).
 */
export const SEARCH_STATISTICS_TARGET = 1000;

/** Sets (up) or resets (down) the statistics target of each `[table, column]` searched by trigram. */
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
