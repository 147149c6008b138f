import type { DataSource } from 'typeorm';
import { createDataSource } from '@sales-graph/shared/db/datasource';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { manualTimer, turn } from '../support/timer';
import {
  enqueue,
  OutboxDispatcher,
  outboxDeadLetterSql,
  outboxTableSql,
  type OutboxMessage,
} from '@sales-graph/shared/outbox/outbox';

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
    // Two messages created in the same millisecond (created_at is timestamptz(3)) come in the
    // order of their random ids: the promise is each message once, not an order between them.
    expect(
      seen
        .map((m) => [m.idempotencyKey, m.payload, m.attempts])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ).toEqual([
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
      await new Promise((resolve) => setImmediate(resolve)); // let the other dispatcher's round interleave
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

  it('polls on its own once started, at its poll interval and its clock, and stops', async () => {
    await add('polled');
    const seen: string[] = [];
    const manual = manualTimer();
    const dispatcher = new OutboxDispatcher(
      ds,
      { 'test.topic': async (m) => void seen.push(m.idempotencyKey) },
      { pollMs: 20, timer: manual.timer, clock: () => new Date('2031-01-01T00:00:00.000Z') },
    );
    expect(manual.pendingMs()).toEqual([]); // polling is off until started
    dispatcher.start();
    expect(manual.pendingMs()).toEqual([20]);
    expect(await turn(manual, dispatcher)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    expect(seen).toEqual(['polled']);
    expect(await turn(manual, dispatcher)).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    // A message due only after the dispatcher's clock is not claimed by its polls.
    await add('later');
    await ds.query(
      `UPDATE obx.outbox SET next_attempt_at = '2031-01-01T00:00:01Z' WHERE idempotency_key = 'later'`,
    );
    expect(await turn(manual, dispatcher)).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    await dispatcher.stop();
    expect(dispatcher.running).toBe(false);
    expect(manual.pendingMs()).toEqual([]); // no poll is scheduled once stopped
    await ds.query(
      `UPDATE obx.outbox SET next_attempt_at = '2000-01-01T00:00:00Z' WHERE idempotency_key = 'later'`,
    );
    expect(manual.fire()).toBe(0);
    expect(seen).toEqual(['polled']);
  });

  it('logs a poll round that fails and keeps polling', async () => {
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const manual = manualTimer();
    const broken = new OutboxDispatcher(ds, {}, { pollMs: 5, timer: manual.timer, table: 'no_such_table' });
    try {
      broken.start();
      await expect(turn(manual, broken)).rejects.toThrow('no_such_table');
      expect(errors).toHaveBeenCalledWith(
        '[outbox] dispatch round failed',
        expect.stringContaining('no_such_table'),
      );
      expect(manual.pendingMs()).toEqual([5]);
    } finally {
      await broken.stop();
      errors.mockRestore();
    }
  });
});

describe('OutboxDispatcher: dead letters, jitter and prompt retry', () => {
  const state = () =>
    ds.query(
      `SELECT idempotency_key AS key, attempts, delivered_at IS NOT NULL AS delivered, dead_at IS NOT NULL AS dead,
         next_attempt_at, last_error
       FROM obx.outbox ORDER BY created_at, idempotency_key`,
    ) as Promise<
      {
        key: string;
        attempts: number;
        delivered: boolean;
        dead: boolean;
        next_attempt_at: Date;
        last_error: string | null;
      }[]
    >;

  it('gives a message up after maxAttempts failed attempts, with its last error, and never claims it again', async () => {
    await add('doomed');
    let calls = 0;
    const dispatcher = new OutboxDispatcher(
      ds,
      {
        'test.topic': async () => {
          calls += 1;
          throw new Error(`CRM down (${calls})`);
        },
      },
      { pollMs: 0, maxAttempts: 3, backoff: { baseMs: 1000, capMs: 1000 } },
    );
    const t = (s: number) => new Date(Date.UTC(2032, 0, 1, 0, 0, s));
    expect(await dispatcher.dispatchOnce(t(0))).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(await dispatcher.dispatchOnce(t(1))).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(await dispatcher.dispatchOnce(t(2))).toEqual({ claimed: 1, delivered: 0, failed: 1, dead: 1 });
    expect(await state()).toMatchObject([
      { key: 'doomed', attempts: 3, delivered: false, dead: true, last_error: 'Error: CRM down (3)' },
    ]);
    // However late, a dead letter is not claimed.
    expect(await dispatcher.dispatchOnce(t(3600))).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    expect(calls).toBe(3);
  });

  it('makes a message whose last attempt never finished (lease ran out) a dead letter, undelivered', async () => {
    await add('crashed');
    const now = new Date('2032-02-01T00:00:00.000Z');
    // Its 2nd and last allowed attempt was claimed by a dispatcher that died: the lease ran out.
    await ds.query(`UPDATE obx.outbox SET attempts = 2, next_attempt_at = $1, leased_until = $1`, [now]);
    const seen: string[] = [];
    const dispatcher = new OutboxDispatcher(
      ds,
      { 'test.topic': async (m) => void seen.push(m.idempotencyKey) },
      { pollMs: 0, maxAttempts: 2 },
    );
    expect(await dispatcher.dispatchOnce(now)).toEqual({ claimed: 1, delivered: 0, failed: 0, dead: 1 });
    expect(seen).toEqual([]);
    expect(await state()).toMatchObject([
      { key: 'crashed', dead: true, last_error: 'The last attempt did not finish (its dispatcher stopped)' },
    ]);
  });

  it('jitters the backoff with the injected random source, within the exponential ceiling', async () => {
    await add('jittered');
    const dispatcher = new OutboxDispatcher(
      ds,
      {
        'test.topic': async () => {
          throw new Error('down');
        },
      },
      { pollMs: 0, backoff: { baseMs: 1000, capMs: 60_000, jitter: 1 }, random: () => 0.25 },
    );
    const t0 = new Date('2032-03-01T00:00:00.000Z');
    await dispatcher.dispatchOnce(t0);
    // The first wait is the base (jitter never retries sooner than that).
    expect((await state())[0].next_attempt_at.toISOString()).toBe('2032-03-01T00:00:01.000Z');
    await dispatcher.dispatchOnce(new Date('2032-03-01T00:00:01.000Z'));
    // Ceiling 2 s after the 2nd failure; 0.25 of the span above the base taken off.
    expect((await state())[0].next_attempt_at.toISOString()).toBe('2032-03-01T00:00:02.750Z');
  });

  it("a success with a target makes that target's waiting messages due at once, not others' or dead ones", async () => {
    let crmUp = false;
    const handlers = {
      'crm.create': async () => {
        if (!crmUp) throw new Error('CRM down');
      },
      'mail.send': async () => {
        throw new Error('mail down');
      },
    };
    const dispatcher = new OutboxDispatcher(ds, handlers, {
      pollMs: 0,
      backoff: { baseMs: 600_000, capMs: 600_000 },
    });
    const t0 = new Date('2032-04-01T00:00:00.000Z');
    await add('waiting', 'crm.create');
    await add('other-target', 'mail.send');
    expect((await dispatcher.dispatchOnce(t0)).failed).toBe(2);
    await ds.query(`UPDATE obx.outbox SET dead_at = $1 WHERE idempotency_key = 'other-target'`, [t0]);
    await add('dead-crm', 'crm.create');
    await ds.query(`UPDATE obx.outbox SET dead_at = $1, attempts = 5 WHERE idempotency_key = 'dead-crm'`, [
      t0,
    ]);
    await add('mail-waiting', 'mail.send');
    expect((await dispatcher.dispatchOnce(t0)).failed).toBe(1); // mail-waiting backs off 10 min too
    // Ten minutes of backoff ahead; the CRM comes back, and a new message reaches it.
    crmUp = true;
    const t1 = new Date('2032-04-01T00:00:05.000Z');
    expect((await dispatcher.dispatchOnce(t1)).claimed).toBe(0);
    await add('fresh', 'crm.create');
    expect(await dispatcher.dispatchOnce(t1)).toEqual({ claimed: 1, delivered: 1, failed: 0, promoted: 1 });
    // The next round (same instant, no backoff waited out) delivers the waiting CRM message.
    expect(await dispatcher.dispatchOnce(t1)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    const byKey = Object.fromEntries((await state()).map((row) => [row.key, row]));
    expect(byKey.waiting).toMatchObject({ delivered: true, attempts: 2 });
    expect(byKey['dead-crm']).toMatchObject({ delivered: false, dead: true, attempts: 5 });
    expect(byKey['mail-waiting']).toMatchObject({ delivered: false, dead: false });
    expect(byKey['mail-waiting'].next_attempt_at.getTime()).toBeGreaterThan(t1.getTime());
  });

  it('leaves a message another dispatcher holds alone when its target answers', async () => {
    const t0 = new Date('2032-05-01T00:00:00.000Z');
    await add('held', 'crm.create');
    // Claimed by another dispatcher right now (leased for a minute).
    await ds.query(`UPDATE obx.outbox SET attempts = 1, next_attempt_at = $1, leased_until = $1`, [
      new Date(t0.getTime() + 60_000),
    ]);
    await add('fresh', 'crm.create');
    const seen: string[] = [];
    const dispatcher = new OutboxDispatcher(
      ds,
      { 'crm.create': async (m) => void seen.push(m.idempotencyKey) },
      { pollMs: 0 },
    );
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    // Still held until its lease runs out: the success did not make it due under the other dispatcher.
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    expect(seen).toEqual(['fresh']);
  });

  it("a target's readiness probe that answers makes its waiting messages due; one that fails leaves them", async () => {
    const t0 = new Date('2032-06-01T00:00:00.000Z');
    await add('waiting', 'crm.create');
    let up = false;
    let probes = 0;
    const dispatcher = new OutboxDispatcher(
      ds,
      {
        'crm.create': async () => {
          if (!up) throw new Error('CRM down');
        },
      },
      {
        pollMs: 0,
        backoff: { baseMs: 600_000, capMs: 600_000 },
        probes: {
          crm: async () => {
            probes += 1;
            if (!up) throw new Error('not ready');
          },
        },
      },
    );
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(probes).toBe(1); // probed after the failure: still down, the backoff stands
    expect((await dispatcher.dispatchOnce(t0)).claimed).toBe(0);
    expect(probes).toBe(2);
    up = true;
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 0, delivered: 0, failed: 0, promoted: 1 });
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    // Nothing waits any more: no probe is sent.
    await dispatcher.dispatchOnce(t0);
    expect(probes).toBe(3);
  });

  it('a message that fails while its target answers (probe up) keeps its backoff: no prompt retry for it', async () => {
    const t0 = new Date('2032-07-01T00:00:00.000Z');
    await add('poison', 'crm.create');
    let probes = 0;
    const dispatcher = new OutboxDispatcher(
      ds,
      {
        'crm.create': async (m) => {
          if (m.idempotencyKey === 'poison') throw new Error('BAD_USER_INPUT from the CRM');
        },
      },
      {
        pollMs: 0,
        backoff: { baseMs: 600_000, capMs: 600_000 },
        probes: {
          crm: async () => {
            probes += 1;
          },
        },
      },
    );
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 0, failed: 1 });
    expect(probes).toBe(1); // the CRM answers: not an outage
    // Other deliveries succeed; the failing message is not made due by them, nor probed for again.
    await add('good', 'crm.create');
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 1, delivered: 1, failed: 0 });
    expect(await dispatcher.dispatchOnce(t0)).toEqual({ claimed: 0, delivered: 0, failed: 0 });
    expect(probes).toBe(1);
    expect((await state()).find((row) => row.key === 'poison')).toMatchObject({
      attempts: 1,
      delivered: false,
    });
  });
});
