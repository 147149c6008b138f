export { assertPartnerAdmin } from './partner-admin';
export { PartnerUser, PartnerUserRole, PartnerUserStatus } from './partner-user.entity';
export { findPartnerUser, hasLiveUser, insertInvitedAdmin, liveUserWithEmail } from './partner-user.service';
