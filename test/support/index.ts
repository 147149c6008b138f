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
  campaignTouch,
  createCampaign,
  createContact,
  createCustomer,
  createDeal,
  createLead,
  createPipeline,
  inDays,
  RENEWAL_STAGES,
  partnerUser,
  partnerUserRow,
  partnerWithDeal,
  registerDeal,
  seedPartner,
  startRegistrationReview,
  type CustomerInput,
  type DealInput,
  type LeadInput,
  type PartnerFixture,
  type PartnerUserOptions,
  type PartnerWithDeal,
  type PipelineStageFixture,
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
  ADD_DEAL_PARTNER,
  addDealPartners,
  REMOVE_DEAL_PARTNER,
  SET_PRIMARY_DEAL_PARTNER,
  tryAddDealPartner,
  type DealPartnerRoleName,
} from './deal-partners';
export {
  drainFeed,
  queryFeed,
  readFeed,
  type FeedArgs,
  type FeedEvent,
  type FeedField,
  type FeedPage,
} from './feed';
