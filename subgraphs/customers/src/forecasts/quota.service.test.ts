import type { Identity } from '@sales-graph/shared/auth/identity';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { User } from '../users';
import { PeriodType } from './forecast.rules';
import { Quota } from './quota.entity';
import { removeQuota, setQuota } from './quota.service';

/**
 * Quotas against a real CRM database: two overlapping quotas set at the same instant for the
 * same rep, the second waits on the first (advisory lock) and is CONFLICT, never both written;
 * a removed quota frees its period; a departed rep gets no new quota.
 */
let crm: ServiceTest<CustomersContext>;
const ADMIN: Identity = { sub: 'user:admin', role: 'ADMIN' };
let rep: User;
let gone: User;

beforeAll(async () => {
  crm = await serviceTest('customers');
  const users = crm.dataSource.getRepository(User);
  rep = await users.save({ sub: 'user:quota-rep', name: 'Quota Rep', role: 'SALES', active: true });
  gone = await users.save({ sub: 'user:quota-gone', name: 'Gone Rep', role: 'SALES', active: false });
});
afterAll(() => crm?.stop());

const quota = (userId: string, start: string, type = PeriodType.QUARTER, amount = '100.00') => ({
  userId,
  period: { type, start },
  amount,
  currency: 'EUR',
});

test('overlapping quotas set concurrently: one is written, the other is CONFLICT', async () => {
  const results = await Promise.allSettled([
    crm.as(ADMIN, (ctx) => setQuota(ctx, quota(rep.id, '2027-01-01'))),
    crm.as(ADMIN, (ctx) => setQuota(ctx, quota(rep.id, '2027-02-01', PeriodType.MONTH))),
  ]);
  expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
  const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
  expect(rejected.reason).toMatchObject({ extensions: { code: 'CONFLICT' } });
  expect(await crm.dataSource.getRepository(Quota).count({ where: { userId: rep.id } })).toBe(1);
});

test('a removed quota frees its period; a departed rep gets none', async () => {
  const [existing] = await crm.dataSource.getRepository(Quota).find({ where: { userId: rep.id } });
  const removed = await crm.as(ADMIN, (ctx) => removeQuota(ctx, existing.id));
  expect(removed.id).toBe(existing.id);
  const month = await crm.as(ADMIN, (ctx) =>
    setQuota(ctx, quota(rep.id, '2027-02-01', PeriodType.MONTH, '7.5')),
  );
  expect(month).toMatchObject({ periodStart: '2027-02-01', periodEnd: '2027-02-28', amount: '7.50' });
  await expect(crm.as(ADMIN, (ctx) => removeQuota(ctx, existing.id))).rejects.toMatchObject({
    extensions: { code: 'NOT_FOUND' },
  });
  await expect(crm.as(ADMIN, (ctx) => setQuota(ctx, quota(gone.id, '2027-01-01')))).rejects.toMatchObject({
    extensions: { code: 'BAD_USER_INPUT', field: 'input.userId' },
  });
});
