import type { Identity } from '@sales-graph/shared/auth/identity';
import { Subscriptions, wireSubscriptions } from '@sales-graph/shared/events/events';
import { serviceTest, type CustomersContext, type ServiceTest } from '../../../../test/support/service';
import { insertContact, newContactValues } from '../contacts';
import { crmSubscriptions, wireCrmSubscriptions, type CrmEvents } from '../subscriptions';
import { MERGED_RECORD_TYPES, mergeCustomers } from './customer.lifecycle';
import { createCustomer } from './customer.service';

/**
 * A merge asks each owner of rows pointing at a customer to move the duplicate's
 * (`CustomersMerging`, src/subscriptions.ts; that every such owner subscribes is
 * test/modules/customer-merge.test.ts): a merge no owner answered for fails and moves nothing.
 */
let crm: ServiceTest<CustomersContext>;
const SALES: Identity = { sub: 'user:sales-merge', role: 'SALES' };
/** Who created the records (the merge stamps its caller on the contacts it moves). */
const CREATOR: Identity = { sub: 'user:sales-creator', role: 'SALES' };

beforeAll(async () => {
  crm = await serviceTest('customers');
});
afterAll(() => crm?.stop());

async function pair(name: string) {
  return crm.as(CREATOR, async (ctx) => {
    const survivor = await createCustomer(ctx, { name: `${name} One` });
    const duplicate = await createCustomer(ctx, { name: `${name} Two`, allowDuplicate: true });
    const contact = await ctx.dataSource.transaction((manager) =>
      insertContact(ctx, manager, duplicate.id, newContactValues({ firstName: 'Ada', lastName: name })),
    );
    return { survivor: survivor.id, duplicate: duplicate.id, contact: contact.id };
  });
}

test('a merge no owner answered the orders for fails and rolls back; wired, it moves every type in order', async () => {
  const { survivor, duplicate, contact } = await pair('Merge Test');
  // The orders' subscriber left out: the merge refuses to leave their rows on the duplicate.
  const withoutOrders = new Subscriptions<CrmEvents>();
  for (const handler of crmSubscriptions().handlersOf('CustomersMerging'))
    if (handler.name !== 'orders.move') withoutOrders.on('CustomersMerging', handler.name, handler.handle);
  wireSubscriptions(crm.dataSource, withoutOrders);
  await expect(crm.as(SALES, (ctx) => mergeCustomers(ctx, survivor, duplicate))).rejects.toThrow(
    'No module moved the Order rows of a merged customer',
  );
  const [kept] = await crm.dataSource.query(`SELECT customer_id FROM crm.contacts WHERE id = $1`, [contact]);
  expect(kept.customer_id).toBe(duplicate);

  wireCrmSubscriptions(crm.dataSource);
  const result = await crm.as(SALES, (ctx) => mergeCustomers(ctx, survivor, duplicate));
  expect(result.moved.map((m) => m.recordType)).toEqual([...MERGED_RECORD_TYPES]);
  expect(result.moved.find((m) => m.recordType === 'Contact')!.ids).toEqual([contact]);
  expect(result.moved.find((m) => m.recordType === 'Order')!.ids).toEqual([]);
  const [moved] = await crm.dataSource.query(
    `SELECT customer_id, updated_by FROM crm.contacts WHERE id = $1`,
    [contact],
  );
  expect(moved).toEqual({ customer_id: survivor, updated_by: SALES.sub });
});
