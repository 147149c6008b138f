import type { EntityManager } from 'typeorm';
import { changeFeedBound, readChanges, type ChangeRow } from '@sales-graph/shared/feed/index';

/**
 * What the webhooks read of the PRM's change feed (`prm.change_feed`, shared's `feed/`): events in
 * commit order up to the feed's bound (an event whose transaction is still open, or any later one,
 * is not returned yet), so a cursor that advances past what it read never skips an event that
 * commits later with a lower position. Changed columns are named as the record's fields.
 */
export interface FeedEvent {
  position: string;
  entityType: string;
  entityId: string;
  op: ChangeRow['op'];
  changedFields: string[];
  mergedInto: string | null;
  /** The partner the record belongs to (the feed's scope column); null for no partner's. */
  partnerId: string | null;
  occurredAt: Date;
}

export type ReadFeed = (manager: EntityManager, afterPosition: string, limit: number) => Promise<FeedEvent[]>;

const camel = (column: string) => column.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());

/**
 * The feed names changed columns (SQL); webhooks name the record's properties (its GraphQL
 * fields), without the soft-delete column (the op says it).
 */
function fieldNames(manager: EntityManager, entityType: string, columns: readonly string[]): string[] {
  const metadata = manager.connection.hasMetadata(entityType)
    ? manager.connection.getMetadata(entityType)
    : null;
  return columns
    .filter((column) => column !== 'deleted_at')
    .map((column) => metadata?.columns.find((c) => c.databaseName === column)?.propertyName ?? camel(column));
}

/** The PRM's feed after `afterPosition` (throws CURSOR_EXPIRED when retention purged past it). */
export const readPrmFeed: ReadFeed = async (manager, afterPosition, limit) =>
  (await readChanges(manager, 'prm', { afterPosition, limit })).map((row) => ({
    position: row.position,
    entityType: row.entityType,
    entityId: row.entityId,
    op: row.op,
    changedFields: fieldNames(manager, row.entityType, row.changedFields),
    mergedInto: row.mergedInto,
    partnerId: row.partnerId,
    occurredAt: new Date(row.occurredAt),
  }));

/**
 * Where a new endpoint's cursor starts: the feed's bound now (every event up to it is settled; it
 * receives every event after it, including those of transactions still open).
 */
export async function prmFeedHead(manager: EntityManager): Promise<string> {
  return (await changeFeedBound(manager, 'prm')).bound;
}
