import type { Identity } from '@sales-graph/shared/auth/identity';
import { createCustomer, partnerUser, seedPartner, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * A cursor tells nothing and cannot be forged: a partner that sees a customer by name only cannot
 * recover its `createdAt` (or any sort value) from the customers cursor, and a tampered, foreign or
 * hand-made cursor (a date in year 0000 …) is BAD_USER_INPUT, on root lists, relation connections
 * and the timeline alike, never an internal error.
 */
let graph: TestGraph;
const id: Record<string, string> = {};
let partner: Identity;

beforeAll(async () => {
  graph = await startTestGraph();
  id.partner = await seedPartner(graph, { name: 'Northwind' });
  partner = await partnerUser(graph, id.partner);
  id.customer = (await createCustomer(graph, 'Acme')).id;
  for (const title of ['One', 'Two']) {
    const deal = await graph.query<{ createDeal: { id: string } }>(
      `mutation($c: ID!, $t: String!) { createDeal(input: { customerId: $c, title: $t, amount: "10", currency: "EUR" }) { id } }`,
      { c: id.customer, t: title },
    );
    await graph.query(
      `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { id } }`,
      { d: deal.data!.createDeal.id, p: id.partner },
    );
  }
  await graph.query(
    `mutation($c: ID!) { logActivity(input: { type: NOTE, customerId: $c, subject: "Hi" }) { id } }`,
    {
      c: id.customer,
    },
  );
});
afterAll(async () => {
  await graph?.stop();
});

type Page = { edges: { cursor: string }[]; pageInfo: { endCursor: string | null } };

test('a partner cannot read the createdAt of a customer from its cursor', async () => {
  const response = await graph.query<{ customers: Page }>(
    `{ customers(first: 1) { edges { cursor node { id name } } pageInfo { endCursor } } }`,
    {},
    partner,
  );
  expect(response.errors).toBeUndefined();
  const cursor = response.data!.customers.edges[0].cursor;
  const [{ created_at: createdAt }] = await graph.crm.query(
    `SELECT created_at FROM crm.customers WHERE id = $1`,
    [id.customer],
  );
  const iso = (createdAt as Date).toISOString();
  const bytes = Buffer.from(cursor, 'base64url');
  for (const text of [cursor, bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('hex')]) {
    expect(text).not.toContain(iso.slice(0, 10));
    expect(text).not.toContain(String((createdAt as Date).getTime()).slice(0, 8));
    expect(text).not.toContain(id.customer);
  }
  // And the field itself stays out of reach.
  const direct = await graph.query(`{ customers(first: 1) { edges { node { createdAt } } } }`, {}, partner);
  expect(direct.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
});

const hand = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

test('a tampered, foreign or hand-made cursor is BAD_USER_INPUT on every kind of connection', async () => {
  const page = await graph.query<{ customer: { deals: Page; timeline: Page } }>(
    `query($id: ID!) { customer(id: $id) {
      deals(first: 1) { edges { cursor } pageInfo { endCursor } }
      timeline(first: 1) { edges { cursor } pageInfo { endCursor } } } }`,
    { id: id.customer },
  );
  expect(page.errors).toBeUndefined();
  const genuine = page.data!.customer.deals.pageInfo.endCursor!;
  const flipped = Buffer.from(genuine, 'base64url');
  flipped[20] ^= 1;
  const forged = [
    hand(['0000-01-01T00:00:00.000Z', id.customer]),
    hand(['2026-01-01T00:00:00.000Z', '00000000-0000-4000-8000-000000000001']),
    flipped.toString('base64url'),
    genuine.slice(0, 30),
    'not a cursor',
    '',
  ];
  const connections = [
    [`query($a: String) { customers(first: 1, after: $a) { totalCount } }`, {}],
    [
      `query($id: ID!, $a: String) { customer(id: $id) { deals(first: 1, after: $a) { totalCount } } }`,
      { id: id.customer },
    ],
    [
      `query($id: ID!, $a: String) { customer(id: $id) { timeline(first: 1, after: $a) { totalCount } } }`,
      { id: id.customer },
    ],
  ] as const;
  const answers: string[] = [];
  for (const [query, variables] of connections) {
    for (const after of forged) {
      if (after === '') continue; // an empty `after` is "from the start"
      const response = await graph.query(query, { ...variables, a: after });
      answers.push(String(response.errors?.[0]?.extensions?.code ?? 'none'));
    }
  }
  expect(new Set(answers)).toEqual(new Set(['BAD_USER_INPUT']));
  // The genuine cursors still page on, the timeline's included.
  for (const [query, variables] of connections.slice(1)) {
    const cursors = page.data!.customer;
    const after = query.includes('timeline')
      ? cursors.timeline.pageInfo.endCursor
      : cursors.deals.pageInfo.endCursor;
    expect((await graph.query(query, { ...variables, a: after })).errors).toBeUndefined();
  }
});
