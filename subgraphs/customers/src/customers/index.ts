export { Customer, LifecycleStage } from './customer.entity';
export { normaliseCompanyName } from './customer.rules';
export {
  findCustomer,
  findDuplicateCustomer,
  getCustomer,
  insertCustomer,
  newCustomerValues,
} from './customer.service';
