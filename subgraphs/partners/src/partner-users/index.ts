export { assertPartnerAdmin } from './partner-admin';
export { PartnerUser, PartnerUserRole, PartnerUserStatus } from './partner-user.entity';
export { partnerUserRepo } from './partner-user.service';
