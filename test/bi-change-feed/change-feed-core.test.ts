import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { changeFeedRetentionJob, purgeChanges, readChanges } from '@sales-graph/shared/feed/index';
import { JobRunner } from '@sales-graph/shared/jobs/jobs';
import { createTestDatabase, subgraphDataSource, type TestDatabase } from '../support/database';

/**
 * The change feed below GraphQL (shared's `feed/`): the trigger records every write, raw SQL
 * included, in the writer's transaction; the reader serves commit order (never past a position
 * a still-open transaction holds); retention purges and expires old cursors.
 */
let db: TestDatabase;
let crm: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('feed_core', { migrated: 'customers' });
  crm = await subgraphDataSource('customers', db.url, db.poolMax).initialize();
});

afterAll(async () => {
  await crm?.destroy();
  await db?.drop();
});

const read = (after?: string | null, types?: string[]) =>
  readChanges(crm.manager, 'crm', { afterPosition: after, types, limit: 1000 });

async function newCustomer(name: string): Promise<string> {
  const [{ id }] = (await crm.query(
    `INSERT INTO crm.customers (name, name_key, lifecycle_stage) VALUES ($1, lower($1), 'PROSPECT') RETURNING id`,
    [name],
  )) as { id: string }[];
  return id;
}

async function lastPosition(): Promise<string> {
  const [{ p }] = (await crm.query(`SELECT coalesce(max(position), 0)::text AS p FROM crm.change_feed`)) as {
    p: string;
  }[];
  return p;
}

describe('the trigger', () => {
  it('records create, update with its changed columns, soft delete, restore, merge and hard delete', async () => {
    const start = await lastPosition();
    const id = await newCustomer('Feedco');
    const into = await newCustomer('Feedco Holdings');
    await crm.query(`UPDATE crm.customers SET industry = 'Retail', updated_at = now() WHERE id = $1`, [id]);
    await crm.query(`UPDATE crm.customers SET updated_at = now() + interval '1 second' WHERE id = $1`, [id]);
    await crm.query(`UPDATE crm.customers SET industry = industry WHERE id = $1`, [id]);
    await crm.query(`UPDATE crm.customers SET deleted_at = now() WHERE id = $1`, [id]);
    await crm.query(`UPDATE crm.customers SET deleted_at = NULL WHERE id = $1`, [id]);
    await crm.query(`UPDATE crm.customers SET deleted_at = now(), merged_into_id = $2 WHERE id = $1`, [
      id,
      into,
    ]);
    const gone = await newCustomer('Feedco Typo');
    await crm.query(`DELETE FROM crm.customers WHERE id = $1`, [gone]);

    const events = (await read(start)).map(({ entityType, entityId, op, changedFields, mergedInto }) => ({
      entityType,
      entityId,
      op,
      changedFields,
      mergedInto,
    }));
    expect(events).toEqual([
      { entityType: 'Customer', entityId: id, op: 'CREATED', changedFields: [], mergedInto: null },
      { entityType: 'Customer', entityId: into, op: 'CREATED', changedFields: [], mergedInto: null },
      // Only updated_at changed, or nothing changed: no event.
      { entityType: 'Customer', entityId: id, op: 'UPDATED', changedFields: ['industry'], mergedInto: null },
      {
        entityType: 'Customer',
        entityId: id,
        op: 'DELETED',
        changedFields: ['deleted_at'],
        mergedInto: null,
      },
      {
        entityType: 'Customer',
        entityId: id,
        op: 'RESTORED',
        changedFields: ['deleted_at'],
        mergedInto: null,
      },
      {
        entityType: 'Customer',
        entityId: id,
        op: 'MERGED',
        changedFields: ['deleted_at', 'merged_into_id'],
        mergedInto: into,
      },
      { entityType: 'Customer', entityId: gone, op: 'CREATED', changedFields: [], mergedInto: null },
      { entityType: 'Customer', entityId: gone, op: 'DELETED', changedFields: [], mergedInto: null },
    ]);
  });

  it('writes nothing when the transaction rolls back, and reads only the types asked for', async () => {
    const start = await lastPosition();
    await crm
      .transaction(async (manager) => {
        await manager.query(
          `INSERT INTO crm.customers (name, name_key, lifecycle_stage) VALUES ('Gone', 'gone', 'PROSPECT')`,
        );
        throw new Error('roll back');
      })
      .catch(() => undefined);
    const id = await newCustomer('Typed');
    expect((await read(start)).map((e) => e.entityId)).toEqual([id]);
    expect(await read(start, ['Deal'])).toEqual([]);
    expect((await read(start, ['Deal', 'Customer'])).map((e) => e.entityId)).toEqual([id]);
  });
});

describe('commit order', () => {
  // Two sessions at once need a PostgreSQL server; the embedded PGlite serves one connection,
  // where the same bound is checked from inside the open transaction itself.
  const concurrent = Boolean(process.env.TEST_DATABASE_URL);

  it('never serves a position past one a still-open transaction holds, whatever the xids', async () => {
    if (!concurrent) return ownOpenWrites();
    const start = await lastPosition();
    const early = new Client({ connectionString: db.url });
    const held = new Client({ connectionString: db.url });
    await early.connect();
    await held.connect();
    try {
      // `early` gets the lower xid but writes its event last; `held` writes first and stays open.
      await early.query('BEGIN');
      await early.query('SELECT pg_current_xact_id()');
      await held.query('BEGIN');
      await held.query(
        `INSERT INTO crm.customers (name, name_key, lifecycle_stage) VALUES ('Held', 'held', 'PROSPECT')`,
      );
      await early.query(
        `INSERT INTO crm.customers (name, name_key, lifecycle_stage) VALUES ('Early', 'early', 'PROSPECT')`,
      );
      await early.query('COMMIT');

      // The committed event has the higher position: a reader must stop before the open one.
      const [{ positions }] = (await crm.query(
        `SELECT array_agg(position::text ORDER BY position) AS positions FROM crm.change_feed WHERE position > $1`,
        [start],
      )) as { positions: string[] }[];
      expect(positions).toHaveLength(1);
      expect(await read(start)).toEqual([]);

      await held.query('COMMIT');
      const events = await read(start);
      expect(events.map((e) => e.op)).toEqual(['CREATED', 'CREATED']);
      // The held one first (its position is lower), though the other has the lower xid: a rule of
      // "xid below the snapshot's xmin" would have served the other alone, and lost the held one.
      const [heldEvent, earlyEvent] = events;
      expect(earlyEvent.position).toBe(positions[0]);
      expect(BigInt(heldEvent.position)).toBeLessThan(BigInt(earlyEvent.position));
      expect(BigInt(earlyEvent.xid)).toBeLessThan(BigInt(heldEvent.xid));
    } finally {
      await early.end();
      await held.end();
    }
  });

  it("does not serve a transaction's own open writes, even to itself", () => ownOpenWrites());

  async function ownOpenWrites(): Promise<void> {
    const start = await lastPosition();
    await crm.transaction(async (manager) => {
      await manager.query(
        `INSERT INTO crm.customers (name, name_key, lifecycle_stage) VALUES ('Own', 'own', 'PROSPECT')`,
      );
      expect(await readChanges(manager, 'crm', { afterPosition: start, limit: 10 })).toEqual([]);
    });
    expect((await read(start)).map((e) => e.op)).toEqual(['CREATED']);
  }

  it('refuses to read under a snapshot older than its bound', async () => {
    await expect(
      crm.transaction('REPEATABLE READ', (manager) => readChanges(manager, 'crm', { limit: 1 })),
    ).rejects.toThrow(/READ COMMITTED/);
  });
});

describe('retention', () => {
  it('purges events past retention at the injected now, and a cursor before them is CURSOR_EXPIRED', async () => {
    const before = await lastPosition();
    await newCustomer('Old one');
    const cursor = await lastPosition();
    await newCustomer('Old two');
    const now = new Date(Date.now() + 31 * 86_400_000);

    // Nothing is old yet at the real now.
    expect(await purgeChanges(crm.manager, 'crm', new Date(), { days: 30 })).toMatchObject({ deleted: 0 });
    const runner = new JobRunner(crm, [changeFeedRetentionJob('crm')], { intervalMs: 0 });
    const [outcome] = await runner.runOnce(now);
    expect(outcome).toMatchObject({ name: 'change-feed.retention', status: 'done' });
    expect((outcome as { result: { deleted: number } }).result.deleted).toBeGreaterThanOrEqual(2);

    await expect(read(before)).rejects.toMatchObject({ extensions: { code: 'CURSOR_EXPIRED' } });
    await expect(read(cursor)).rejects.toMatchObject({ extensions: { code: 'CURSOR_EXPIRED' } });
    // From the last purged position on, the feed goes on; new events follow.
    const id = await newCustomer('New');
    expect((await read(await purgedThrough())).map((e) => e.entityId)).toEqual([id]);
    expect((await read(null)).map((e) => e.entityId)).toEqual([id]);
  });
});

describe('retention in batches', () => {
  it('purges the oldest run of events, a batch a statement, and stops at the first event still kept', async () => {
    const now = new Date(Date.now() + 31 * 86_400_000);
    await purgeChanges(crm.manager, 'crm', now); // what earlier tests left
    const ids: string[] = [];
    for (const name of ['B1', 'B2', 'B3', 'B4', 'B5']) ids.push(await newCustomer(name));
    const events = await read(await purgedThrough());
    expect(events).toHaveLength(5);
    // The fourth is recent at the injected now; the fifth is old again but after it.
    await crm.query(
      `UPDATE crm.change_feed SET occurred_at = now() + interval '40 days' WHERE position = $1`,
      [events[3].position],
    );
    expect(await purgeChanges(crm.manager, 'crm', now, { batch: 2, maxBatches: 1 })).toEqual({
      deleted: 2,
      purgedThrough: events[1].position,
    });
    expect(await purgeChanges(crm.manager, 'crm', now, { batch: 2 })).toEqual({
      deleted: 1,
      purgedThrough: events[2].position,
    });
    expect(await purgedThrough()).toBe(events[2].position);
    const left = (await read(events[2].position)).map((e) => e.entityId);
    expect(left).toEqual([ids[3], ids[4]]);
    await expect(read(events[1].position)).rejects.toMatchObject({ extensions: { code: 'CURSOR_EXPIRED' } });
  });
});

async function purgedThrough(): Promise<string> {
  const [{ p }] = (await crm.query(
    `SELECT purged_through::text AS p FROM crm.change_feed_retention WHERE id = 1`,
  )) as { p: string }[];
  return p;
}
