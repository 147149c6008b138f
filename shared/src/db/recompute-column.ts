import type { QueryRunner } from 'typeorm';

/**
 * For a migration: recomputes a derived column (a normalised key) of every row of `table` from
 * its `source` column with the application's own function, so stored keys and the keys the code
 * computes on every save are the same (the rule has no second copy in SQL). One read of
 * (id, source) and ONE set-based UPDATE per table, `FROM unnest(ids, keys)`, touching only the
 * rows whose key changes; soft-deleted rows too (a restored row must match again). At 100,000
 * rows that all change, reading and computing take about 1 s and the UPDATE about as long as any
 * one-column UPDATE of those rows (the table's indexes are the cost): test/company-names.
 */
export async function recomputeColumn(
  q: QueryRunner,
  options: { table: string; source: string; target: string; compute: (value: string) => string | null },
): Promise<number> {
  const { table, source, target, compute } = options;
  const rows: { id: string; value: string | null; key: string | null }[] = await q.query(
    `SELECT id, ${source} AS value, ${target} AS key FROM ${table}`,
  );
  const changed = rows
    .map((row) => ({ id: row.id, key: row.value === null ? null : compute(row.value), was: row.key }))
    .filter((row) => row.key !== row.was);
  if (changed.length === 0) return 0;
  await q.query(
    `UPDATE ${table} t SET ${target} = k.key FROM unnest($1::uuid[], $2::text[]) AS k(id, key) WHERE t.id = k.id`,
    [changed.map((row) => row.id), changed.map((row) => row.key)],
  );
  return changed.length;
}
