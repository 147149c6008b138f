import type { EntityManager } from 'typeorm';

/**
 * What the webhooks read of the PRM's change feed (`prm.change_feed`, written by a trigger in each
 * writer's transaction): events in position order, only below the commit horizon (an event whose
 * transaction is still open, or any later one, is not returned yet), so a cursor that advances past
 * what it read never skips an event that commits later with a lower position.
 */
export interface FeedEvent {
  position: string;
  entityType: string;
  entityId: string;
  op: 'CREATED' | 'UPDATED' | 'DELETED' | 'RESTORED' | 'MERGED';
  changedFields: string[];
  mergedInto: string | null;
  /** The partner the record belongs to (the feed's scope column); null for no partner's. */
  partnerId: string | null;
  occurredAt: Date;
}

export type ReadFeed = (manager: EntityManager, afterPosition: string, limit: number) => Promise<FeedEvent[]>;

interface FeedRow {
  position: string;
  entity_type: string;
  entity_id: string;
  op: FeedEvent['op'];
  changed_fields: string[] | null;
  merged_into: string | null;
  partner_id: string | null;
  occurred_at: Date;
}

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/** The feed names changed columns (SQL); webhooks name the record's fields (its entity's properties). */
function fieldNames(manager: EntityManager, entityType: string, columns: readonly string[]): string[] {
  const metadata = manager.connection.hasMetadata(entityType) ? manager.connection.getMetadata(entityType) : null;
  return columns.map(
    (column) => metadata?.columns.find((c) => c.databaseName === column)?.propertyName ?? camel(column),
  );
}

/** The PRM's feed, read below the horizon. */
export const readPrmFeed: ReadFeed = async (manager, afterPosition, limit) => {
  const rows: FeedRow[] = await manager.query(
    `SELECT position::text AS position, entity_type, entity_id, op, changed_fields, merged_into,
            partner_id, occurred_at
       FROM prm.change_feed
      WHERE position > $1::bigint AND xid < pg_snapshot_xmin(pg_current_snapshot())
      ORDER BY position LIMIT $2`,
    [afterPosition, limit],
  );
  return rows.map((row) => ({
    position: row.position,
    entityType: row.entity_type,
    entityId: row.entity_id,
    op: row.op,
    changedFields: fieldNames(manager, row.entity_type, row.changed_fields ?? []),
    mergedInto: row.merged_into,
    partnerId: row.partner_id,
    occurredAt: new Date(row.occurred_at),
  }));
};

/** Where a new endpoint's cursor starts: after every event so far (it receives what happens next). */
export async function prmFeedHead(manager: EntityManager): Promise<string> {
  const [row] = (await manager.query(`SELECT coalesce(max(position), 0)::text AS head FROM prm.change_feed`)) as {
    head: string;
  }[];
  return row?.head ?? '0';
}
