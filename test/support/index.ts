export {
  startTestGraph,
  postGraphQL,
  ADMIN,
  type GraphQLResponse,
  type TestGraph,
  type TestGraphOptions,
} from './graph';
export { as, STAFF, staff } from './identities';
export { client, codes, codeOf, errorOf, expectCode, fails, must, ok, type Data } from './assertions';
export {
  activePartner,
  approveRegistration,
  catalogueProduct,
  createCustomer,
  createDeal,
  createLead,
  inDays,
  partnerUser,
  partnerWithDeal,
  registerDeal,
  seedPartner,
  standardPriceBook,
  startRegistrationReview,
  type CustomerInput,
  type DealInput,
  type LeadInput,
  type PartnerFixture,
  type PartnerUserOptions,
  type PartnerWithDeal,
  type ProductInput,
  type RegistrationInput,
  type RegistrationResult,
} from './fixtures';
export {
  attributeDeal,
  attributeLead,
  expectFullHeadline,
  HEADLINE,
  seedHeadline,
  seedHeadlineCustomer,
  type HeadlineCustomer,
  type HeadlineData,
  type HeadlineDeal,
} from './headline';
export { prmOutbox, type PrmOutboxOptions } from './outbox';
export {
  drainFeed,
  queryFeed,
  readFeed,
  type FeedArgs,
  type FeedEvent,
  type FeedField,
  type FeedPage,
} from './feed';
