export { DealAttribution, LeadAttribution } from './attribution.entity';
export {
  assignLeadTo,
  confirmDealAttribution,
  recordPendingDealAttribution,
  referLeadBy,
} from './attribution.writes';
export { dealAttributionLoader, mapNodes } from './attribution.service';
export {
  DealConnection,
  DealRef,
  LeadConnection,
  LeadRef,
  PartnerDealConnection,
  PartnerLeadConnection,
  PartnerLeadRelation,
} from './shared-entities';
export { partnerDeals, partnerLeads } from './attribution.service';
export { partnersWithPendingAttributions } from './attribution-projection';
export {
  dealAttributionsOf,
  dealPartnerAttributionsOf,
  leadAttributionsOf,
  partnerLeadIdsOf,
  sourcedDealIdsOf,
} from './attribution.of-partners';
export {
  DealPartner,
  DealPartnerAttribution,
  DealPartnerRole,
  DEAL_PARTNER_ROLES,
} from './deal-partner.entity';
export { dealPartnerLoader, dealPartners, partnerDealsInRole } from './deal-partner.service';
