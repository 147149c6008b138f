import type { Identity } from '@sales-graph/shared/auth/identity';
import { OutboxDispatcher } from '@sales-graph/shared/outbox/outbox';
import {
  activePartner,
  approveRegistration,
  as,
  client,
  codeOf,
  createCustomer,
  createDeal,
  inDays,
  partnerUser,
  prmOutbox,
  registerDeal,
  startTestGraph,
} from '../support';
import type { Data, TestGraph } from '../support';

/**
 * A partner developer's first hour, through the gateway started as in production (NODE_ENV,
 * secrets set): it reads the schema, pre-checks prospects, registers one, works the deal once a
 * channel manager approved it, edits its profile, and fails to touch anything else.
 */
const { channelManager: CM, sales: SALES } = as;
const PROSPECT_CHECKS = 8;

const PRODUCTION_ENV = {
  NODE_ENV: 'production',
  JWT_SECRET: 'first-hour-jwt-secret',
  CUSTOMERS_SUBGRAPH_SECRET: 'first-hour-customers-secret',
  PARTNERS_SUBGRAPH_SECRET: 'first-hour-partners-secret',
  CURSOR_SECRET: 'first-hour-cursor-secret',
  PROSPECT_CHECKS_PER_HOUR: String(PROSPECT_CHECKS),
  OUTBOX_POLL_MS: '0',
};
const saved: Record<string, string | undefined> = {};

let graph: TestGraph;
let outbox: OutboxDispatcher;
let partnerId: string;
let otherPartnerId: string;
let admin: Identity;
let member: Identity;
let other: Identity;
/** Spent by the pre-checks so far (the partner's hourly budget). */
let checksSpent = 0;

beforeAll(async () => {
  for (const [name, value] of Object.entries(PRODUCTION_ENV)) {
    saved[name] = process.env[name];
    process.env[name] = value;
  }
  graph = await startTestGraph();
  outbox = prmOutbox(graph);
  partnerId = await activePartner(graph, 'Northwind Resellers');
  otherPartnerId = await activePartner(graph, 'Contoso Partners');
  admin = await partnerUser(graph, partnerId);
  member = await partnerUser(graph, partnerId, { role: 'MEMBER' });
  other = await partnerUser(graph, otherPartnerId);
});

afterAll(async () => {
  await graph?.stop();
  for (const [name, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

const { ok } = client(() => graph);

const PRECHECK = `query($c: String!, $d: String) { prospectAvailability(company: $c, domain: $d) }`;
const precheck = async (company: string, domain: string | null, identity: Identity = admin) => {
  const response = await graph.query<Data>(PRECHECK, { c: company, d: domain }, identity);
  if (identity.partnerId === partnerId && codeOf(response) !== 'RATE_LIMITED') checksSpent += 1;
  return response;
};
const UPDATE_DEAL = `mutation($id: ID!, $input: PartnerDealUpdateInput!) {
  updatePartnerDeal(id: $id, input: $input) { id stage nextStep notes expectedCloseDate amount } }`;
const UPDATE_PARTNER = `mutation($id: ID!, $input: UpdatePartnerInput!) {
  updatePartner(id: $id, input: $input) { id name region domain status tier type } }`;

/** Registers a prospect as `by`, has a channel manager approve it, and delivers its CRM deal. */
async function approvedDeal(by: Identity, company: string, domain: string): Promise<string> {
  const registered = await registerDeal(
    graph,
    {
      prospectCompanyName: company,
      prospectDomain: domain,
      estimatedAmount: '25000.00',
      currency: 'EUR',
      expectedCloseDate: inDays(60),
      products: ['Analytics'],
    },
    by,
  );
  expect(registered.status).toBe('SUBMITTED');
  await approveRegistration(graph, registered.id, { identity: CM });
  await outbox.dispatchOnce();
  const { dealRegistration } = await ok(
    `query($id: ID!) { dealRegistration(id: $id) { dealStatus deal { id } } }`,
    { id: registered.id },
    by,
  );
  expect(dealRegistration.dealStatus).toBe('CREATED');
  return dealRegistration.deal.id;
}

let dealId: string;
let otherDealId: string;

describe("a partner developer's first hour", () => {
  it('asks who it is (me): its partner, its partner user, and what it may do', async () => {
    const { me } = await ok(
      `{ me { sub role partnerId partner { id name status } partnerUser { id role status }
          permissions { subject read create update delete } } }`,
      {},
      admin,
    );
    expect(me).toMatchObject({
      sub: admin.sub,
      role: 'PARTNER',
      partnerId,
      partner: { id: partnerId, name: 'Northwind Resellers', status: 'ACTIVE' },
      partnerUser: { id: admin.sub, role: 'ADMIN', status: 'ACTIVE' },
    });
    const may = (subject: string) =>
      (me.permissions as { subject: string }[]).find((permission) => permission.subject === subject);
    expect(may('DealRegistration')).toMatchObject({ read: true, create: true });
    expect(may('Customer')).toMatchObject({ read: true, create: false, update: false, delete: false });
    expect(may('CommissionPlan')).toMatchObject({ read: false, create: false });
  });

  it('reads the schema through introspection in production mode', async () => {
    const response = await graph.query<Data>(
      `{ __schema { queryType { name } mutationType { fields { name description } } } }`,
      {},
      admin,
    );
    expect(response.errors).toBeUndefined();
    expect(response.data?.__schema.queryType).toEqual({ name: 'Query' });
    // The docs explain themselves: the mutations it will use are there, described.
    const described = new Map(
      (response.data?.__schema.mutationType.fields as { name: string; description: string | null }[]).map(
        (field) => [field.name, field.description],
      ),
    );
    for (const name of ['registerDeal', 'updatePartnerDeal', 'updatePartner']) {
      expect(described.get(name)).toEqual(expect.stringMatching(/\w/));
    }
  });

  it('pre-checks prospects: free, in our direct pipeline, registered; and learns nothing else', async () => {
    const customer = await createCustomer(
      graph,
      { name: 'Globex Corporation', domain: 'globex.example', industry: 'Retail' },
      SALES,
    );
    await createDeal(
      graph,
      { customerId: customer.id, title: 'Globex renewal', amount: '987654.32', currency: 'EUR' },
      SALES,
    );

    const free = await precheck('Initech', 'initech.example');
    expect(free).toEqual({ status: 200, data: { prospectAvailability: 'FREE' } });
    // The direct deal is found by the normalised name and by the domain, alone.
    for (const [company, domain] of [
      ['GLOBEX, Inc.', null],
      ['Someone Else', 'https://www.globex.example/about'],
    ] as const) {
      const direct = await precheck(company, domain);
      expect(direct).toEqual({ status: 200, data: { prospectAvailability: 'IN_DIRECT_PIPELINE' } });
      const text = JSON.stringify(direct);
      for (const secret of ['Globex renewal', 'Globex Corporation', '987654', customer.id, SALES.sub]) {
        expect(text).not.toContain(secret);
      }
    }
  });

  it('registers the prospect, and once approved works its own deal, visible to the CRM at once', async () => {
    dealId = await approvedDeal(admin, 'Initech', 'initech.example');
    expect((await precheck('Initech LLC', null)).data).toEqual({ prospectAvailability: 'REGISTERED_BY_YOU' });
    expect((await precheck('Initech', null, other)).data).toEqual({
      prospectAvailability: 'ALREADY_REGISTERED',
    });

    const closeBy = inDays(45);
    const first = await ok(
      UPDATE_DEAL,
      { id: dealId, input: { nextStep: 'Demo with the CFO on Tuesday', expectedCloseDate: closeBy } },
      admin,
    );
    expect(first.updatePartnerDeal).toMatchObject({
      stage: 'PROSPECTING',
      nextStep: 'Demo with the CFO on Tuesday',
      expectedCloseDate: closeBy,
      amount: '25000.00',
    });
    const moved = await ok(
      UPDATE_DEAL,
      { id: dealId, input: { stage: 'NEGOTIATION', notes: 'Procurement involved' } },
      member,
    );
    expect(moved.updatePartnerDeal).toMatchObject({ stage: 'NEGOTIATION', notes: 'Procurement involved' });

    // The CRM sees it at once; the stage history names the partner user; the audit log has both writes.
    const { deal } = await ok(
      `query($id: ID!) { deal(id: $id) { stage nextStep notes expectedCloseDate amount ownerId
        stageHistory { fromStage toStage changedBy } } }`,
      { id: dealId },
      SALES,
    );
    expect(deal).toEqual({
      stage: 'NEGOTIATION',
      nextStep: 'Demo with the CFO on Tuesday',
      notes: 'Procurement involved',
      expectedCloseDate: closeBy,
      amount: '25000.00',
      ownerId: null,
      stageHistory: [
        { fromStage: null, toStage: 'PROSPECTING', changedBy: 'service:partners' }, // the PRM created it
        { fromStage: 'PROSPECTING', toStage: 'NEGOTIATION', changedBy: member.sub },
      ],
    });
    const audit = await graph.crm.query(
      `SELECT actor_sub, actor_role, after->>'nextStep' AS next_step, after->>'stage' AS stage
       FROM crm.audit_log WHERE record_type = 'Deal' AND record_id = $1 AND action = 'UPDATE' ORDER BY created_at`,
      [dealId],
    );
    expect(audit).toEqual([
      {
        actor_sub: admin.sub,
        actor_role: 'PARTNER',
        next_step: 'Demo with the CFO on Tuesday',
        stage: 'PROSPECTING',
      },
      {
        actor_sub: member.sub,
        actor_role: 'PARTNER',
        next_step: 'Demo with the CFO on Tuesday',
        stage: 'NEGOTIATION',
      },
    ]);
  });

  it('cannot close the deal, move it back, change its amount or touch another partner’s deal', async () => {
    const won = await graph.query(UPDATE_DEAL, { id: dealId, input: { stage: 'CLOSED_WON' } }, admin);
    expect(codeOf(won)).toBe('FORBIDDEN');
    const back = await graph.query(UPDATE_DEAL, { id: dealId, input: { stage: 'QUALIFICATION' } }, admin);
    expect(codeOf(back)).toBe('CONFLICT');
    const amount = await graph.query(
      `mutation($id: ID!) { updatePartnerDeal(id: $id, input: { amount: "1.00" }) { id } }`,
      { id: dealId },
      admin,
    );
    expect(codeOf(amount)).toBe('GRAPHQL_VALIDATION_FAILED');
    // The general deal mutations stay closed to partners.
    const direct = await graph.query(
      `mutation($id: ID!) { updateDeal(id: $id, input: { amount: "1.00" }) { id } }`,
      { id: dealId },
      admin,
    );
    expect(codeOf(direct)).toBe('FORBIDDEN');

    otherDealId = await approvedDeal(other, 'Umbrella Corp', 'umbrella.example');
    const foreign = await graph.query(
      UPDATE_DEAL,
      { id: otherDealId, input: { nextStep: 'Mine now' } },
      admin,
    );
    const missing = await graph.query(
      UPDATE_DEAL,
      { id: '00000000-0000-4000-8000-000000000000', input: { nextStep: 'x' } },
      admin,
    );
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(codeOf(missing)).toBe('NOT_FOUND');
    expect(foreign.errors?.[0]?.message).toBe(`Deal ${otherDealId} not found`);

    const { deal } = await ok(
      `query($id: ID!) { deal(id: $id) { stage nextStep amount } }`,
      { id: dealId },
      SALES,
    );
    expect(deal).toEqual({
      stage: 'NEGOTIATION',
      nextStep: 'Demo with the CFO on Tuesday',
      amount: '25000.00',
    });
    const theirs = await ok(`query($id: ID!) { deal(id: $id) { nextStep } }`, { id: otherDealId }, SALES);
    expect(theirs.deal.nextStep).toBeNull();
  });

  it("edits its own partner's profile as an admin, and nothing else", async () => {
    const mine = await ok(
      UPDATE_PARTNER,
      {
        id: partnerId,
        input: { name: 'Northwind Resellers Europe', region: 'EMEA', domain: 'northwind.example' },
      },
      admin,
    );
    expect(mine.updatePartner).toEqual({
      id: partnerId,
      name: 'Northwind Resellers Europe',
      region: 'EMEA',
      domain: 'northwind.example',
      status: 'ACTIVE',
      tier: 'REGISTERED',
      type: 'RESELLER',
    });
    expect(
      codeOf(await graph.query(UPDATE_PARTNER, { id: otherPartnerId, input: { name: 'Ours' } }, admin)),
    ).toBe('NOT_FOUND');
    expect(
      codeOf(await graph.query(UPDATE_PARTNER, { id: partnerId, input: { region: 'APAC' } }, member)),
    ).toBe('FORBIDDEN');
    const status = await graph.query(
      `mutation($id: ID!) { updatePartner(id: $id, input: { status: ACTIVE, tier: PLATINUM }) { id } }`,
      { id: partnerId },
      admin,
    );
    expect(codeOf(status)).toBe('GRAPHQL_VALIDATION_FAILED');
    const { partner } = await ok(`query($id: ID!) { partner(id: $id) { name } }`, { id: otherPartnerId }, CM);
    expect(partner.name).toBe('Contoso Partners');
  });

  it('cannot enumerate prospects past its hourly pre-checks, whichever of its users asks', async () => {
    const users = [admin, member];
    for (let i = 0; checksSpent < PROSPECT_CHECKS; i += 1) {
      const response = await precheck(`Prospect ${i}`, null, users[i % 2]);
      expect(response.data).toEqual({ prospectAvailability: 'FREE' });
    }
    const limited = await precheck('Prospect past the limit', null, member);
    expect(codeOf(limited)).toBe('RATE_LIMITED');
    expect(codeOf(await precheck('Globex', null, admin))).toBe('RATE_LIMITED');
    // Another partner's budget is its own.
    expect((await precheck('Globex', null, other)).data).toEqual({
      prospectAvailability: 'IN_DIRECT_PIPELINE',
    });
    // Internal roles have no use for it.
    expect(codeOf(await graph.query(PRECHECK, { c: 'Globex' }, SALES))).toBe('FORBIDDEN');
  });
});
