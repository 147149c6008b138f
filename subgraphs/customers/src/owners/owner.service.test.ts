import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { OwnedRecordType, rememberUser } from '../users';
import { HAND_OVER_BATCH } from './owner.rules';
import { handOverRecords, reassignOwner } from './owner.service';

/**
 * Users and reassignment against a real CRM database, without the gateway: a person is kept with
 * one statement on their first request and none after (until their claims change); a hand-over
 * moves at most a batch per call and says what is left; a reassignment that fails half-way
 * writes nothing.
 */
let crm: ServiceTest<CustomersContext>;
const ADMIN: Identity = { sub: 'user:boss', role: 'ADMIN', name: 'Boss' };
const LEAVER: Identity = { sub: 'user:leaver', role: 'SALES', name: 'Lee' };
const TAKER: Identity = { sub: 'user:taker', role: 'SALES' };
const idOf = async (sub: string) =>
  ((await crm.dataSource.query(`SELECT id FROM crm.users WHERE sub = $1`, [sub])) as { id: string }[])[0].id;
const counted = async (work: () => Promise<unknown>) => {
  const counter = statementCounter(crm.dataSource);
  const before = counter.count;
  await work();
  return counter.count - before;
};

beforeAll(async () => {
  crm = await serviceTest('customers');
});
afterAll(() => crm?.stop());

test('a person costs one statement on their first request, none after, one again when their claims change', async () => {
  expect(await counted(() => rememberUser(crm.dataSource, ADMIN))).toBe(1);
  expect(await counted(() => rememberUser(crm.dataSource, ADMIN))).toBe(0);
  expect(await counted(() => rememberUser(crm.dataSource, { ...ADMIN, name: 'The Boss' }))).toBe(1);
  expect(
    await counted(() => rememberUser(crm.dataSource, { sub: 'p', role: 'PARTNER', partnerId: 'x' })),
  ).toBe(0);
  const [row] = await crm.dataSource.query(`SELECT name, role, active FROM crm.users WHERE sub = $1`, [
    ADMIN.sub,
  ]);
  expect(row).toEqual({ name: 'The Boss', role: 'ADMIN', active: true });
  // A token without a name keeps the one known.
  await rememberUser(crm.dataSource, { sub: ADMIN.sub, role: 'ADMIN' });
  expect((await crm.dataSource.query(`SELECT name FROM crm.users WHERE sub = $1`, [ADMIN.sub]))[0].name).toBe(
    'The Boss',
  );
  expect(
    await crm.dataSource.query(`SELECT count(*)::int AS n FROM crm.users WHERE role = 'PARTNER'`),
  ).toEqual([{ n: 0 }]);
});

test('a hand-over moves at most a batch per call, open records only, and says what is left', async () => {
  await rememberUser(crm.dataSource, LEAVER);
  await rememberUser(crm.dataSource, TAKER);
  await crm.dataSource.query(
    `INSERT INTO crm.leads (name, source, status, score, owner_id)
     SELECT 'Lead ' || g, 'WEB', CASE WHEN g <= 3 THEN 'CONVERTED' ELSE 'NEW' END, 1, $1
     FROM generate_series(1, $2::int) g`,
    [LEAVER.sub, HAND_OVER_BATCH + 5],
  );
  const [from, to] = [await idOf(LEAVER.sub), await idOf(TAKER.sub)];
  const first = await crm.as(ADMIN, (ctx) => handOverRecords(ctx, from, to, 'Left', [OwnedRecordType.LEAD]));
  expect(first).toEqual({ moved: [{ recordType: 'LEAD', count: HAND_OVER_BATCH }], remaining: 2 });
  const second = await crm.as(ADMIN, (ctx) => handOverRecords(ctx, from, to, 'Left', null));
  expect(second.moved.find((m) => m.recordType === 'LEAD')).toEqual({ recordType: 'LEAD', count: 2 });
  expect(second.remaining).toBe(0);
  const left = await crm.dataSource.query(
    `SELECT status, count(*)::int AS n FROM crm.leads WHERE owner_id = $1 GROUP BY status`,
    [LEAVER.sub],
  );
  expect(left).toEqual([{ status: 'CONVERTED', n: 3 }]);
  const history = await crm.dataSource.query(
    `SELECT count(*)::int AS n FROM crm.owner_changes WHERE from_owner_id = $1 AND to_owner_id = $2 AND reason = 'Left'`,
    [LEAVER.sub, TAKER.sub],
  );
  expect(history).toEqual([{ n: HAND_OVER_BATCH + 2 }]);
});

test('a reassignment refused half-way writes nothing', async () => {
  const [{ id: lead }] = await crm.dataSource.query(
    `INSERT INTO crm.leads (name, source, status, score, owner_id) VALUES ('Solo', 'WEB', 'NEW', 1, $1) RETURNING id`,
    [TAKER.sub],
  );
  const [{ id: other }] = await crm.dataSource.query(
    `INSERT INTO crm.leads (name, source, status, score, owner_id) VALUES ('Not mine', 'WEB', 'NEW', 1, 'user:someone') RETURNING id`,
  );
  const before = await crm.dataSource.query(`SELECT count(*)::int AS n FROM crm.owner_changes`);
  // TAKER (SALES) may move its own lead, not a colleague's: the whole call is refused.
  await expect(
    crm.as(TAKER, async (ctx) =>
      reassignOwner(ctx, OwnedRecordType.LEAD, [lead, other], await idOf(ADMIN.sub), 'Mine'),
    ),
  ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  expect(await crm.dataSource.query(`SELECT owner_id FROM crm.leads WHERE id = $1`, [lead])).toEqual([
    { owner_id: TAKER.sub },
  ]);
  expect(await crm.dataSource.query(`SELECT count(*)::int AS n FROM crm.owner_changes`)).toEqual(before);
});
