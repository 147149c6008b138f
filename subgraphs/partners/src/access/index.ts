export { CRM_DEAL, crmDealRule, ownPartner } from './partner-scope';
export { partnerAccess } from './partner-access.service';
