export { httpCrmClient } from './crm.client';
export type {
  CrmAttributionChange,
  CrmCampaignTotal,
  CrmCatalogueLine,
  CrmChangeEvent,
  CrmClient,
  CrmDeal,
  CrmDealAggregate,
  CrmDealFacts,
  CrmDealLineItem,
  CrmLeadProfile,
  CrmOwnership,
  CrmProspect,
  CrmPartnerSourcedDeal,
  CrmSlot,
  CrmWebhookChanges,
  CrmWebhookChangesInput,
} from './crm.client';
