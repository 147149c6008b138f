export { normaliseCompanyName } from './registration.rules';
