import { DataSource, type EntityManager } from 'typeorm';
import { emit, MAX_EMIT_DEPTH, Subscriptions, wireSubscriptions } from '@sales-graph/shared/events/events';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The domain-event mechanism (shared/src/events/events.ts) against a real database: subscribers
 * run in the emitter's transaction, in the order they were added, and one that throws rolls the
 * whole transaction back. No gateway, no subgraph: a bare data source and one table.
 */

interface NoteEvents {
  NoteWritten: { id: number; text: string };
  NoteErased: { id: number };
}

let db: TestDatabase;
let dataSource: DataSource;

async function notes(): Promise<string[]> {
  const rows: { text: string }[] = await dataSource.query(`SELECT text FROM notes ORDER BY seq`);
  return rows.map((row) => row.text);
}

const write = (manager: EntityManager, text: string) =>
  manager.query(`INSERT INTO notes (text) VALUES ($1)`, [text]);

beforeAll(async () => {
  db = await createTestDatabase('events');
  dataSource = new DataSource({ type: 'postgres', url: db.url, extra: { max: db.poolMax } });
  await dataSource.initialize();
  await dataSource.query(`CREATE TABLE notes (seq serial PRIMARY KEY, text text NOT NULL)`);
});

afterAll(async () => {
  await dataSource?.destroy();
  await db?.drop();
});

beforeEach(async () => {
  await dataSource.query(`TRUNCATE notes`);
});

test('a data source nothing is wired to emits to no one', async () => {
  const bare = new DataSource({ type: 'postgres', url: db.url, extra: { max: 1 } });
  await bare.initialize();
  try {
    await bare.transaction((manager) => emit<NoteEvents>(manager, { type: 'NoteErased', id: 1 }));
  } finally {
    await bare.destroy();
  }
  expect(await notes()).toEqual([]);
});

test('subscribers run in the order they were added, typed ones before onAny, in the same transaction', async () => {
  const seen: string[] = [];
  wireSubscriptions(
    dataSource,
    new Subscriptions<NoteEvents>()
      .onAny('feed', async (manager, event) => {
        seen.push(`feed:${event.type}`);
        await write(manager, `feed saw ${event.type}`);
      })
      .on('NoteWritten', 'first', async (manager, event) => {
        seen.push(`first:${event.text}`);
        await write(manager, `first saw ${event.text}`);
      })
      .on('NoteErased', 'eraser', () => {
        seen.push('eraser');
      })
      .on('NoteWritten', 'second', async (manager, event) => {
        // Sees what the emitter and the subscriber before it wrote: the same transaction.
        const rows: { n: number }[] = await manager.query(`SELECT count(*)::int AS n FROM notes`);
        seen.push(`second:${event.id}:${rows[0].n}`);
      }),
  );
  await dataSource.transaction(async (manager) => {
    await write(manager, 'hello');
    await emit<NoteEvents>(manager, { type: 'NoteWritten', id: 7, text: 'hello' });
  });
  expect(seen).toEqual(['first:hello', 'second:7:2', 'feed:NoteWritten']);
  expect(await notes()).toEqual(['hello', 'first saw hello', 'feed saw NoteWritten']);
});

test('a throwing subscriber fails the emit and rolls back everything the transaction wrote', async () => {
  const ran: string[] = [];
  wireSubscriptions(
    dataSource,
    new Subscriptions<NoteEvents>()
      .on('NoteWritten', 'writes', async (manager) => {
        ran.push('writes');
        await write(manager, 'reaction');
      })
      .on('NoteWritten', 'refuses', () => {
        ran.push('refuses');
        throw new Error('refused');
      })
      .on('NoteWritten', 'never', () => {
        ran.push('never');
      }),
  );
  await expect(
    dataSource.transaction(async (manager) => {
      await write(manager, 'the change');
      await emit<NoteEvents>(manager, { type: 'NoteWritten', id: 1, text: 'the change' });
    }),
  ).rejects.toThrow('refused');
  expect(ran).toEqual(['writes', 'refuses']);
  expect(await notes()).toEqual([]);
});

test('a subscriber may emit in turn (depth-first); a reaction loop fails loudly and rolls back', async () => {
  const order: string[] = [];
  wireSubscriptions(
    dataSource,
    new Subscriptions<NoteEvents>()
      .on('NoteWritten', 'erase-after-write', async (manager, event) => {
        order.push(`written:${event.id}`);
        await emit<NoteEvents>(manager, { type: 'NoteErased', id: event.id });
        order.push(`after-erase:${event.id}`);
      })
      .on('NoteErased', 'log', (_manager, event) => {
        order.push(`erased:${event.id}`);
      }),
  );
  await dataSource.transaction((manager) =>
    emit<NoteEvents>(manager, { type: 'NoteWritten', id: 3, text: 'x' }),
  );
  expect(order).toEqual(['written:3', 'erased:3', 'after-erase:3']);

  wireSubscriptions(
    dataSource,
    new Subscriptions<NoteEvents>().on('NoteWritten', 'loop', async (manager, event) => {
      await write(manager, `loop ${event.id}`);
      await emit<NoteEvents>(manager, { type: 'NoteWritten', id: event.id + 1, text: 'again' });
    }),
  );
  await expect(
    dataSource.transaction((manager) =>
      emit<NoteEvents>(manager, { type: 'NoteWritten', id: 0, text: 'go' }),
    ),
  ).rejects.toThrow(`${MAX_EMIT_DEPTH} levels deep`);
  expect(await notes()).toEqual([]);
});

test('an event with subscribers must be emitted inside a transaction', async () => {
  wireSubscriptions(
    dataSource,
    new Subscriptions<NoteEvents>().on('NoteErased', 'any', () => undefined),
  );
  await expect(emit<NoteEvents>(dataSource.manager, { type: 'NoteErased', id: 1 })).rejects.toThrow(
    'outside a transaction',
  );
});

test('a subscriber name is used once per event type', () => {
  const subscriptions = new Subscriptions<NoteEvents>().on('NoteWritten', 'a', () => undefined);
  expect(() => subscriptions.on('NoteWritten', 'a', () => undefined)).toThrow('already');
  expect(() => subscriptions.on('NoteErased', 'a', () => undefined)).not.toThrow();
});
