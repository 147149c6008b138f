import { randomUUID } from 'node:crypto';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { statementCounter } from '@sales-graph/shared/db/datasource';
import {
  activePartner as activePartnerOf,
  as,
  client,
  codes,
  partnerUser,
  postGraphQL,
  startTestGraph,
} from '../support';
import type { TestGraph } from '../support';

/**
 * Access follows membership and status: a PARTNER token or key is honoured, in both subgraphs and
 * on every request, only while its user (or key) is a member of the partner it names, and only as
 * far as that partner's status allows. The membership cache runs on an injected clock: the PRM
 * forgets on every change (no clock needed), the CRM after MEMBERSHIP_CACHE_MS.
 */
const CACHE_MS = 5000;
let clock = 1_000_000;
/** Past the CRM's cache: its next request asks the PRM again. */
const expireCrmCache = () => (clock += CACHE_MS + 1);

let graph: TestGraph;
const { channelManager: CM } = as;
const withKey = (key: string, query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL(graph.gateway.url, query, variables, { authorization: `Bearer ${key}` });

const PRM_READ = `query($p: ID!) { partner(id: $p) { id status } }`;
const CRM_READ = `{ deals(first: 5) { totalCount } }`;
const STATEMENT = `query($p: ID!) { partner(id: $p) { commissionStatement(period: { from: "2026-01-01", to: "2026-12-31" }) { total } } }`;
const REGISTER = `mutation($input: RegisterDealInput!) { registerDeal(input: $input) { id } }`;
const REQUEST_MDF = `mutation($input: RequestMdfInput!) { requestMdf(input: $input) { id } }`;
const CREATE_KEY = `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`;
const INVITE = `mutation($input: InvitePartnerUserInput!) { invitePartnerUser(input: $input) { id } }`;

const { ok } = client(() => graph, CM);

/** A partner taken through its lifecycle to ACTIVE. */
async function activePartner(name: string): Promise<string> {
  const id = await activePartnerOf(graph, name);
  expect((await ok(PRM_READ, { p: id })).partner.status).toBe('ACTIVE');
  return id;
}

const registration = (n: string) => ({
  input: {
    prospectCompanyName: `Prospect ${n}`,
    estimatedAmount: '1000.00',
    currency: 'EUR',
    expectedCloseDate: '2027-06-30',
    products: ['Platform'],
  },
});

beforeAll(async () => {
  graph = await startTestGraph({ membership: { cacheMs: CACHE_MS, now: () => clock } });
});
afterAll(async () => {
  await graph?.stop();
});

test('a removed partner user’s still-valid token is refused on its next request, in both subgraphs', async () => {
  const partnerId = await activePartner('Removal Partner');
  const user = await partnerUser(graph, partnerId, { role: 'MEMBER' });
  expect((await graph.query(PRM_READ, { p: partnerId }, user)).data).toEqual({
    partner: { id: partnerId, status: 'ACTIVE' },
  });
  expect((await graph.query(CRM_READ, {}, user)).data).toEqual({ deals: { totalCount: 0 } });

  await ok(`mutation($id: ID!) { removePartnerUser(id: $id) { status } }`, { id: user.sub });
  // The PRM forgot the membership when the removal committed: no clock, no wait.
  const refused = await graph.query<{ partner: unknown }>(PRM_READ, { p: partnerId }, user);
  expect(codes(refused)).toEqual(['UNAUTHENTICATED']);
  expect(refused.data?.partner ?? null).toBeNull();
  // The CRM asks the PRM again once its few seconds are up.
  expireCrmCache();
  expect(codes(await graph.query(CRM_READ, {}, user))).toEqual(['UNAUTHENTICATED']);
});

test('a PARTNER token naming no partner user, or another partner’s user, is refused', async () => {
  const a = await activePartner('Look-alike A');
  const b = await activePartner('Look-alike B');
  const userOfA = await partnerUser(graph, a);
  const strangers: Identity[] = [
    { sub: randomUUID(), role: 'PARTNER', partnerId: a },
    { sub: 'partner:someone', role: 'PARTNER', partnerId: a },
    { sub: `apikey:${randomUUID()}`, role: 'PARTNER', partnerId: a },
    { ...userOfA, partnerId: b },
    { sub: userOfA.sub, role: 'PARTNER', partnerId: randomUUID() },
  ];
  for (const who of strangers) {
    expect(codes(await graph.query(PRM_READ, { p: who.partnerId }, who))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await graph.query(CRM_READ, {}, who))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await graph.query(REGISTER, registration('stranger'), who))).toEqual(['UNAUTHENTICATED']);
  }
  expect(codes(await graph.query(PRM_READ, { p: a }, userOfA))).toEqual([]);
});

test('a partnerId that is not a well-formed id is UNAUTHENTICATED', async () => {
  for (const partnerId of ['p-1', "' OR 1=1 --", '00000000-0000-0000-0000-00000000000g', ' ']) {
    const r = await graph.query(CRM_READ, {}, { sub: randomUUID(), role: 'PARTNER', partnerId });
    expect(codes(r)).toEqual(['UNAUTHENTICATED']);
  }
});

test('an invited user who has not accepted may accept its invitation and nothing else', async () => {
  const partnerId = await activePartner('Invitation Partner');
  const invited = await partnerUser(graph, partnerId, { invitedOnly: true });
  expect(codes(await graph.query(CRM_READ, {}, invited))).toEqual(['FORBIDDEN']);
  expect(codes(await graph.query(REGISTER, registration('invited'), invited))).toEqual(['FORBIDDEN']);
  await ok(`mutation($id: ID!) { activatePartnerUser(id: $id) { id } }`, { id: invited.sub }, invited);
  expireCrmCache();
  expect(codes(await graph.query(CRM_READ, {}, invited))).toEqual([]);
});

describe('partner status', () => {
  let partnerId: string;
  let admin: Identity;
  let allocationId: string;

  beforeAll(async () => {
    partnerId = await activePartner('Status Partner');
    admin = await partnerUser(graph, partnerId);
    const budgetId: string = (
      await ok(`mutation($i: CreateMdfBudgetInput!) { createMdfBudget(input: $i) { id } }`, {
        i: {
          name: 'Status budget',
          periodFrom: '2026-01-01',
          periodTo: '2027-12-31',
          amount: '5000.00',
          currency: 'EUR',
        },
      })
    ).createMdfBudget.id;
    allocationId = (
      await ok(`mutation($i: AllocateMdfInput!) { allocateMdf(input: $i) { id } }`, {
        i: { budgetId, partnerId, amount: '1000.00' },
      })
    ).allocateMdf.id;
  });

  type Write = [query: string, variables: Record<string, unknown>, table: string];
  const writes = (): Record<string, Write> => ({
    registerDeal: [REGISTER, registration('suspended'), 'deal_registrations'],
    requestMdf: [
      REQUEST_MDF,
      { input: { allocationId, activity: 'Webinar', amount: '100.00' } },
      'mdf_requests',
    ],
    createApiKey: [CREATE_KEY, { input: { name: 'suspended sync', role: 'PARTNER' } }, 'api_keys'],
    invitePartnerUser: [
      INVITE,
      { input: { partnerId, email: `${randomUUID()}@status.example`, name: 'New Rep' } },
      'partner_users',
    ],
  });
  const rows = async (table: string) =>
    (
      await graph.prm.query(`SELECT count(*)::int AS n FROM prm.${table} WHERE partner_id = $1`, [partnerId])
    )[0].n as number;

  test('SUSPENDED: reads still work; every write is FORBIDDEN and writes nothing', async () => {
    // Active: each write works (so the refusals below are the status, not the input).
    for (const [name, [query, variables]] of Object.entries(writes())) {
      expect([name, codes(await graph.query(query, variables, admin))]).toEqual([name, []]);
    }
    await ok(`mutation($id: ID!) { suspendPartner(id: $id, reason: "Unpaid invoices") { id } }`, {
      id: partnerId,
    });

    expect((await graph.query(PRM_READ, { p: partnerId }, admin)).data).toEqual({
      partner: { id: partnerId, status: 'SUSPENDED' },
    });
    expect(codes(await graph.query(STATEMENT, { p: partnerId }, admin))).toEqual([]);
    expect(codes(await graph.query(CRM_READ, {}, admin))).toEqual([]);
    for (const [name, [query, variables, table]] of Object.entries(writes())) {
      const before = await rows(table);
      const r = await graph.query(query, variables, admin);
      expect([name, codes(r)]).toEqual([name, ['FORBIDDEN']]);
      expect([name, await rows(table)]).toEqual([name, before]);
    }
  });

  test('re-activated: the same token writes again on its next request', async () => {
    await ok(`mutation($id: ID!) { reactivatePartner(id: $id, reason: "Paid") { id } }`, { id: partnerId });
    expect(codes(await graph.query(REGISTER, registration('reactivated'), admin))).toEqual([]);
  });

  test('TERMINATED: its users and keys get nothing, in both subgraphs', async () => {
    const key: string = (await ok(CREATE_KEY, { input: { name: 'to terminate', role: 'PARTNER' } }, admin))
      .createApiKey.key;
    // The gateway now trusts the key for API_KEY_CACHE_MS; the subgraphs check it anyway.
    expect(codes(await withKey(key, PRM_READ, { p: partnerId }))).toEqual([]);
    expect(codes(await withKey(key, CRM_READ))).toEqual([]);
    await ok(`mutation($id: ID!) { terminatePartner(id: $id, reason: "Contract ended") { id } }`, {
      id: partnerId,
    });

    expect(codes(await graph.query(PRM_READ, { p: partnerId }, admin))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await graph.query(STATEMENT, { p: partnerId }, admin))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await withKey(key, PRM_READ, { p: partnerId }))).toEqual(['UNAUTHENTICATED']);
    for (const [name, [query, variables, table]] of Object.entries(writes())) {
      const before = await rows(table);
      expect([name, codes(await graph.query(query, variables, admin))]).toEqual([name, ['UNAUTHENTICATED']]);
      expect([name, await rows(table)]).toEqual([name, before]);
    }
    expireCrmCache();
    expect(codes(await graph.query(CRM_READ, {}, admin))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await withKey(key, CRM_READ))).toEqual(['UNAUTHENTICATED']);
  });
});

test('a revoked key is refused on its next request, although the gateway still trusts it', async () => {
  const partnerId = await activePartner('Key Partner');
  const admin = await partnerUser(graph, partnerId);
  const created: { apiKey: { id: string }; key: string } = (
    await ok(
      `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key apiKey { id } } }`,
      {
        input: { name: 'sync', role: 'PARTNER' },
      },
      admin,
    )
  ).createApiKey;
  expect(codes(await withKey(created.key, PRM_READ, { p: partnerId }))).toEqual([]);
  await ok(`mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, { id: created.apiKey.id }, admin);
  expect(codes(await withKey(created.key, PRM_READ, { p: partnerId }))).toEqual(['UNAUTHENTICATED']);
});

test('cost of the check: one PRM statement per look-up, none while cached', async () => {
  const partnerId = await activePartner('Cost Partner');
  const user = await partnerUser(graph, partnerId);
  const prm = statementCounter(graph.prm);
  const crm = statementCounter(graph.crm);
  const measure = async (query: string, variables: Record<string, unknown> = {}) => {
    prm.record();
    crm.record();
    const started = performance.now();
    expect(codes(await graph.query(query, variables, user))).toEqual([]);
    return {
      ms: performance.now() - started,
      membershipStatements: prm.statements.filter((s) => /partner_users u JOIN/.test(s)).length,
    };
  };
  // A PRM query: the first request looks the user up (one statement), the next ones hit the cache.
  expireCrmCache();
  const prmCold = await measure(PRM_READ, { p: partnerId });
  const prmWarm = await measure(PRM_READ, { p: partnerId });
  expect(prmCold.membershipStatements).toBe(1);
  expect(prmWarm.membershipStatements).toBe(0);
  // A CRM query: the CRM asks the PRM (one call, one PRM statement unless the PRM has it cached).
  expireCrmCache();
  const crmCold = await measure(CRM_READ);
  const crmWarm = await measure(CRM_READ);
  expect(crmCold.membershipStatements).toBe(1);
  expect(crmWarm.membershipStatements).toBe(0);
  console.log('[membership cost]', JSON.stringify({ prmCold, prmWarm, crmCold, crmWarm }));
});
