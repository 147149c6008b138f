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
  CrmDealLine,
  CrmDealLineItem,
  CrmExchangeRateOn,
  CrmLeadProfile,
  CrmOwnership,
  CrmProspect,
  CrmPartnerSourcedDeal,
  CrmSlot,
  CrmWebhookChanges,
  CrmWebhookChangesInput,
} from './crm.client';
export { crmRatesLoader, prmConverter } from './exchange-rates';
