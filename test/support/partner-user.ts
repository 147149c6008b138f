/** Kept for imports written before `fixtures.ts`: import from `test/support` instead. */
export { activePartner, partnerUser, type PartnerUserOptions } from './fixtures';
