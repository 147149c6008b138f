import type { DataSource } from 'typeorm';
import { randomUUID } from 'node:crypto';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { DAY_MS } from '@sales-graph/shared/time';
import {
  Partner,
  PartnerStatus,
  PartnerTier,
  type PartnerType,
} from '../../subgraphs/partners/src/partners/partner.entity';
import {
  PartnerUser,
  PartnerUserRole,
  PartnerUserStatus,
} from '../../subgraphs/partners/src/partner-users/partner-user.entity';
import { must } from './assertions';
import type { TestGraph } from './graph';
import { as } from './identities';

/**
 * Fixtures: the records a scenario needs before the step it tests, each made through the gateway
 * (the real API, as ADMIN unless told otherwise) and answered typed. The one exception is
 * `seedPartner`, which writes a partner past onboarding (the API has no such shortcut).
 */

/** An ISO date `days` from today (a registration's expected close, a deal's close date). */
export const inDays = (days: number) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);

export interface CustomerInput {
  name: string;
  domain?: string | null;
  industry?: string | null;
  region?: string | null;
  lifecycleStage?: string;
  allowDuplicate?: boolean;
}

/** `createCustomer` (a name alone, or the whole input). */
export async function createCustomer(
  graph: TestGraph,
  input: CustomerInput | string,
  identity: Identity = as.admin,
): Promise<{ id: string; name: string }> {
  const { createCustomer: customer } = await must<{ createCustomer: { id: string; name: string } }>(
    graph,
    `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name } }`,
    { input: typeof input === 'string' ? { name: input } : input },
    identity,
  );
  return customer;
}

export interface DealInput {
  customerId: string;
  title: string;
  /** Default "1000.00". */
  amount?: string;
  /** Default EUR. */
  currency?: string;
  stage?: string;
  expectedCloseDate?: string | null;
  leadId?: string | null;
  ownerId?: string | null;
  lostReason?: string | null;
  pipelineId?: string | null;
  stageId?: string | null;
}

/** `createDeal` (amount 1000.00 EUR unless given). */
export async function createDeal(
  graph: TestGraph,
  input: DealInput,
  identity: Identity = as.admin,
): Promise<{ id: string; title: string; stage: string }> {
  const { createDeal: deal } = await must<{ createDeal: { id: string; title: string; stage: string } }>(
    graph,
    `mutation($input: CreateDealInput!) { createDeal(input: $input) { id title stage } }`,
    { input: { amount: '1000.00', currency: 'EUR', ...input } },
    identity,
  );
  return deal;
}

export interface LeadInput {
  name: string;
  /** Default WEB. */
  source?: string;
  status?: string;
  company?: string | null;
  email?: string | null;
  customerId?: string | null;
  industry?: string | null;
  region?: string | null;
  consentGiven?: boolean;
  consentSource?: string | null;
  externalRef?: string | null;
}

/** `createLead` (source WEB unless given). */
export async function createLead(
  graph: TestGraph,
  input: LeadInput,
  identity: Identity = as.admin,
): Promise<{ id: string; status: string }> {
  const { createLead: lead } = await must<{ createLead: { id: string; status: string } }>(
    graph,
    `mutation($input: CreateLeadInput!) { createLead(input: $input) { id status } }`,
    { input: { source: 'WEB', ...input } },
    identity,
  );
  return lead;
}

export interface RegistrationInput {
  prospectCompanyName: string;
  prospectDomain?: string | null;
  /** Required when a staff member registers for a partner. */
  partnerId?: string;
  /** Default "10000.00". */
  estimatedAmount?: string;
  /** Default EUR. */
  currency?: string;
  /** Default 60 days from today. */
  expectedCloseDate?: string;
  /** Default none. */
  products?: string[];
  /** Catalogue product lines (productId, quantity, unitPrice?); default none. */
  productLines?: { productId: string; quantity: string; unitPrice?: string | null }[];
}

export interface RegistrationResult {
  id: string;
  status: string;
  deal: { id: string } | null;
}
const REGISTRATION_FIELDS = 'id status deal { id }';

/** `registerDeal` as `identity` (a partner user, or staff with `partnerId`): SUBMITTED. */
export async function registerDeal(
  graph: TestGraph,
  input: RegistrationInput,
  identity: Identity,
): Promise<RegistrationResult> {
  const { registerDeal: registration } = await must<{ registerDeal: RegistrationResult }>(
    graph,
    `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { ${REGISTRATION_FIELDS} } }`,
    {
      input: {
        estimatedAmount: '10000.00',
        currency: 'EUR',
        expectedCloseDate: inDays(60),
        products: [],
        ...input,
      },
    },
    identity,
  );
  return registration;
}

/** `startDealRegistrationReview`: SUBMITTED → UNDER_REVIEW. */
export async function startRegistrationReview(
  graph: TestGraph,
  id: string,
  identity: Identity = as.channelManager,
): Promise<RegistrationResult> {
  const { startDealRegistrationReview: registration } = await must<{
    startDealRegistrationReview: RegistrationResult;
  }>(
    graph,
    `mutation($id: ID!) { startDealRegistrationReview(id: $id) { ${REGISTRATION_FIELDS} } }`,
    { id },
    identity,
  );
  return registration;
}

/**
 * Takes a SUBMITTED registration through review to APPROVED (`approveDealRegistration`; with
 * `overrideConflicts` and its `reason` when given). `reviewed: true` skips the review step.
 */
export async function approveRegistration(
  graph: TestGraph,
  id: string,
  {
    identity = as.channelManager,
    reviewed = false,
    overrideConflicts,
    reason,
  }: { identity?: Identity; reviewed?: boolean; overrideConflicts?: boolean; reason?: string } = {},
): Promise<RegistrationResult> {
  if (!reviewed) await startRegistrationReview(graph, id, identity);
  const { approveDealRegistration: registration } = await must<{
    approveDealRegistration: RegistrationResult;
  }>(
    graph,
    `mutation($id: ID!, $override: Boolean, $reason: String) {
      approveDealRegistration(id: $id, overrideConflicts: $override, reason: $reason) { ${REGISTRATION_FIELDS} } }`,
    { id, override: overrideConflicts ?? false, reason: reason ?? null },
    identity,
  );
  return registration;
}

export interface PartnerFixture {
  name: string;
  type?: PartnerType | `${PartnerType}`;
  /** Default ACTIVE: the fixture skips onboarding, which `createPartner` never does. */
  status?: PartnerStatus | `${PartnerStatus}`;
  tier?: PartnerTier | `${PartnerTier}`;
  region?: string | null;
  domain?: string | null;
}

/**
 * A partner already through onboarding, at the tier a test needs, written straight into the PRM
 * database like the demo seeds: the public graph creates partners only as APPLIED / REGISTERED,
 * and status and tier change only through their transitions.
 */
/**
 * `graph` is a test graph, or `{ prm: dataSource }` in a PRM service test (test/support/service.ts).
 */
export async function seedPartner(graph: { prm: DataSource }, fixture: PartnerFixture): Promise<string> {
  const repo = graph.prm.getRepository(Partner);
  const saved = await repo.save(
    repo.create({
      name: fixture.name,
      type: (fixture.type ?? 'RESELLER') as PartnerType,
      status: (fixture.status ?? PartnerStatus.ACTIVE) as PartnerStatus,
      tier: (fixture.tier ?? PartnerTier.REGISTERED) as PartnerTier,
      region: fixture.region ?? null,
      domain: fixture.domain ?? null,
      createdBy: 'test:fixture',
    }),
  );
  return saved.id;
}

/**
 * A partner taken through its lifecycle to ACTIVE by an ADMIN (applied, reviewed, approved, its
 * checklist completed), for tests that need an active partner and do not test onboarding.
 */
export async function activePartner(graph: TestGraph, name: string): Promise<string> {
  const { createPartner } = await must<{ createPartner: { id: string } }>(
    graph,
    `mutation($n: String!) { createPartner(input: { name: $n, type: RESELLER }) { id } }`,
    { n: name },
  );
  const id = createPartner.id;
  await must(graph, `mutation($id: ID!) { startPartnerReview(id: $id) { id } }`, { id });
  await must(graph, `mutation($id: ID!) { approvePartnerApplication(id: $id) { id } }`, { id });
  for (const step of ['AGREEMENT_ACCEPTED', 'PROFILE_COMPLETED', 'FIRST_TRAINING_PASSED']) {
    await must(
      graph,
      `mutation($id: ID!, $s: OnboardingStep!) { completeOnboardingStep(partnerId: $id, step: $s) { id } }`,
      { id, s: step },
    );
  }
  return id;
}

export interface PartnerUserOptions {
  role?: 'ADMIN' | 'MEMBER';
  email?: string;
  /** Leave the user INVITED (not yet accepted). */
  invitedOnly?: boolean;
}

/**
 * A real user of `partnerId` (invited and activated through the gateway, as ADMIN) and the PARTNER
 * identity its token carries: `sub` is its PartnerUser id. Subgraphs honour a PARTNER token only
 * for such a user (see `auth/membership.ts`), so tests mint partner identities with this.
 */
export async function partnerUser(
  graph: TestGraph,
  partnerId: string,
  {
    role = 'ADMIN',
    email = `${randomUUID()}@partner-user.test`,
    invitedOnly = false,
  }: PartnerUserOptions = {},
): Promise<Identity & { role: 'PARTNER'; partnerId: string }> {
  const { invitePartnerUser } = await must<{ invitePartnerUser: { id: string } }>(
    graph,
    `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`,
    { input: { partnerId, email, name: email.split('@')[0], role } },
  );
  const id = invitePartnerUser.id;
  if (!invitedOnly) await must(graph, `mutation($id: ID!) { activatePartnerUser(id: $id) { id } }`, { id });
  return { sub: id, role: 'PARTNER', partnerId };
}

/**
 * A real, ACTIVE user of `partnerId` written straight into the PRM database, and the PARTNER
 * identity its token would carry: `partnerUser` for a PRM service test (`{ prm: dataSource }`).
 */
export async function partnerUserRow(
  graph: { prm: DataSource },
  partnerId: string,
): Promise<Identity & { role: 'PARTNER'; partnerId: string }> {
  const repo = graph.prm.getRepository(PartnerUser);
  const user = await repo.save(
    repo.create({
      partnerId,
      email: `${randomUUID()}@partner.test`,
      name: 'Partner user',
      role: PartnerUserRole.ADMIN,
      status: PartnerUserStatus.ACTIVE,
      createdBy: 'test:fixture',
    }),
  );
  return { sub: user.id, role: 'PARTNER', partnerId };
}

/** An active partner with a user, and the CRM deal and customer of its approved registration. */
export interface PartnerWithDeal {
  partnerId: string;
  user: Identity & { role: 'PARTNER'; partnerId: string };
  registrationId: string;
  dealId: string;
  customerId: string;
}

/**
 * An active partner (`activePartner`) whose admin user registers a deal that a channel manager
 * approves; `outbox` (the PRM's, driven by the test) delivers the CRM deal. For scenarios about
 * what a partner may see of its own sourced deal and customer, beside another partner's.
 */
export async function partnerWithDeal(
  graph: TestGraph,
  outbox: { dispatchOnce(): Promise<unknown> },
  name: string,
): Promise<PartnerWithDeal> {
  const partnerId = await activePartner(graph, name);
  const user = await partnerUser(graph, partnerId);
  const registration = await registerDeal(
    graph,
    { prospectCompanyName: `${name} Prospect`, products: ['Platform'] },
    user,
  );
  await approveRegistration(graph, registration.id);
  await outbox.dispatchOnce();
  const [{ deal_id: dealId }] = (await graph.prm.query(
    `SELECT deal_id::text FROM prm.deal_registrations WHERE id = $1`,
    [registration.id],
  )) as { deal_id: string }[];
  const [{ customer_id: customerId }] = (await graph.crm.query(
    `SELECT customer_id::text FROM crm.deals WHERE id = $1`,
    [dealId],
  )) as { customer_id: string }[];
  return { partnerId, user, registrationId: registration.id, dealId, customerId };
}

/** `createContact` of a customer (as ADMIN unless told otherwise). */
export async function createContact(
  graph: TestGraph,
  customerId: string,
  firstName: string,
  identity: Identity = as.admin,
): Promise<{ id: string }> {
  const { createContact: contact } = await must<{ createContact: { id: string } }>(
    graph,
    `mutation($input: CreateContactInput!) { createContact(input: $input) { id } }`,
    { input: { customerId, firstName, lastName: 'Example' } },
    identity,
  );
  return contact;
}

/** `createCampaign` (EMAIL unless told), as MARKETING. */
export async function createCampaign(
  graph: TestGraph,
  name: string,
  channel = 'EMAIL',
  identity: Identity = as.marketing,
): Promise<{ id: string; name: string }> {
  const { createCampaign: campaign } = await must<{ createCampaign: { id: string; name: string } }>(
    graph,
    `mutation($input: CreateCampaignInput!) { createCampaign(input: $input) { id name } }`,
    { input: { name, channel } },
    identity,
  );
  return campaign;
}

/**
 * A campaign touch at a pinned instant: a membership of a contact or a lead enrolled at `at`
 * (written directly: enrolment through the API stamps the current instant, and a scenario about
 * touch order pins its instants rather than waiting between calls).
 */
export async function campaignTouch(
  graph: { crm: DataSource },
  touch: { campaignId: string; contactId?: string; leadId?: string; at: Date },
): Promise<string> {
  const [{ id }] = (await graph.crm.query(
    `INSERT INTO crm.campaign_members (campaign_id, contact_id, lead_id, status, created_at, updated_at, created_by)
     VALUES ($1, $2, $3, 'SENT', $4, $4, 'test') RETURNING id::text`,
    [touch.campaignId, touch.contactId ?? null, touch.leadId ?? null, touch.at],
  )) as { id: string }[];
  return id;
}

export interface PipelineStageFixture {
  name: string;
  probability: number;
  forecastCategory: string;
  kind: 'OPEN' | 'WON' | 'LOST';
  legacyStage?: string | null;
  position?: number | null;
}

/** A renewal pipeline: two open stages (PROSPECTING 40, PROPOSAL 80), won and lost. */
export const RENEWAL_STAGES: readonly PipelineStageFixture[] = [
  {
    name: 'Renewal due',
    probability: 40,
    forecastCategory: 'PIPELINE',
    kind: 'OPEN',
    legacyStage: 'PROSPECTING',
  },
  {
    name: 'Quote sent',
    probability: 80,
    forecastCategory: 'BEST_CASE',
    kind: 'OPEN',
    legacyStage: 'PROPOSAL',
  },
  { name: 'Renewed', probability: 100, forecastCategory: 'CLOSED', kind: 'WON' },
  { name: 'Churned', probability: 0, forecastCategory: 'OMITTED', kind: 'LOST' },
];

/** `createPipeline` as ADMIN (RENEWAL_STAGES unless given): its id and its stages' ids by name. */
export async function createPipeline(
  graph: TestGraph,
  name: string,
  stages: readonly PipelineStageFixture[] = RENEWAL_STAGES,
): Promise<{ id: string; stageIds: Record<string, string> }> {
  const { createPipeline: pipeline } = await must<{
    createPipeline: { id: string; stages: { id: string; name: string }[] };
  }>(
    graph,
    `mutation($input: CreatePipelineInput!) { createPipeline(input: $input) { id stages { id name } } }`,
    { input: { name, stages } },
  );
  return {
    id: pipeline.id,
    stageIds: Object.fromEntries(pipeline.stages.map((stage) => [stage.name, stage.id])),
  };
}

export interface ProductInput {
  sku: string;
  name?: string;
  family?: string | null;
  /** Its price in the standard book of each currency (made when missing), e.g. `{ EUR: '480.00' }`. */
  prices?: Record<string, string>;
}

/** The standard price book of `currency` (made through the gateway as ADMIN when there is none). */
export async function standardPriceBook(graph: TestGraph, currency: string): Promise<string> {
  const { priceBooks } = await must<{ priceBooks: { edges: { node: { id: string } }[] } }>(
    graph,
    `query($currency: String!) { priceBooks(filter: { currency: $currency, isStandard: true }) { edges { node { id } } } }`,
    { currency },
  );
  if (priceBooks.edges[0]) return priceBooks.edges[0].node.id;
  const { createPriceBook } = await must<{ createPriceBook: { id: string } }>(
    graph,
    `mutation($input: CreatePriceBookInput!) { createPriceBook(input: $input) { id } }`,
    { input: { name: `Standard ${currency}`, currency, isStandard: true } },
  );
  return createPriceBook.id;
}

/** A product of the catalogue (as ADMIN) with its standard prices; answers its id. */
export async function catalogueProduct(graph: TestGraph, input: ProductInput): Promise<string> {
  const { createProduct } = await must<{ createProduct: { id: string } }>(
    graph,
    `mutation($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
    { input: { sku: input.sku, name: input.name ?? input.sku, family: input.family ?? null } },
  );
  for (const [currency, unitPrice] of Object.entries(input.prices ?? {})) {
    const priceBookId = await standardPriceBook(graph, currency);
    await must(graph, `mutation($input: SetPriceInput!) { setPrice(input: $input) { unitPrice } }`, {
      input: { priceBookId, productId: createProduct.id, unitPrice },
    });
  }
  return createProduct.id;
}
