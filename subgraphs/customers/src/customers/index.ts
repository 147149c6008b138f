export { Customer, LifecycleStage } from './customer.entity';
export {
  createCustomer,
  findCustomer,
  findDuplicateCustomer,
  getCustomer,
  insertCustomer,
  newCustomerValues,
} from './customer.service';
export { customerNameKey } from './customer.rules';
