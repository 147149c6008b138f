export { Partner, PartnerConnection, PartnerStatus, PartnerTier, PartnerType } from './partner.entity';
export {
  activePartnerIds,
  activePartnersIn,
  findPartner,
  getPartner,
  lockPartner,
  partnersIn,
  setPartnerTier,
  visiblePartnerId,
} from './partner.service';
export { PartnerFilter, PartnerOrder, PartnerTierFilter } from './partner.filter';
export { pagePartners } from './partner.service';
