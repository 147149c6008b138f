export { partnerDealAggregates } from './partner-deal-facts';
export { createPartnerSourcedDeal, openDealsForProspects } from './partner-deal.service';
export { reconcileDealChannels, SalesChannel, type DealChannelDrift } from './deal-channel';
export { PartnerStub, partnerStub } from './partner-stub';
