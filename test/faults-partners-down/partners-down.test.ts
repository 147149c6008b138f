import {
  CUSTOMER_QUERY,
  PARTNER_DEALS,
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
 * The partners subgraph (PRM) dies while 200 requests are under way: the gateway answers every
 * one without a 5xx, the CRM's data is kept whole for internal callers, and each PRM field the
 * outage nulls (`Deal.sourcedBy` above all) carries SERVICE_UNAVAILABLE at its path, so a client
 * tells "partners unavailable" from "a direct deal". A partner user's CRM reads fail closed: the
 * CRM cannot verify its membership without the PRM (the membership cache is off here, so the
 * outcome does not depend on when the cache entry was made).
 */
const PRM_FIELDS = fieldsAt(
  'partner',
  'referrer',
  'deals',
  'customer.deals.edges.node.sourcedBy',
  'customer.deals.edges.node.lead.referredBy',
  'deals.edges.node.sourcedBy',
  // A partner user's read whose PRM part came before the kill: the CRM then cannot scope its
  // deals without the PRM, and fails closed on exactly the fields it was to answer.
  ...['title', 'amount', 'currency', 'stage', 'createdAt'].map(
    (field) => `partner.deals.edges.node.${field}`,
  ),
);

interface CustomerAnswer {
  customer: {
    deals: { edges: { node: { title: string; sourcedBy: { name: string } | null } }[] };
  } | null;
}

let graph: TestGraph;
let fixture: FaultFixture;

beforeAll(async () => {
  graph = await startTestGraph({
    membership: { cacheMs: 0 },
    gateway: { subgraphTimeoutMs: HEALTHY_SIDE_TIMEOUT_MS },
  });
  fixture = await seedFaultFixture(graph);
});
afterAll(async () => {
  await graph?.stop();
});

test('partners killed under load: 0 gateway 5xx, every CRM answer kept, each PRM null explained', async () => {
  const kinds = faultReads(graph, fixture);
  const healthy = await healthyAnswers(kinds);
  expect((healthy['partner user deals'] as { deals: { totalCount: number } }).deals.totalCount).toBe(1);

  const { outcomes, serverErrors, inFlight } = await killUnderLoadAndCheck(
    kinds,
    healthy,
    graph.partners,
    PRM_FIELDS,
  );
  // Every CRM-rooted answer for an internal caller kept its customer and deals.
  const crmRooted = outcomes.filter(
    (result) => result.label.startsWith('admin') && 'customer' in healthy[result.label],
  );
  const keptCustomer = crmRooted.filter(
    (result) => (result.response.data as { customer?: unknown } | null)?.customer,
  ).length;
  expect(keptCustomer).toBe(crmRooted.length);
  console.log(
    `partners killed after 40 of 200 responses (${inFlight} in flight): ` +
      `${serverErrors} of 200 gateway 5xx; ${outcomes.filter((r) => r.outcome === 'complete').length} complete, ` +
      `${outcomes.filter((r) => r.outcome === 'partial').length} partial; ` +
      `${keptCustomer} of ${crmRooted.length} CRM-rooted ADMIN answers kept the customer's data`,
  );
});

test('with the PRM down, a direct deal and a partner-sourced deal both read sourcedBy null, each with an error at its path', async () => {
  kill(graph.partners);
  const answer = await graph.query<CustomerAnswer>(CUSTOMER_QUERY, { id: fixture.customerId });
  expect(answer.status).toBe(200);
  const edges = answer.data!.customer!.deals.edges;
  expect(edges.map((edge) => edge.node.title).sort()).toEqual(['Direct', 'From lead', 'Sourced']);
  const errorAt = new Map(answer.errors!.map((error) => [JSON.stringify(error.path), error]));
  for (const [index, edge] of edges.entries()) {
    expect(edge.node.sourcedBy).toBeNull();
    const error = errorAt.get(JSON.stringify(['customer', 'deals', 'edges', index, 'node', 'sourcedBy']));
    expect({ title: edge.node.title, code: error?.extensions?.code }).toEqual({
      title: edge.node.title,
      code: 'SERVICE_UNAVAILABLE',
    });
  }
  // The lead's referrer is the PRM's too; the lead itself (CRM) is there.
  const fromLead = edges.findIndex((edge) => edge.node.title === 'From lead');
  expect(
    errorAt.has(JSON.stringify(['customer', 'deals', 'edges', fromLead, 'node', 'lead', 'referredBy'])),
  ).toBe(true);
  expect(answer.errors).toHaveLength(4);
  expect(JSON.stringify(answer.errors)).not.toMatch(/127\.0\.0\.1|serviceName|ECONNREFUSED/);

  // A partner user's own reads: the PRM-rooted one is null at its root, the CRM one fails closed.
  const own = await graph.query(PARTNER_QUERY, { id: fixture.partnerId }, fixture.partner);
  expect(own.status).toBe(200);
  expect(own.data).toEqual({ partner: null });
  expect(own.errors!.map((error) => [error.path, error.extensions?.code])).toEqual([
    [['partner'], 'SERVICE_UNAVAILABLE'],
  ]);
  const crm = await graph.query(PARTNER_DEALS, {}, fixture.partner);
  expect(crm.status).toBe(200);
  expect(crm.data ?? null).toBeNull();
  expect(crm.errors!.map((error) => [error.path, error.extensions?.code])).toEqual([
    [['deals'], 'SERVICE_UNAVAILABLE'],
  ]);
});

test('with every subgraph up, a direct deal reads sourcedBy null with no error at all', async () => {
  // Its own graph: the one above has its PRM killed.
  const fresh = await startTestGraph();
  try {
    const fx = await seedFaultFixture(fresh);
    const answer = await fresh.query<CustomerAnswer>(CUSTOMER_QUERY, { id: fx.customerId });
    expect(answer.errors).toBeUndefined();
    const direct = answer.data!.customer!.deals.edges.find((edge) => edge.node.title === 'Direct')!;
    expect(direct.node.sourcedBy).toBeNull();
  } finally {
    await fresh.stop();
  }
});
