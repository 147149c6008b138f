import { OwnedRecordType, saveOwner, type Ownable } from '../users';
import { Customer } from './customer.entity';

/** Customers have an account owner; every live account but a churned one moves with a hand-over. */
export const CUSTOMER_OWNERSHIP: Ownable<Customer> = {
  type: OwnedRecordType.CUSTOMER,
  subject: 'Customer',
  entity: Customer,
  open: (alias) => `${alias}.lifecycle_stage <> 'CHURNED'`,
  setOwner: saveOwner,
};
