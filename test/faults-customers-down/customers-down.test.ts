import {
  CUSTOMER_QUERY,
  PARTNER_QUERY,
  faultReads,
  healthyAnswers,
  killUnderLoadAndCheck,
  fieldsAt,
  kill,
  seedFaultFixture,
  type FaultFixture,
  HEALTHY_SIDE_TIMEOUT_MS,
} from '../support/faults';
import { startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * The customers subgraph (CRM) dies while 200 requests (ADMIN and a partner user, CRM-rooted,
 * PRM-rooted and both) are under way: the gateway answers every one without a 5xx, the PRM's data
 * is kept whole, and each CRM field the outage nulls carries SERVICE_UNAVAILABLE at its path.
 */
const CRM_FIELDS = fieldsAt(
  'customer',
  'deals',
  ...['title', 'amount', 'currency', 'stage', 'createdAt'].map(
    (field) => `partner.deals.edges.node.${field}`,
  ),
  ...['status', 'source', 'score', 'createdAt'].map((field) => `referrer.leads.edges.node.${field}`),
);

let graph: TestGraph;
let fixture: FaultFixture;

beforeAll(async () => {
  graph = await startTestGraph({ gateway: { subgraphTimeoutMs: HEALTHY_SIDE_TIMEOUT_MS } });
  fixture = await seedFaultFixture(graph);
});
afterAll(async () => {
  await graph?.stop();
});

test('customers killed under load: 0 gateway 5xx, every PRM answer kept, each CRM null explained', async () => {
  const kinds = faultReads(graph, fixture);
  const healthy = await healthyAnswers(kinds);
  // The partner's view really crosses the boundary: its deal's CRM fields come from the CRM.
  expect(healthy['partner user partner']).toMatchObject({
    partner: { deals: { totalCount: 1, edges: [{ node: { title: 'Sourced', amount: '1250.50' } }] } },
  });
  expect(healthy['admin both']).toMatchObject({
    referrer: { leads: { totalCount: 1, edges: [{ node: { source: 'PARTNER', status: 'NEW' } }] } },
  });

  const { outcomes, serverErrors, inFlight } = await killUnderLoadAndCheck(
    kinds,
    healthy,
    graph.customers,
    CRM_FIELDS,
  );
  // Every PRM-rooted answer kept its partner (expectPartialOf checked it against the healthy one).
  const prmRooted = outcomes.filter((result) => 'partner' in healthy[result.label]);
  const keptPartner = prmRooted.filter(
    (result) => (result.response.data as { partner?: unknown } | null)?.partner,
  ).length;
  expect(keptPartner).toBe(prmRooted.length);
  console.log(
    `customers killed after 40 of 200 responses (${inFlight} in flight): ` +
      `${serverErrors} of 200 gateway 5xx; ${outcomes.filter((r) => r.outcome === 'complete').length} complete, ` +
      `${outcomes.filter((r) => r.outcome === 'partial').length} partial; ` +
      `${keptPartner} of ${prmRooted.length} PRM-rooted answers kept the partner's data`,
  );
});

test('with the CRM down, a partner query keeps every PRM field and nulls each CRM field with its own error', async () => {
  // The CRM is still down (killed by the test above, or now when run alone).
  kill(graph.customers);
  const answer = await graph.query<{
    partner: {
      id: string;
      name: string;
      deals: { totalCount: number; edges: { node: Record<string, unknown> }[] };
    };
  }>(PARTNER_QUERY, { id: fixture.partnerId }, fixture.partner);
  expect(answer.status).toBe(200);
  const deal = answer.data!.partner.deals.edges[0].node;
  expect(answer.data!.partner).toMatchObject({
    id: fixture.partnerId,
    name: 'Northwind',
    deals: { totalCount: 1 },
  });
  expect(deal).toEqual({
    id: expect.any(String),
    title: null,
    amount: null,
    currency: null,
    stage: null,
    createdAt: null,
    sourcedBy: { id: fixture.partnerId, name: 'Northwind' },
  });
  const node = ['partner', 'deals', 'edges', 0, 'node'];
  expect(answer.errors!.map((error) => error.path)).toEqual(
    ['title', 'amount', 'currency', 'stage', 'createdAt'].map((field) => [...node, field]),
  );
  for (const error of answer.errors!) {
    expect(error.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) });
    // Unreachable, or, once the load before this request tripped its breaker, not asked at all.
    expect([
      'Part of the data is unavailable: a service could not be reached',
      'Part of the data is unavailable: a service is failing and is not asked until it recovers; try again later',
    ]).toContain(error.message);
  }

  // A CRM-rooted read has nothing to keep: its root is null with one error there, and no 5xx.
  const crmRooted = await graph.query(CUSTOMER_QUERY, { id: fixture.customerId });
  expect(crmRooted.status).toBe(200);
  expect(crmRooted.data).toEqual({ customer: null });
  expect(crmRooted.errors!.map((error) => [error.path, error.extensions?.code])).toEqual([
    [['customer'], 'SERVICE_UNAVAILABLE'],
  ]);
});
