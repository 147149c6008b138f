export { assertPartnerAdmin } from './partner-admin';
export { PartnerUser, PartnerUserRole, PartnerUserStatus } from './partner-user.entity';
export { findPartnerUser } from './partner-user.service';
