export { claimed } from './partner-scope';
export type { CustomersContext } from './partner-scope';
