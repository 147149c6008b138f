export { partnersMappingAccount } from './account-mapping.service';
