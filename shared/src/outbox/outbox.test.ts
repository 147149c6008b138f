import type { DataSource } from 'typeorm';
import { createDataSource } from '../db/datasource';
import { createTestDatabase, type TestDatabase } from '../testing/database';
import { enqueue, OutboxDispatcher, outboxDeadLetterSql, outboxTableSql, type OutboxMessage } from './outbox';

/** The dispatcher against a real PostgreSQL: claims, delivery, failure and backoff. */
let db: TestDatabase;
let ds: DataSource;

beforeAll(async () => {
  db = await createTestDatabase('outbox');
  ds = await createDataSource({
    url: db.url,
    schema: 'obx',
    entities: [],
    migrations: [],
    poolMax: db.poolMax,
  }).initialize();
  await ds.query(`CREATE SCHEMA obx`);
  for (const sql of [...outboxTableSql('obx'), ...outboxDeadLetterSql('obx')]) await ds.query(sql);
});

afterAll(async () => {
  await ds?.destroy();
  await db?.drop();
});

beforeEach(() => ds.query(`DELETE FROM obx.outbox`));

const rows = () =>
  ds.query(
    `SELECT idempotency_key AS key, attempts, delivered_at IS NOT NULL AS delivered, last_error
     FROM obx.outbox ORDER BY created_at, idempotency_key`,
  ) as Promise<{ key: string; attempts: number; delivered: boolean; last_error: string | null }[]>;

const add = (key: string, topic = 'test.topic') =>
  ds.transaction((manager) => enqueue(manager, topic, key, { key }));

describe('enqueue', () => {
  it('writes in the caller transaction: a rolled-back change leaves no message', async () => {
    await expect(
      ds.transaction(async (manager) => {
        await enqueue(manager, 'test.topic', 'rolled-back', {});
        throw new Error('the business change failed');
      }),
    ).rejects.toThrow('the business change failed');
    expect(await rows()).toEqual([]);
  });

  it('refuses to run outside a transaction', async () => {
    await expect(enqueue(ds.manager, 'test.topic', 'k', {})).rejects.toThrow(/inside the transaction/);
  });

  it('is idempotent by key', async () => {
    expect(await add('k1')).toBe(true);
    expect(await add('k1')).toBe(false);
    expect(await rows()).toHaveLength(1);
  });
});

describe('OutboxDispatcher', () => {
  it('delivers each due message once, with its key and payload, and marks it delivered', async () => {
    await add('a');
    await add('b');
    const seen: OutboxMessage[] = [];
    const dispatcher = new OutboxDispatcher(
      ds,
      { 'test.topic': async (m) => void seen.push(m) },
      { pollMs: 0 },
    );
    expect(await dispatcher.dispatchOnce()).toEqual({ claimed: 2, delivered: 2, failed: 0 });
    expect(seen.map((m) => [m.idempotencyKey, m.payload, m.attempts])).toEqual([
      ['a', { key: 'a' }, 1],
      ['b', { key: 'b' }, 1],
    ]);
    expect(await dispatcher.dispatchOnce()).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    expect(await rows()).toEqual([
      { key: 'a', attempts: 1, delivered: true, last_error: null },
      { key: 'b', attempts: 1, delivered: true, last_error: null },
    ]);
  });

  it('records a failure, backs off exponentially, and delivers once the handler succeeds', async () => {
    await add('flaky');
    let fail = true;
    const dispatcher = new OutboxDispatcher(
      ds,
      {
        'test.topic': async () => {
          if (fail) throw new Error('CRM down');
        },
      },
      { pollMs: 0, backoff: { baseMs: 1000, capMs: 3000 } },
    );
    const t0 = new Date('2030-01-01T00:00:00.000Z');
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    const due = async () =>
      ((await ds.query(`SELECT next_attempt_at FROM obx.outbox`)) as { next_attempt_at: Date }[])[0]
        .next_attempt_at;
    expect((await due()).toISOString()).toBe('2030-01-01T00:00:01.000Z');
    // Not due yet: nothing is claimed.
    expect((await dispatcher.dispatchOnce(new Date('2030-01-01T00:00:00.999Z'))).claimed).toBe(0);
    const t1 = new Date('2030-01-01T00:00:01.000Z');
    expect((await dispatcher.dispatchOnce(t1)).failed).toBe(1);
    expect((await due()).toISOString()).toBe('2030-01-01T00:00:03.000Z');
    const t2 = new Date('2030-01-01T00:00:03.000Z');
    expect((await dispatcher.dispatchOnce(t2)).failed).toBe(1);
    // Capped at 3 s (would be 4 s).
    expect((await due()).toISOString()).toBe('2030-01-01T00:00:06.000Z');
    expect(await rows()).toEqual([
      { key: 'flaky', attempts: 3, delivered: false, last_error: 'Error: CRM down' },
    ]);
    fail = false;
    expect(await dispatcher.dispatchOnce(new Date('2030-01-01T00:00:06.000Z'))).toEqual({
      claimed: 1,
      delivered: 1,
      failed: 0,
    });
    expect(await rows()).toEqual([{ key: 'flaky', attempts: 4, delivered: true, last_error: null }]);
  });

  it('keeps a message of a topic with no handler, with the reason', async () => {
    await add('orphan', 'unknown.topic');
    const dispatcher = new OutboxDispatcher(ds, {}, { pollMs: 0 });
    expect((await dispatcher.dispatchOnce()).failed).toBe(1);
    expect(await rows()).toEqual([
      {
        key: 'orphan',
        attempts: 1,
        delivered: false,
        last_error: 'Error: No outbox handler for topic unknown.topic',
      },
    ]);
  });

  it('never hands one message to two dispatchers at once (SKIP LOCKED claim with a lease)', async () => {
    for (let i = 0; i < 30; i += 1) await add(`m${String(i).padStart(2, '0')}`);
    const deliveries: string[] = [];
    const handler = async (m: OutboxMessage) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      deliveries.push(m.idempotencyKey);
    };
    const a = new OutboxDispatcher(ds, { 'test.topic': handler }, { pollMs: 0, batchSize: 7 });
    const b = new OutboxDispatcher(ds, { 'test.topic': handler }, { pollMs: 0, batchSize: 7 });
    // Rounds of both dispatchers run concurrently until everything is delivered.
    for (let round = 0; round < 10 && deliveries.length < 30; round += 1) {
      await Promise.all([a.dispatchOnce(), b.dispatchOnce()]);
    }
    expect(deliveries).toHaveLength(30);
    expect(new Set(deliveries).size).toBe(30);
    expect((await rows()).every((row) => row.delivered && row.attempts === 1)).toBe(true);
  });

  it('takes a message back once the lease of a dispatcher that died with it runs out', async () => {
    await add('stuck');
    const now = new Date('2031-01-01T00:00:00.000Z');
    // Claimed by a dispatcher that then died: attempts 1, leased for 60 s, never marked.
    await ds.query(
      `UPDATE obx.outbox SET attempts = 1, next_attempt_at = $1 WHERE idempotency_key = 'stuck'`,
      [new Date(now.getTime() + 60_000)],
    );
    const seen: number[] = [];
    const dispatcher = new OutboxDispatcher(
      ds,
      { 'test.topic': async (m) => void seen.push(m.attempts) },
      { pollMs: 0 },
    );
    expect((await dispatcher.dispatchOnce(new Date(now.getTime() + 59_000))).claimed).toBe(0);
    expect((await dispatcher.dispatchOnce(new Date(now.getTime() + 60_000))).delivered).toBe(1);
    expect(seen).toEqual([2]);
  });

  it('polls on its own once started, and stops', async () => {
    await add('polled');
    const seen: string[] = [];
    const dispatcher = new OutboxDispatcher(
      ds,
      { 'test.topic': async (m) => void seen.push(m.idempotencyKey) },
      { pollMs: 20 },
    );
    dispatcher.start();
    for (let i = 0; i < 100 && seen.length === 0; i += 1)
      await new Promise((resolve) => setTimeout(resolve, 10));
    await dispatcher.stop();
    expect(seen).toEqual(['polled']);
    await add('after-stop');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(seen).toEqual(['polled']);
  });
});
