import { SignJWT } from 'jose';
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@sales-graph/shared/auth/identity';
import {
  as,
  client,
  codes,
  createCustomer,
  partnerUser,
  postGraphQL,
  seedPartner,
  startTestGraph,
} from '../support';
import type { GraphQLResponse, TestGraph } from '../support';

/**
 * Partner A tries every path to read or change partner B's records, and customer records it was
 * never given, through the gateway and straight at each subgraph. It must find nothing.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
let A: Identity;

const { ok: admin } = client(() => graph);
const newCustomer = async (name: string) => (await createCustomer(graph, { name, industry: 'Retail' })).id;
const createDeal = async (customerId: string, title: string, leadId?: string) =>
  (
    await admin<{ createDeal: { id: string } }>(
      `mutation($c: ID!, $t: String!, $l: ID) { createDeal(input: { customerId: $c, title: $t, amount: "1000", currency: "EUR", leadId: $l }) { id } }`,
      { c: customerId, t: title, l: leadId ?? null },
    )
  ).createDeal.id;
const createLead = async (name: string, customerId?: string) =>
  (
    await admin<{ createLead: { id: string } }>(
      `mutation($n: String!, $c: ID) { createLead(input: { name: $n, email: "${name.toLowerCase().replace(/\W/g, '')}@example.com", source: PARTNER, customerId: $c }) { id } }`,
      { n: name, c: customerId ?? null },
    )
  ).createLead.id;

beforeAll(async () => {
  graph = await startTestGraph();
  // Two partners with look-alike data.
  for (const key of ['A', 'B']) {
    id[`partner${key}`] = await seedPartner(graph, { name: `Northwind ${key}`, tier: 'GOLD' });
  }
  A = await partnerUser(graph, id.partnerA);
  id.shared = await newCustomer('Shared Customer'); // has one deal from A and one from B
  id.onlyB = await newCustomer('B Only Customer');
  id.direct = await newCustomer('Direct Customer');
  await admin(
    `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "Secret", lastName: "Contact", email: "s@shared.example" }) { id } }`,
    { c: id.shared },
  );
  id.leadA = await createLead('Lead For A', id.shared);
  id.dealA = await createDeal(id.shared, 'A deal', id.leadA);
  id.dealB = await createDeal(id.shared, 'B deal');
  id.dealB2 = await createDeal(id.onlyB, 'B other deal');
  id.dealDirect = await createDeal(id.direct, 'Direct deal');
  id.leadB = await createLead('Lead For B');
  id.leadReferredByA = await createLead('Referred By A');
  id.leadNobody = await createLead('Nobody Lead');
  const attribute = (d: string, p: string) =>
    admin(
      `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
      { d, p },
    );
  await attribute(id.dealA, id.partnerA);
  await attribute(id.dealB, id.partnerB);
  await attribute(id.dealB2, id.partnerB);
  const lead = (l: string, assigned: string | null, referred: string | null) =>
    admin(
      `mutation($l: ID!, $a: ID, $r: ID) { attributeLeadToPartner(input: { leadId: $l, assignedPartnerId: $a, referredByPartnerId: $r }) { id } }`,
      { l, a: assigned, r: referred },
    );
  await lead(id.leadB, id.partnerB, null);
  await lead(id.leadReferredByA, null, id.partnerA);
});
afterAll(async () => {
  await graph?.stop();
});

const asA = (query: string, variables: Record<string, unknown> = {}) => graph.query(query, variables, A);

describe('root lists show only A’s records', () => {
  test('partners', async () => {
    const r = await asA(`{ partners(first: 100) { totalCount edges { node { id name } } } }`);
    expect(r.data).toEqual({
      partners: { totalCount: 1, edges: [{ node: { id: id.partnerA, name: 'Northwind A' } }] },
    });
  });
  test('deals', async () => {
    const r = await asA(`{ deals(first: 100) { totalCount edges { node { id title } } } }`);
    expect(r.data).toEqual({
      deals: { totalCount: 1, edges: [{ node: { id: id.dealA, title: 'A deal' } }] },
    });
  });
  test('leads: assigned, referred and behind its own deals', async () => {
    const r = await asA(`{ leads(first: 100) { totalCount edges { node { id } } } }`);
    const ids = (r.data as { leads: { edges: { node: { id: string } }[] } }).leads.edges
      .map((e) => e.node.id)
      .sort();
    expect(ids).toEqual([id.leadA, id.leadReferredByA].sort());
  });
  test('customers: only those of its deals and leads, by name', async () => {
    const r = await asA(`{ customers(first: 100) { totalCount edges { node { id name } } } }`);
    expect(r.data).toEqual({
      customers: { totalCount: 1, edges: [{ node: { id: id.shared, name: 'Shared Customer' } }] },
    });
  });
});

describe('by id, B’s records and customers A was not given do not exist', () => {
  test.each([
    ['partner', 'partnerB'],
    ['deal', 'dealB'],
    ['deal', 'dealB2'],
    ['deal', 'dealDirect'],
    ['lead', 'leadB'],
    ['lead', 'leadNobody'],
    ['customer', 'onlyB'],
    ['customer', 'direct'],
  ])('%s(%s) answers NOT_FOUND', async (field, key) => {
    const r = await asA(`query($id: ID!) { ${field}(id: $id) { id } }`, { id: id[key] });
    expect(r.data).toEqual({ [field]: null });
    expect(codes(r)).toEqual(['NOT_FOUND']);
  });

  test('a forbidden id and a missing id answer exactly alike', async () => {
    const forbidden = await asA(`query($id: ID!) { deal(id: $id) { id } }`, { id: id.dealB });
    const missing = await asA(`query($id: ID!) { deal(id: $id) { id } }`, {
      id: '0b8d7f6e-1111-4222-8333-444455556666',
    });
    const shape = (r: GraphQLResponse) => ({
      data: r.data,
      codes: codes(r),
      message: r.errors?.[0].message.replace(/[0-9a-f-]{36}/, 'ID'),
    });
    expect(shape(forbidden)).toEqual(shape(missing));
  });

  test('aliases in one operation cannot mix in B’s records', async () => {
    const r = await asA(
      `query($a: ID!, $b: ID!) { mine: deal(id: $a) { title } theirs: deal(id: $b) { title } }`,
      { a: id.dealA, b: id.dealB },
    );
    expect(r.data).toEqual({ mine: { title: 'A deal' }, theirs: null });
    expect(codes(r)).toEqual(['NOT_FOUND']);
  });
});

describe('nested fields do not lead out of A’s scope', () => {
  test('the shared customer shows only A’s deal, and no contacts or other fields', async () => {
    const r = await asA(
      `query($id: ID!) { customer(id: $id) { name deals(first: 50) { totalCount edges { node { title sourcedBy { name } } } } } }`,
      { id: id.shared },
    );
    expect(r.data).toEqual({
      customer: {
        name: 'Shared Customer',
        deals: { totalCount: 1, edges: [{ node: { title: 'A deal', sourcedBy: { name: 'Northwind A' } } }] },
      },
    });
    for (const field of ['contacts(first: 5) { totalCount }', 'industry', 'domain']) {
      const forbidden = await asA(`query($id: ID!) { customer(id: $id) { ${field} } }`, { id: id.shared });
      expect(codes(forbidden)).toEqual(['FORBIDDEN']);
    }
  });

  test('from its deal to the customer and back again stays scoped', async () => {
    const r = await asA(
      `query($id: ID!) { deal(id: $id) { customer { deals(first: 10) { totalCount edges { node { id } } } leads(first: 10) { totalCount } } } }`,
      { id: id.dealA },
    );
    expect(r.data).toEqual({
      deal: {
        customer: { deals: { totalCount: 1, edges: [{ node: { id: id.dealA } }] }, leads: { totalCount: 1 } },
      },
    });
  });

  test('the headline query as partner A', async () => {
    const r = await asA(
      `query($id: ID!) { customer(id: $id) { name deals(first: 50) { totalCount edges { node { title amount sourcedBy { name tier } lead { source status referredBy { name } } } } } } }`,
      { id: id.shared },
    );
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      customer: {
        name: 'Shared Customer',
        deals: {
          totalCount: 1,
          edges: [
            {
              node: {
                title: 'A deal',
                amount: '1000.00',
                sourcedBy: { name: 'Northwind A', tier: 'GOLD' },
                lead: { source: 'PARTNER', status: 'NEW', referredBy: null },
              },
            },
          ],
        },
      },
    });
  });

  test('relations that lead to CRM records it was not given are refused, even when empty', async () => {
    for (const [query, variables] of [
      [`query($id: ID!) { lead(id: $id) { contact { id } } }`, { id: id.leadA }],
      [
        `query($id: ID!) { lead(id: $id) { campaignMemberships(first: 5) { totalCount } } }`,
        { id: id.leadA },
      ],
      [`query($id: ID!) { customer(id: $id) { insights { orderCount } } }`, { id: id.shared }],
      [`query($id: ID!) { customer(id: $id) { timeline(first: 5) { totalCount } } }`, { id: id.shared }],
      [`query($id: ID!) { customer(id: $id) { openTickets(first: 5) { totalCount } } }`, { id: id.shared }],
      [
        `query($id: ID!) { customer(id: $id) { purchaseHistory(first: 5) { totalCount } } }`,
        { id: id.shared },
      ],
      [`query($id: ID!) { customer(id: $id) { activities(first: 5) { totalCount } } }`, { id: id.shared }],
    ] as const) {
      expect({ query, codes: codes(await asA(query, variables)) }).toEqual({ query, codes: ['FORBIDDEN'] });
    }
  });

  test('internal notes on its own deal and lead stay internal', async () => {
    for (const [query, variables] of [
      [`query($id: ID!) { deal(id: $id) { lostReason } }`, { id: id.dealA }],
      [`query($id: ID!) { deal(id: $id) { ownerId } }`, { id: id.dealA }],
      [`query($id: ID!) { deal(id: $id) { stageHistory { reason } } }`, { id: id.dealA }],
      [`query($id: ID!) { deal(id: $id) { stageHistory { changedBy } } }`, { id: id.dealA }],
      [`query($id: ID!) { lead(id: $id) { statusReason } }`, { id: id.leadA }],
      [`query($id: ID!) { lead(id: $id) { ownerId } }`, { id: id.leadA }],
    ] as const) {
      expect(codes(await asA(query, variables))).toEqual(['FORBIDDEN']);
    }
    const allowed = await asA(`query($id: ID!) { deal(id: $id) { title stage stageHistory { toStage } } }`, {
      id: id.dealA,
    });
    expect(allowed.errors).toBeUndefined();
  });

  test('A’s own partner record lists only its own deals and leads', async () => {
    const r = await asA(
      `query($id: ID!) { partner(id: $id) { sourcedDeals(first: 10) { totalCount edges { node { title } } } referredLeads(first: 10) { totalCount } } }`,
      { id: id.partnerA },
    );
    expect(r.data).toEqual({
      partner: {
        sourcedDeals: { totalCount: 1, edges: [{ node: { title: 'A deal' } }] },
        referredLeads: { totalCount: 1 },
      },
    });
  });
});

describe('changes are refused', () => {
  test.each([
    [
      'attribute B’s deal to A',
      `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
      () => ({ d: id.dealB, p: id.partnerA }),
    ],
    [
      'move B’s deal',
      `mutation($d: ID!) { moveDealStage(id: $d, stage: CLOSED_LOST) { id } }`,
      () => ({ d: id.dealB }),
    ],
    [
      'create a deal on the shared customer',
      `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "x", amount: "1", currency: "EUR" }) { id } }`,
      () => ({ c: id.shared }),
    ],
    ['create a partner', `mutation { createPartner(input: { name: "Fake", type: MSP }) { id } }`, () => ({})],
  ])('%s: FORBIDDEN, nothing written', async (_name, mutation, variables) => {
    const before = await graph.prm.query(`SELECT partner_id FROM prm.deal_attributions ORDER BY deal_id`);
    const r = await asA(mutation, variables());
    expect(codes(r)).toEqual(['FORBIDDEN']);
    expect(await graph.prm.query(`SELECT partner_id FROM prm.deal_attributions ORDER BY deal_id`)).toEqual(
      before,
    );
  });
});

describe('around the gateway', () => {
  test('_entities and the service-only access list are not part of the public graph', async () => {
    const entities = await asA(
      `{ _entities(representations: [{ __typename: "Deal", id: "${'x'}" }]) { __typename } }`,
    );
    expect(codes(entities)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const access = await asA(`query($p: ID!) { partnerAccess(partnerId: $p) { dealIds } }`, {
      p: id.partnerB,
    });
    expect(codes(access)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
  });

  test('batched HTTP operations are refused', async () => {
    const response = await fetch(graph.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await graph.token(A)}` },
      body: JSON.stringify([
        { query: '{ deals(first: 5) { totalCount } }' },
        { query: `{ deal(id: "${id.dealB}") { title } }` },
      ]),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('B deal');
  });

  test('even with an identity the gateway signed for A, each subgraph itself withholds B’s records from _entities', async () => {
    const headers = async (subgraph: 'customers' | 'partners') => ({
      [IDENTITY_HEADER]: await signForwardedIdentity(A, subgraph),
    });
    const crm = await postGraphQL(
      graph.customers.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Deal { id title } ... on Lead { id leadName: name } ... on Customer { id name } } }`,
      {
        r: [
          { __typename: 'Deal', id: id.dealA },
          { __typename: 'Deal', id: id.dealB },
          { __typename: 'Lead', id: id.leadB },
          { __typename: 'Customer', id: id.onlyB },
        ],
      },
      await headers('customers'),
    );
    expect(crm.data).toEqual({ _entities: [{ id: id.dealA, title: 'A deal' }, null, null, null] });

    const prm = await postGraphQL(
      graph.partners.url,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Partner { id name } ... on Deal { sourcedBy { name } } } }`,
      {
        r: [
          { __typename: 'Partner', id: id.partnerB },
          { __typename: 'Deal', id: id.dealB },
        ],
      },
      await headers('partners'),
    );
    expect(prm.data).toEqual({ _entities: [null, { sourcedBy: null }] });

    const access = await postGraphQL(
      graph.partners.url,
      `query($p: ID!) { partnerAccess(partnerId: $p) { dealIds } }`,
      { p: id.partnerB },
      await headers('partners'),
    );
    expect(codes(access)).toEqual(['FORBIDDEN']);
  });

  test('a forged identity (claims ADMIN, wrong key) is refused by both subgraphs', async () => {
    for (const subgraph of ['customers', 'partners'] as const) {
      const forged = await new SignJWT({ role: 'ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('mallory')
        .setIssuer('sales-graph-gateway')
        .setAudience(subgraph)
        .setExpirationTime('1m')
        .sign(new TextEncoder().encode('guessed-secret'));
      const r = await postGraphQL(graph[subgraph].url, '{ __typename }', {}, { [IDENTITY_HEADER]: forged });
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
    }
  });
});

test('an analyst reads everything, with personal data (people’s names, emails, phones) redacted', async () => {
  const { analyst } = as;
  const r = await graph.query(
    `query($c: ID!, $l: ID!) { customer(id: $c) { name contacts(first: 5) { edges { node { firstName email phone } } } } lead(id: $l) { name email } }`,
    { c: id.shared, l: id.leadB },
    analyst,
  );
  expect(r.errors).toBeUndefined();
  expect(r.data).toEqual({
    customer: {
      name: 'Shared Customer',
      contacts: { edges: [{ node: { firstName: null, email: null, phone: null } }] },
    },
    lead: { name: null, email: null },
  });
  const write = await graph.query(`mutation { createCustomer(input: { name: "BI" }) { id } }`, {}, analyst);
  expect(codes(write)).toEqual(['FORBIDDEN']);
});
