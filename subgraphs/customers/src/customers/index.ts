export { Customer, LifecycleStage } from './customer.entity';
export {
  findCustomer,
  findDuplicateCustomer,
  getCustomer,
  insertCustomer,
  newCustomerValues,
} from './customer.service';
export { customerNameKey } from './customer.rules';
