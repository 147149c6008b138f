export { httpCrmClient } from './crm.client';
export type {
  CrmAttributionChange,
  CrmClient,
  CrmDeal,
  CrmDealAggregate,
  CrmDealFacts,
  CrmLeadProfile,
  CrmPartnerSourcedDeal,
  CrmSlot,
} from './crm.client';
