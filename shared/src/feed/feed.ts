import type { EntityManager } from 'typeorm';
import { SCOPED_SQL } from '../access/scope';
import { changeFeedRetentionDays } from '../config';
import { CursorExpiredError } from '../errors';
import type { ScheduledJob } from '../jobs/jobs';
import { FEED_LOCK_MAX } from './feed.sql';
import { DAY_MS } from '../time';

/** What happened to a record. */
export type ChangeOp = 'CREATED' | 'UPDATED' | 'DELETED' | 'RESTORED' | 'MERGED';

/** One event of a subgraph's change feed (`<schema>.change_feed`). */
export interface ChangeRow {
  /** Its place in the feed (a bigint, as a decimal string): strictly increasing, with gaps. */
  position: string;
  /** The writing transaction (`xid8`, as a decimal string): events of one transaction share it. */
  xid: string;
  occurredAt: Date;
  /** GraphQL type of the record (`Deal`). */
  entityType: string;
  entityId: string;
  op: ChangeOp;
  /** Columns (SQL names) whose values changed; empty for CREATED and a hard DELETE. */
  changedFields: string[];
  /** For MERGED: the id of the record it was merged into. */
  mergedInto: string | null;
  /** The partner the record belongs to (PRM rows with a partner column), else null. */
  partnerId: string | null;
}

/**
 * Which events of one type a reader may see: all of them (no ids given), or those whose record id
 * is one of `entityIds` or whose partner is one of `partnerIds` (either matches).
 */
export interface ChangeTypeFilter {
  type: string;
  entityIds?: readonly string[];
  partnerIds?: readonly string[];
}

export interface ReadChangesOptions {
  /** Events strictly after this position (a cursor's); from the oldest retained when absent. */
  afterPosition?: string | null;
  /** Only these types (GraphQL type names); every type when absent. */
  types?: readonly string[];
  /** At most this many events. */
  limit: number;
  /**
   * Per readable type, which of its events (a row-scoped caller); when given, types not listed
   * are not read at all.
   */
  scope?: readonly ChangeTypeFilter[];
}

interface Row {
  position: string;
  xid: string;
  occurred_at: Date;
  entity_type: string;
  entity_id: string;
  op: ChangeOp;
  changed_fields: string[];
  merged_into: string | null;
  partner_id: string | null;
}

const POSITION = /^\d{1,18}$/;
const quote = (schema: string) => `"${schema.replace(/"/g, '""')}"`;

/**
 * The highest position a reader may serve now: every event up to it has committed or rolled back
 * (`feed.sql.ts`: each writing transaction holds an advisory lock keyed by the last position drawn
 * before its first one). Two statements, in this order: the last position drawn, then the writers'
 * locks; the events are read by a later statement (a later snapshot), so a writer gone from the
 * locks has committed before it. Also answers how far retention purged.
 */
export async function changeFeedBound(
  manager: EntityManager,
  schema: string,
): Promise<{ bound: string; purgedThrough: string }> {
  const s = quote(schema);
  const [head] = (await manager.query(
    `SELECT current_setting('transaction_isolation') AS isolation,
            (SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END FROM ${s}.change_feed_position_seq)::text AS drawn,
            (SELECT purged_through FROM ${s}.change_feed_retention WHERE id = 1)::text AS purged`,
  )) as { isolation: string; drawn: string; purged: string | null }[];
  if (head.isolation !== 'read committed') {
    // Under a snapshot taken before the locks are read, a writer that commits in between is missed.
    throw new Error(`readChanges needs READ COMMITTED, not ${head.isolation}`);
  }
  const [locks] = (await manager.query(
    `SELECT min(classid::bigint * 4294967296 + objid::bigint)::text AS lowest
       FROM pg_locks
      WHERE locktype = 'advisory' AND objsubid = 1
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())
        AND classid::bigint < ${FEED_LOCK_MAX / 2 ** 32}`,
  )) as { lowest: string | null }[];
  const bound =
    locks.lowest !== null && BigInt(locks.lowest) < BigInt(head.drawn) ? locks.lowest : head.drawn;
  return { bound, purgedThrough: head.purged ?? '0' };
}

/**
 * Events of `schema`'s change feed after `afterPosition`, in position order, only up to the bound
 * (`changeFeedBound`): a reader that resumes from the last position it got never skips an event
 * that commits later. Throws `CursorExpiredError` (CURSOR_EXPIRED) when retention purged events
 * after `afterPosition`. Run it outside a transaction or in a READ COMMITTED one that has not
 * written to the feed itself (its own open writes hold the bound back). Three statements.
 */
export async function readChanges(
  manager: EntityManager,
  schema: string,
  options: ReadChangesOptions,
): Promise<ChangeRow[]> {
  const after = options.afterPosition ?? '0';
  if (!POSITION.test(after)) throw new Error(`Invalid feed position ${after}`);
  const { bound, purgedThrough } = await changeFeedBound(manager, schema);
  if (options.afterPosition != null && BigInt(after) < BigInt(purgedThrough)) throw new CursorExpiredError();
  const limit = Math.max(0, Math.trunc(options.limit));
  if (limit === 0) return [];

  const params: unknown[] = [after, bound, limit];
  const param = (value: unknown) => `$${params.push(value)}`;
  // One branch per type (or per type's scope), each an index range in position order with its
  // own LIMIT (`change_feed_type_idx`, `change_feed_partner_idx`), merged in position order: a
  // rare type is not found by scanning every other type's events.
  // Each branch's range is written on its index's columns (a row comparison the primary key cannot
  // serve), so the planner reads that index in order instead of the whole feed by position.
  const range = (key: string, value: string) =>
    `(${key}, position) > (${value}, $1) AND (${key}, position) <= (${value}, $2)`;
  const all = `position > $1 AND position <= $2`;
  let branches: { condition: string; order: string }[];
  if (options.scope) {
    const wanted = options.types ? new Set(options.types) : undefined;
    const readable = options.scope.filter((entry) => !wanted || wanted.has(entry.type));
    if (!readable.length) return [];
    branches = readable.map((entry) => {
      const type = param(entry.type);
      if (!entry.entityIds && entry.partnerIds?.length === 1) {
        const partner = `${param(entry.partnerIds[0])}::uuid`;
        return {
          condition: `entity_type = ${type} AND partner_id = ${partner} AND ${range('partner_id', partner)}`,
          order: 'partner_id, position',
        };
      }
      if (!entry.entityIds && !entry.partnerIds) {
        return { condition: range('entity_type', type), order: 'entity_type, position' };
      }
      const ors: string[] = [];
      if (entry.entityIds) ors.push(`entity_id = ANY(${param([...entry.entityIds])}::text[])`);
      if (entry.partnerIds) ors.push(`partner_id = ANY(${param([...entry.partnerIds])}::uuid[])`);
      return { condition: `${all} AND entity_type = ${type} AND (${ors.join(' OR ')})`, order: 'position' };
    });
  } else if (options.types) {
    if (!options.types.length) return [];
    branches = [...new Set(options.types)].map((type) => ({
      condition: range('entity_type', param(type)),
      order: 'entity_type, position',
    }));
  } else {
    branches = [{ condition: all, order: 'position' }];
  }
  const columns = `position::text AS position, xid::text AS xid, occurred_at, entity_type, entity_id, op,
            changed_fields, merged_into, partner_id, position AS at`;
  const branch = ({ condition, order }: { condition: string; order: string }) =>
    `SELECT ${columns} FROM ${quote(schema)}.change_feed
      WHERE ${condition}
      ORDER BY ${order.replace(/\bposition\b/, 'change_feed.position')} LIMIT $3`;
  const sql =
    branches.length === 1
      ? branch(branches[0])
      : `SELECT * FROM (${branches.map((b) => `(${branch(b)})`).join(' UNION ALL ')}) feed ORDER BY at LIMIT $3`;
  const rows = (await manager.query(`${options.scope ? `${SCOPED_SQL} ` : ''}${sql}`, params)) as Row[];
  return rows.map((row) => ({
    position: row.position,
    xid: row.xid,
    occurredAt: row.occurred_at,
    entityType: row.entity_type,
    entityId: row.entity_id,
    op: row.op,
    changedFields: row.changed_fields,
    mergedInto: row.merged_into,
    partnerId: row.partner_id,
  }));
}

/** Events one retention statement deletes at most (each statement stays under the statement timeout). */
export const PURGE_BATCH = 20_000;

/**
 * Deletes the events older than the retention (`days`, CHANGE_FEED_RETENTION_DAYS) at `now`: the
 * oldest run of them in position order, up to the bound, `batch` (PURGE_BATCH) a statement and at
 * most `maxBatches` statements a run (the next run goes on), and remembers the highest position purged:
 * a cursor before it is expired. It stops at the first event still retained, so the purged part of
 * the feed is always a prefix.
 */
export async function purgeChanges(
  manager: EntityManager,
  schema: string,
  now: Date,
  {
    days = changeFeedRetentionDays(),
    batch: batchSize = PURGE_BATCH,
    maxBatches = 50,
  }: { days?: number; batch?: number; maxBatches?: number } = {},
): Promise<{ deleted: number; purgedThrough: string }> {
  const s = quote(schema);
  const { bound, purgedThrough: start } = await changeFeedBound(manager, schema);
  const cutoff = new Date(now.getTime() - days * DAY_MS).toISOString();
  let purgedThrough = start;
  let deleted = 0;
  for (let batch = 0; batch < maxBatches; batch += 1) {
    const [{ through, full }] = (await manager.query(
      `WITH head AS (
         SELECT position, occurred_at FROM ${s}.change_feed
          WHERE position > $1 AND position <= $2 ORDER BY position LIMIT $4),
       kept AS (SELECT min(position) AS position FROM head WHERE occurred_at >= $3)
       SELECT max(head.position)::text AS through, count(*) = $4 AND bool_and(kept.position IS NULL) AS full
         FROM head, kept WHERE kept.position IS NULL OR head.position < kept.position`,
      [purgedThrough, bound, cutoff, batchSize],
    )) as { through: string | null; full: boolean | null }[];
    if (through === null) break;
    const [, count] = (await manager.query(
      `DELETE FROM ${s}.change_feed WHERE position > $1 AND position <= $2`,
      [purgedThrough, through],
    )) as [unknown, number];
    deleted += count;
    purgedThrough = through;
    if (!full) break;
  }
  if (purgedThrough !== start) {
    await manager.query(
      `UPDATE ${s}.change_feed_retention SET purged_through = greatest(purged_through, $1::bigint), purged_at = $2 WHERE id = 1`,
      [purgedThrough, now.toISOString()],
    );
  }
  return { deleted, purgedThrough };
}

/** The periodic job purging `schema`'s change feed past its retention (every subgraph runs one). */
export const changeFeedRetentionJob = (schema: string): ScheduledJob => ({
  name: 'change-feed.retention',
  run: (manager, now) => purgeChanges(manager, schema, now),
});
