import { ALL, READ } from '@sales-graph/shared/auth/permissions';
import { defineModule } from '@sales-graph/shared/module';
import { customersScale } from '../seed/scale.steps';
import { claimed } from '../access';
import { CrmCustomerOwnership1764233000000 } from './1764233000000-CrmCustomerOwnership';
import { CrmCustomerDomainHash1764233800000 } from './1764233800000-CrmCustomerDomainHash';
import { Customer } from './customer.entity';
import { CustomerOwnershipChange } from './ownership.entity';
import { CustomerOwnershipResolver } from './ownership.resolver';
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
    // The rules of engagement: a customer's ownership (set) and its history (read).
    CustomerOwnership: true;
    // The PRM's look-up of the ownership of the customers matching prospects (SERVICE only).
    CustomerOwnershipLookup: true;
  }
}

/** Customers: the account record, its lifecycle, duplicates and merges. */
export default defineModule({
  name: 'customers',
  entities: [Customer, CustomerOwnershipChange],
  migrations: [CrmCustomerOwnership1764233000000, CrmCustomerDomainHash1764233800000],
  resolvers: [
    CustomerResolver,
    CustomerLifecycleResolver,
    CustomerDuplicatePairResolver,
    CustomerMergeResultResolver,
    CustomerOwnershipResolver,
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
    // Sales management sets ownership (no separate sales-manager role exists: SALES and ADMIN).
    CustomerOwnership: { ADMIN: ALL, SALES: ALL, CHANNEL_MANAGER: READ, ANALYST: READ },
    CustomerOwnershipLookup: { SERVICE: READ },
  },
  scale: [customersScale],
});
