import type { Identity } from '@sales-graph/shared/auth/identity';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { Customer } from './customer.entity';
import { createCustomer } from './customer.service';

/** Creating customers against a real CRM database, without the gateway. */
let crm: ServiceTest<CustomersContext>;
const SALES: Identity = { sub: 'user:sales-1', role: 'SALES' };

beforeAll(async () => {
  crm = await serviceTest('customers');
});
afterAll(() => crm?.stop());

test('a customer is created with its domain normalised, by the caller, and audited as the caller', async () => {
  const customer = await crm.as(SALES, (ctx) =>
    createCustomer(ctx, { name: 'Northwind Traders', domain: 'https://www.Northwind.example/' }),
  );
  expect(customer).toMatchObject({
    domain: 'northwind.example',
    createdBy: SALES.sub,
    lifecycleStage: 'PROSPECT',
  });
  const [audit] = await crm.dataSource.query(
    `SELECT actor_sub, actor_role, action FROM crm.audit_log WHERE record_id = $1`,
    [customer.id],
  );
  expect(audit).toMatchObject({ actor_sub: SALES.sub, actor_role: 'SALES' });
});

test('a second live customer with the same domain or name is a CONFLICT naming the first, unless allowed', async () => {
  const first = await crm.as(SALES, (ctx) =>
    createCustomer(ctx, { name: 'Contoso Ltd', domain: 'contoso.example' }),
  );
  await expect(
    crm.as(SALES, (ctx) => createCustomer(ctx, { name: 'Contoso Two', domain: 'www.contoso.example' })),
  ).rejects.toMatchObject({ extensions: { code: 'CONFLICT', duplicateOf: first.id, reason: 'DOMAIN' } });
  await expect(crm.as(SALES, (ctx) => createCustomer(ctx, { name: 'CONTOSO LTD' }))).rejects.toMatchObject({
    extensions: { code: 'CONFLICT', duplicateOf: first.id, reason: 'NAME' },
  });
  const allowed = await crm.as(SALES, (ctx) =>
    createCustomer(ctx, { name: 'Contoso Ltd', domain: 'contoso.example', allowDuplicate: true }),
  );
  expect(allowed.id).not.toBe(first.id);
});

test('bad input is BAD_USER_INPUT and writes nothing', async () => {
  const before = await crm.dataSource.getRepository(Customer).count();
  await expect(crm.as(SALES, (ctx) => createCustomer(ctx, { name: '   ' }))).rejects.toMatchObject({
    extensions: { code: 'BAD_USER_INPUT' },
  });
  await expect(
    crm.as(SALES, (ctx) => createCustomer(ctx, { name: 'Fabrikam', domain: 'not a domain' })),
  ).rejects.toMatchObject({
    extensions: { code: 'BAD_USER_INPUT' },
  });
  expect(await crm.dataSource.getRepository(Customer).count()).toBe(before);
});
