export { httpCrmClient } from './crm.client';
export type {
  CrmClient,
  CrmDeal,
  CrmDealAggregate,
  CrmDealFacts,
  CrmLeadProfile,
  CrmPartnerSourcedDeal,
  CrmSlot,
} from './crm.client';
