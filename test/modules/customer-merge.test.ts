import { getMetadataArgsStorage } from 'typeorm';
import { CRM_MODULES } from '../../subgraphs/customers/src/modules';
import { crmSubscriptions } from '../../subgraphs/customers/src/subscriptions';

/**
 * A customer merge moves every row pointing at the duplicate by asking each owner
 * (`CustomersMerging` in src/subscriptions.ts, `<module>.move`): every module with an entity
 * that has a `customer_id` column subscribes, or its rows would stay on the deleted duplicate.
 * (test/crm-lifecycle checks the moves themselves against the schema's customer_id columns.)
 */
test('every module owning rows with a customer_id moves them on a customer merge', () => {
  const storage = getMetadataArgsStorage();
  const withCustomerId = new Set(
    storage.columns
      .filter((column) => column.options.name === 'customer_id' || column.propertyName === 'customerId')
      .map((column) => column.target),
  );
  const owners = CRM_MODULES.modules
    .filter((manifest) => (manifest.entities ?? []).some((entity) => withCustomerId.has(entity)))
    .map((manifest) => manifest.name)
    .sort();
  expect(owners).toEqual(['activities', 'contacts', 'customers', 'deals', 'leads', 'orders', 'tickets']);
  const movers = crmSubscriptions()
    .handlersOf('CustomersMerging')
    .map((handler) => handler.name);
  // The customers module moves its own (the ownership decisions) in the merge itself.
  expect(owners.filter((owner) => owner !== 'customers' && !movers.includes(`${owner}.move`))).toEqual([]);
});
