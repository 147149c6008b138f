export { Lead, LeadConnection, LeadSource } from './lead.entity';
export type { LeadEvents } from './lead.events';
export {
  createLead,
  findLead,
  getLead,
  leadIn,
  leadsIn,
  leadsOfCustomer,
  storedLeadScore,
  withdrawLeadConsent,
} from './lead.service';
export { LEAD_OWNERSHIP } from './lead.ownership';
export { leadsOfCustomerSql, liveLeadIdSql } from './lead.sql';
