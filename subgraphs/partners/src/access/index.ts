export { CRM_DEAL, crmDealRule, ownPartner } from './partner-scope';
