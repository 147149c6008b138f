export { partnerDealAggregates } from './partner-deal-facts';
export { createPartnerSourcedDeal, openDealsForProspects } from './partner-deal.service';
