export { Partner, PartnerConnection, PartnerStatus, PartnerTier, PartnerType } from './partner.entity';
export { findPartner, getPartner, lockPartner, partnerRepo, visiblePartnerId } from './partner.service';
export { PartnerFilter, PartnerOrder, PartnerTierFilter } from './partner.filter';
export { pagePartners } from './partner.service';
