export { httpCrmClient } from './crm.client';
export type {
  CrmAttributionChange,
  CrmCampaignTotal,
  CrmChangeEvent,
  CrmClient,
  CrmDeal,
  CrmDealAggregate,
  CrmDealFacts,
  CrmLeadProfile,
  CrmOwnership,
  CrmProspect,
  CrmPartnerSourcedDeal,
  CrmSlot,
  CrmWebhookChanges,
  CrmWebhookChangesInput,
} from './crm.client';
