import type { Identity } from '@sales-graph/shared/auth/identity';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { CustomerOwnership as O } from './customer.entity';
import { createCustomer } from './customer.service';
import { ownershipForProspects, setCustomerOwnership } from './ownership.service';

/**
 * Customer ownership against a real CRM database, without the gateway: one history row per change
 * in the change's transaction, a repeat writes nothing, the PRM's prospect look-up matches by
 * normalised domain or name in one statement. (A CHANNEL owner needs the PRM: the scenario
 * `test/rules-of-engagement/` covers it.)
 */
let crm: ServiceTest<CustomersContext>;
const SALES: Identity = { sub: 'user:sales-1', role: 'SALES' };
const history = async (customerId: string) =>
  crm.dataSource.query(
    `SELECT from_ownership, to_ownership, to_partner_id, reason, changed_by FROM crm.customer_ownership_changes
     WHERE customer_id = $1 ORDER BY changed_at, id`,
    [customerId],
  );

beforeAll(async () => {
  crm = await serviceTest('customers');
});
afterAll(() => crm?.stop());

test('each change is one history row (who, from, to, why); setting the same again writes nothing', async () => {
  const customer = await crm.as(SALES, (ctx) =>
    createCustomer(ctx, { name: 'Litware Inc', domain: 'litware.example' }),
  );
  expect(customer.ownership).toBe(O.SHARED);
  const direct = await crm.as(SALES, (ctx) =>
    setCustomerOwnership(ctx, customer.id, O.DIRECT, null, 'Key account'),
  );
  expect(direct).toMatchObject({ ownership: O.DIRECT, ownerPartnerId: null, updatedBy: SALES.sub });
  await crm.as(SALES, (ctx) => setCustomerOwnership(ctx, customer.id, O.DIRECT, null, 'Again'));
  await crm.as(SALES, (ctx) =>
    setCustomerOwnership(ctx, customer.id, O.SHARED, undefined, 'Opened to partners'),
  );
  expect(await history(customer.id)).toEqual([
    {
      from_ownership: 'SHARED',
      to_ownership: 'DIRECT',
      to_partner_id: null,
      reason: 'Key account',
      changed_by: SALES.sub,
    },
    {
      from_ownership: 'DIRECT',
      to_ownership: 'SHARED',
      to_partner_id: null,
      reason: 'Opened to partners',
      changed_by: SALES.sub,
    },
  ]);
});

test('the database refuses a CHANNEL account without its partner, whatever writes it', async () => {
  const customer = await crm.as(SALES, (ctx) => createCustomer(ctx, { name: 'Adventure Works' }));
  await expect(
    crm.dataSource.query(`UPDATE crm.customers SET ownership = 'CHANNEL' WHERE id = $1`, [customer.id]),
  ).rejects.toThrow(/customers_owner_partner_check/);
});

test("the PRM's look-up answers every matching live customer's ownership, by domain or name, in one call", async () => {
  const fabrikam = await crm.as(SALES, (ctx) =>
    createCustomer(ctx, { name: 'Fabrikam GmbH', domain: 'fabrikam.example' }),
  );
  await crm.as(SALES, (ctx) => setCustomerOwnership(ctx, fabrikam.id, O.DIRECT, null, 'Ours'));
  const rows = await crm.as(SALES, (ctx) =>
    ownershipForProspects(ctx, [
      { ref: 'by-domain', domain: 'https://www.fabrikam.example', name: 'Something Else' },
      { ref: 'by-name', domain: null, name: 'FABRIKAM, GmbH' },
      { ref: 'nobody', domain: 'nobody.example', name: 'Nobody' },
    ]),
  );
  expect(rows).toEqual([
    { ref: 'by-domain', ownership: O.DIRECT, ownerPartnerId: null },
    { ref: 'by-name', ownership: O.DIRECT, ownerPartnerId: null },
  ]);
});
