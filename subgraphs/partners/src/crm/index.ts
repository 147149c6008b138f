export { httpCrmClient } from './crm.client';
export type {
  CrmAttributionChange,
  CrmClient,
  CrmDeal,
  CrmDealAggregate,
  CrmDealFacts,
  CrmLeadProfile,
  CrmOwnership,
  CrmProspect,
  CrmPartnerSourcedDeal,
  CrmSlot,
} from './crm.client';
