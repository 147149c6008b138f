import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { customersScale } from '../seed/scale.steps';
import { claimed } from '../access';
import { Customer } from './customer.entity';
import { resolveCustomerReference } from './customer.reference';
import { CustomerResolver } from './customer.resolver';
import {
  CustomerDuplicatePairResolver,
  CustomerLifecycleResolver,
  CustomerMergeResultResolver,
} from './customer.lifecycle.resolver';

declare module '@sales-graph/shared/auth/permissions' {
  interface Subjects {
    Customer: true;
  }
}

/** Customers: the account record, its lifecycle, duplicates and merges. */
export default defineModule({
  name: 'customers',
  entities: [Customer],
  resolvers: [
    CustomerResolver,
    CustomerLifecycleResolver,
    CustomerDuplicatePairResolver,
    CustomerMergeResultResolver,
  ],
  references: { Customer: resolveCustomerReference },
  scope: [[Customer, claimed('customers', 'id')]],
  permissions: {
    Customer: {
      ADMIN: ALL,
      // Sales owns the customer record: it may also delete, restore and merge customers and contacts.
      SALES: ALL,
      MARKETING: READ,
      SUPPORT: READ,
      CHANNEL_MANAGER: READ,
      ANALYST: READ,
      PARTNER: READ,
      SERVICE: READ,
    },
  },
  scale: [customersScale],
});
