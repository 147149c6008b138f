/** Kept for imports written before `fixtures.ts`: import from `test/support` instead. */
export { seedPartner, type PartnerFixture } from './fixtures';
