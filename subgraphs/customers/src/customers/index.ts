export { Customer, CustomerOwnership, LifecycleStage } from './customer.entity';
export { CustomerOwnershipChange } from './ownership.entity';
export {
  createCustomer,
  customerIn,
  customersMatchingProspects,
  customersWithDomainHashes,
  findCustomer,
  findDuplicateCustomer,
  getCustomer,
  insertCustomer,
  lockLiveCustomer,
  newCustomerValues,
} from './customer.service';
export { customerNameKey } from './customer.rules';
export { ProspectInput } from './prospect.input';
export { CUSTOMER_OWNERSHIP } from './customer.ownership';
export type { CustomerEvents } from './customer.events';
