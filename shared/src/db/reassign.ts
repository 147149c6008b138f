import type { EntityManager } from 'typeorm';

/**
 * For the owner of `table`, in the caller's transaction: points every row of `table` whose
 * `column` is `from` (soft-deleted rows too) at `to`, stamping `updated_at` (and `updated_by`
 * when `by` is given), in ONE statement. Answers the ids moved, sorted. A customer merge's
 * reaction in each module that owns rows of a customer.
 */
export async function reassignRows(
  manager: EntityManager,
  { table, column, from, to, by }: { table: string; column: string; from: string; to: string; by?: string },
): Promise<string[]> {
  const stamp = by === undefined ? '' : ', updated_by = $3';
  const [rows] = (await manager.query(
    `UPDATE ${table} SET ${column} = $1, updated_at = now()${stamp} WHERE ${column} = $2 RETURNING id`,
    by === undefined ? [to, from] : [to, from, by],
  )) as [{ id: string }[], number];
  return rows.map((row) => row.id).sort();
}

/** What a customer merge tells each owner of rows pointing at a customer (the CRM's `CustomersMerging`). */
export interface MergeMove {
  survivorId: string;
  duplicateId: string;
  by: string;
  moved: (recordType: string, ids: readonly string[]) => void;
}

/**
 * The merge reaction of the module owning `table`: moves the duplicate's rows (deleted ones too,
 * by `customer_id`) to the survivor with `reassignRows` and reports their ids as `recordType`;
 * `stampUser` also records the merging user in `updated_by` (tables that keep it).
 */
export function moveRowsOnMerge(
  table: string,
  recordType: string,
  { stampUser = false }: { stampUser?: boolean } = {},
): (manager: EntityManager, event: MergeMove) => Promise<void> {
  return async (manager, event) => {
    const ids = await reassignRows(manager, {
      table,
      column: 'customer_id',
      from: event.duplicateId,
      to: event.survivorId,
      by: stampUser ? event.by : undefined,
    });
    event.moved(recordType, ids);
  };
}
