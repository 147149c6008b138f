import { startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** Bad input gets a typed error and writes nothing. */
let graph: TestGraph;
let customerId: string;
let partnerId: string;

beforeAll(async () => {
  graph = await startTestGraph();
  const customer = await graph.query<{ createCustomer: { id: string; domain: string } }>(
    `mutation { createCustomer(input: { name: "  Acme  ", domain: "https://www.ACME.com/about" }) { id name domain lifecycleStage } }`,
  );
  expect(customer.data?.createCustomer).toMatchObject({
    name: 'Acme',
    domain: 'acme.com',
    lifecycleStage: 'PROSPECT',
  });
  customerId = customer.data!.createCustomer.id;
  const partner = await graph.query<{ createPartner: { id: string } }>(
    `mutation { createPartner(input: { name: "Fabrikam", type: MSP }) { id tier status } }`,
  );
  expect(partner.data?.createPartner).toMatchObject({ tier: 'REGISTERED', status: 'APPLIED' });
  partnerId = partner.data!.createPartner.id;
});
afterAll(async () => {
  await graph?.stop();
});

async function rowCounts() {
  const [crm] = await graph.crm.query(
    `SELECT (SELECT count(*) FROM crm.customers) customers, (SELECT count(*) FROM crm.contacts) contacts,
            (SELECT count(*) FROM crm.leads) leads, (SELECT count(*) FROM crm.deals) deals,
            (SELECT count(*) FROM crm.deal_stage_changes) changes`,
  );
  const [prm] = await graph.prm.query(
    `SELECT (SELECT count(*) FROM prm.partners) partners, (SELECT count(*) FROM prm.deal_attributions) deals,
            (SELECT count(*) FROM prm.lead_attributions) leads`,
  );
  return { crm, prm };
}

const missing = '7d0f6c1e-0000-4000-8000-000000000000';

test.each([
  ['empty customer name', `mutation { createCustomer(input: { name: "   " }) { id } }`, {}, 'BAD_USER_INPUT'],
  [
    'invalid domain',
    `mutation { createCustomer(input: { name: "X", domain: "not a domain" }) { id } }`,
    {},
    'BAD_USER_INPUT',
  ],
  [
    'contact with a bad email',
    `mutation($c: ID!) { createContact(input: { customerId: $c, firstName: "A", lastName: "B", email: "nope" }) { id } }`,
    'customer',
    'BAD_USER_INPUT',
  ],
  [
    'contact of an unknown customer',
    `mutation { createContact(input: { customerId: "${missing}", firstName: "A", lastName: "B" }) { id } }`,
    {},
    'NOT_FOUND',
  ],
  [
    'lead score out of range',
    `mutation { createLead(input: { name: "L", source: WEB, score: 101 }) { id } }`,
    {},
    'BAD_USER_INPUT',
  ],
  [
    'lead with an unknown source',
    `mutation { createLead(input: { name: "L", source: TELEPATHY }) { id } }`,
    {},
    'GRAPHQL_VALIDATION_FAILED',
  ],
  [
    'deal amount with three decimals',
    `mutation($c: ID!, $a: Decimal!) { createDeal(input: { customerId: $c, title: "D", amount: $a, currency: "EUR" }) { id } }`,
    { a: '10.005' },
    'BAD_USER_INPUT',
  ],
  [
    'deal amount that is a float',
    `mutation($c: ID!, $a: Decimal!) { createDeal(input: { customerId: $c, title: "D", amount: $a, currency: "EUR" }) { id } }`,
    { a: 0.1 + 0.2 },
    'BAD_USER_INPUT',
  ],
  [
    'negative deal amount',
    `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "D", amount: "-5", currency: "EUR" }) { id } }`,
    'customer',
    'BAD_USER_INPUT',
  ],
  [
    'unknown currency',
    `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "D", amount: "5", currency: "EURO" }) { id } }`,
    'customer',
    'BAD_USER_INPUT',
  ],
  [
    'impossible close date',
    `mutation($c: ID!, $d: Date) { createDeal(input: { customerId: $c, title: "D", amount: "5", currency: "EUR", expectedCloseDate: $d }) { id } }`,
    { d: '2026-02-30' },
    'BAD_USER_INPUT',
  ],
  [
    'deal of an unknown customer',
    `mutation { createDeal(input: { customerId: "${missing}", title: "D", amount: "5", currency: "EUR" }) { id } }`,
    {},
    'NOT_FOUND',
  ],
  [
    'deal of a malformed customer id',
    `mutation { createDeal(input: { customerId: "1; DROP TABLE x", title: "D", amount: "5", currency: "EUR" }) { id } }`,
    {},
    'NOT_FOUND',
  ],
  [
    'move of an unknown deal',
    `mutation { moveDealStage(id: "${missing}", stage: CLOSED_WON) { id } }`,
    {},
    'NOT_FOUND',
  ],
  [
    'empty partner name',
    `mutation { createPartner(input: { name: "", type: MSP }) { id } }`,
    {},
    'BAD_USER_INPUT',
  ],
  [
    'attribution of an unknown deal',
    `mutation($p: ID!) { attributeDealToPartner(input: { dealId: "${missing}", partnerId: $p }) { id } }`,
    'partner',
    'NOT_FOUND',
  ],
  [
    'attribution to an unknown partner',
    `mutation { attributeDealToPartner(input: { dealId: "${missing}", partnerId: "${missing}" }) { id } }`,
    {},
    'NOT_FOUND',
  ],
  [
    'lead attribution of an unknown lead',
    `mutation($p: ID!) { attributeLeadToPartner(input: { leadId: "${missing}", assignedPartnerId: $p }) { id } }`,
    'partner',
    'NOT_FOUND',
  ],
])('%s is refused with %s… and writes nothing', async (_name, mutation, vars, code) => {
  const variables =
    vars === 'customer'
      ? { c: customerId }
      : vars === 'partner'
        ? { p: partnerId }
        : { c: customerId, ...(vars as object) };
  const before = await rowCounts();
  const response = await graph.query(mutation, variables);
  expect(response.errors?.map((error) => error.extensions?.code)).toEqual([code]);
  expect(JSON.stringify(response)).not.toMatch(/stack|SELECT|INSERT|QueryFailedError/);
  expect(await rowCounts()).toEqual(before);
});

test('moving a deal records its stage history and stamps closedAt on closing, clears it on reopening', async () => {
  const created = await graph.query<{ createDeal: { id: string; closedAt: string | null } }>(
    `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "Renewal", amount: "1000", currency: "usd", expectedCloseDate: "2026-12-31" }) { id closedAt expectedCloseDate currency amount } }`,
    { c: customerId },
  );
  expect(created.data?.createDeal).toMatchObject({
    closedAt: null,
    expectedCloseDate: '2026-12-31',
    currency: 'USD',
    amount: '1000.00',
  });
  const id = created.data!.createDeal.id;

  const won = await graph.query<{
    moveDealStage: { stage: string; closedAt: string | null; probability: number };
  }>(`mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { stage closedAt probability } }`, {
    id,
  });
  expect(won.data?.moveDealStage).toMatchObject({ stage: 'CLOSED_WON', probability: 1 });
  expect(won.data?.moveDealStage.closedAt).toEqual(expect.any(String));

  // A repeat of the move (a client's retry) answers the deal as the first move left it and
  // records nothing: the history below has one CLOSED_WON entry (issue 10, idempotent retries).
  const same = await graph.query<{ moveDealStage: { stage: string; closedAt: string | null } }>(
    `mutation($id: ID!) { moveDealStage(id: $id, stage: CLOSED_WON) { stage closedAt } }`,
    { id },
  );
  expect(same.errors).toBeUndefined();
  expect(same.data?.moveDealStage).toEqual({
    stage: 'CLOSED_WON',
    closedAt: won.data?.moveDealStage.closedAt,
  });

  const reopened = await graph.query<{
    moveDealStage: {
      closedAt: string | null;
      stageHistory: { fromStage: string | null; toStage: string; changedBy: string }[];
    };
  }>(
    `mutation($id: ID!) { moveDealStage(id: $id, stage: NEGOTIATION) { closedAt stageHistory { fromStage toStage changedBy } } }`,
    { id },
  );
  expect(reopened.data?.moveDealStage.closedAt).toBeNull();
  expect(reopened.data?.moveDealStage.stageHistory).toEqual([
    { fromStage: null, toStage: 'PROSPECTING', changedBy: 'user:admin' },
    { fromStage: 'PROSPECTING', toStage: 'CLOSED_WON', changedBy: 'user:admin' },
    { fromStage: 'CLOSED_WON', toStage: 'NEGOTIATION', changedBy: 'user:admin' },
  ]);
});

test('attribution can be set, changed and cleared back to a direct deal', async () => {
  const deal = await graph.query<{ createDeal: { id: string } }>(
    `mutation($c: ID!) { createDeal(input: { customerId: $c, title: "Attributed", amount: "10", currency: "EUR" }) { id } }`,
    { c: customerId },
  );
  const dealId = deal.data!.createDeal.id;
  const set = await graph.query(
    `mutation($d: ID!, $p: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: $p }) { title sourcedBy { name } } }`,
    { d: dealId, p: partnerId },
  );
  expect(set.data).toEqual({
    attributeDealToPartner: { title: 'Attributed', sourcedBy: { name: 'Fabrikam' } },
  });
  const partnerDeals = await graph.query(
    `query($p: ID!) { partner(id: $p) { sourcedDeals(first: 10) { totalCount edges { node { title } } } } }`,
    { p: partnerId },
  );
  expect(partnerDeals.data).toEqual({
    partner: { sourcedDeals: { totalCount: 1, edges: [{ node: { title: 'Attributed' } }] } },
  });
  const cleared = await graph.query(
    `mutation($d: ID!) { attributeDealToPartner(input: { dealId: $d, partnerId: null }) { sourcedBy { name } } }`,
    { d: dealId },
  );
  expect(cleared.data).toEqual({ attributeDealToPartner: { sourcedBy: null } });
});
