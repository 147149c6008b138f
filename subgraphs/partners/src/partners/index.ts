export { Partner, PartnerConnection, PartnerStatus, PartnerTier, PartnerType } from './partner.entity';
export {
  activePartnerIds,
  activePartners,
  openPartnerWith,
  partnerStatusIn,
  activePartnersIn,
  findPartner,
  getPartner,
  insertAppliedPartner,
  livePartnerStatusSql,
  lockPartner,
  partnersIn,
  setPartnerTier,
  visiblePartnerId,
} from './partner.service';
export { PartnerFilter, PartnerOrder, PartnerTierFilter } from './partner.filter';
export { pagePartners } from './partner.service';
