import { startGateway, type GatewayOptions } from '../../gateway/src/gateway';
import { MemoryRateLimitStore } from '../../gateway/src/rate-limit';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { configProblems } from '@sales-graph/shared/config';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { ADMIN, postGraphQL, startTestGraph, type GraphQLResponse, type TestGraph } from '../support/graph';
import { partnerUser } from '../support/partner-user';
import { seedPartner } from '../support/partners';
import { stallingProxy, type StallingProxy } from '../faults-stalled-subgraph/stall-proxy';

/**
 * The gateway merges identical subgraph queries in flight: same query text, variables and
 * forwarded identity share one HTTP request, and each caller gets the answer. A proxy in front of
 * the partners subgraph holds the first fetch until the second request has either joined it (the
 * gateway says so) or reached the proxy itself: no timing anywhere.
 */
const PARTNERS = '{ partners(first: 10) { edges { node { id name } } } }';
type Partners = { partners: { edges: { node: { id: string; name: string } }[] } };

let graph: TestGraph;
let proxy: StallingProxy;
let partnerA: string;
let partnerB: string;
let userA: Identity;
let userB: Identity;
const opened: RunningHttpServer[] = [];

beforeAll(async () => {
  graph = await startTestGraph();
  proxy = await stallingProxy(graph.partners.url);
  partnerA = await seedPartner(graph, { name: 'Shared Fetch A' });
  partnerB = await seedPartner(graph, { name: 'Shared Fetch B' });
  userA = await partnerUser(graph, partnerA);
  userB = await partnerUser(graph, partnerB);
});
afterAll(async () => {
  for (const server of opened.reverse()) await server.close();
  await proxy?.close();
  await graph?.stop();
});

/** A gateway whose partners subgraph is behind the proxy, with a latch on the fetches it merged. */
async function gatewayBeforeProxy(options: Partial<GatewayOptions> = {}) {
  let shared = 0;
  const waiters: { count: number; resolve: () => void }[] = [];
  const gateway = await startGateway({
    port: 0,
    subgraphUrls: { customers: graph.customers.url, partners: proxy.url },
    rateLimitPerMinute: 0,
    rateLimits: { perPartner: 0, authFailuresPerSource: 0 },
    rateLimitStore: new MemoryRateLimitStore(),
    onFetchShared: () => {
      shared += 1;
      for (const waiter of waiters.filter((w) => shared >= w.count)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    },
    ...options,
  });
  opened.push(gateway);
  return {
    async query<T = Partners>(
      query: string,
      identity: Identity = ADMIN,
      headers: Record<string, string> = {},
    ): Promise<GraphQLResponse<T>> {
      const token = await graph.token(identity);
      return postGraphQL<T>(gateway.url, query, {}, { authorization: `Bearer ${token}`, ...headers });
    },
    get shared() {
      return shared;
    },
    /** Resolves once `count` fetches have joined one in flight (a latch, not a wait). */
    joined(count: number): Promise<void> {
      if (shared >= count) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
  };
}

type Gateway = Awaited<ReturnType<typeof gatewayBeforeProxy>>;

/**
 * Holds the partners subgraph while `send` starts its requests; releases it once `requests` of
 * them have reached the proxy and `joins` have joined a fetch in flight. A merge that must not
 * happen (or one that does not happen) fails at once instead of hanging.
 */
async function held<T>(
  gateway: Gateway,
  { requests, joins }: { requests: number; joins: number },
  send: () => Promise<T>[],
): Promise<{ answers: T[]; sent: number }> {
  const before = proxy.graphqlRequests;
  proxy.stall();
  try {
    const answers = Promise.all(send());
    const arrived = Promise.all([proxy.arrived(before + requests), gateway.joined(joins)]);
    // The one more request (or join) than expected is the failure this test exists for.
    const tooMany = Promise.race([
      proxy.arrived(before + requests + 1).then(() => 'a fetch that should have been shared was sent'),
      gateway.joined(joins + 1).then(() => 'a fetch that must not be shared was merged'),
    ]);
    const wrong = await Promise.race([arrived.then(() => undefined), tooMany]);
    if (wrong) throw new Error(wrong);
    proxy.release();
    return { answers: await answers, sent: proxy.graphqlRequests - before };
  } finally {
    proxy.release();
  }
}

const names = (answer: GraphQLResponse<Partners>) =>
  answer.data?.partners.edges.map((edge) => edge.node.name);

test('two identical queries of one identity in flight share one subgraph request and both get the answer', async () => {
  const gateway = await gatewayBeforeProxy();
  const { answers, sent } = await held(gateway, { requests: 1, joins: 1 }, () => [
    gateway.query(PARTNERS, userA),
    gateway.query(PARTNERS, userA),
  ]);
  expect(sent).toBe(1);
  for (const answer of answers) {
    expect(answer.errors).toBeUndefined();
    expect(names(answer)).toEqual(['Shared Fetch A']);
  }
  // Each caller owns its answer: not the same objects, the same data.
  expect(answers[0]).toEqual(answers[1]);

  // Once answered, nothing is kept: the next identical query is a fetch of its own.
  const before = proxy.graphqlRequests;
  expect(names(await gateway.query(PARTNERS, userA))).toEqual(['Shared Fetch A']);
  expect(proxy.graphqlRequests - before).toBe(1);
  expect(gateway.shared).toBe(1);
});

test('two identities with the same query in flight never share: each gets its own rows', async () => {
  const gateway = await gatewayBeforeProxy();
  // userA's second query joins userA's fetch (one join); userB's never joins either.
  const { answers, sent } = await held(gateway, { requests: 2, joins: 1 }, () => [
    gateway.query(PARTNERS, userA),
    gateway.query(PARTNERS, userB),
    gateway.query(PARTNERS, userA),
  ]);
  expect(sent).toBe(2);
  expect(names(answers[0])).toEqual(['Shared Fetch A']);
  expect(names(answers[1])).toEqual(['Shared Fetch B']);
  expect(names(answers[2])).toEqual(['Shared Fetch A']);
});

test('mutations are never shared, even identical ones of one identity', async () => {
  const gateway = await gatewayBeforeProxy();
  const CREATE = 'mutation { createPartner(input: { name: "Shared Fetch Twin", type: RESELLER }) { id } }';
  const { sent } = await held(gateway, { requests: 2, joins: 0 }, () => [
    gateway.query(CREATE),
    gateway.query(CREATE),
  ]);
  expect(sent).toBe(2);
});

test('a query with an Idempotency-Key is never shared', async () => {
  const gateway = await gatewayBeforeProxy();
  const key = { 'idempotency-key': 'shared-fetch-key-1' };
  const { answers, sent } = await held(gateway, { requests: 2, joins: 0 }, () => [
    gateway.query(PARTNERS, userA, key),
    gateway.query(PARTNERS, userA, key),
  ]);
  expect(sent).toBe(2);
  for (const answer of answers) expect(names(answer)).toEqual(['Shared Fetch A']);
});

test('deduplicateFetches: false (SUBGRAPH_DEDUPLICATE_FETCHES=false) sends every fetch', async () => {
  const gateway = await gatewayBeforeProxy({ deduplicateFetches: false });
  const { answers, sent } = await held(gateway, { requests: 2, joins: 0 }, () => [
    gateway.query(PARTNERS, userA),
    gateway.query(PARTNERS, userA),
  ]);
  expect(sent).toBe(2);
  for (const answer of answers) expect(names(answer)).toEqual(['Shared Fetch A']);
  expect(configProblems('gateway', { SUBGRAPH_DEDUPLICATE_FETCHES: 'false' })).toEqual([]);
  expect(configProblems('gateway', { SUBGRAPH_DEDUPLICATE_FETCHES: 'sometimes' })).toEqual([
    'SUBGRAPH_DEDUPLICATE_FETCHES must be true or false (is "sometimes")',
  ]);
});
