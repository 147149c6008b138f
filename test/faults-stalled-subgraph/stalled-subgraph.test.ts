import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway, type GatewayOptions } from '../../gateway/src/gateway';
import { MemoryRateLimitStore } from '../../gateway/src/rate-limit';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import {
  HEADLINE,
  codes,
  expectFullHeadline,
  seedHeadlineCustomer,
  type HeadlineData,
} from '../security-limits/support';
import { stallingProxy, type StallingProxy } from './stall-proxy';
import { as, postGraphQL, startTestGraph } from '../support';
import type { GraphQLResponse, TestGraph } from '../support';

/**
 * A partners subgraph that stalls: the gateway waits out its timeout only until the breaker has
 * seen SUBGRAPH_BREAKER_FAILURES of them; then every fetch to it fails fast (no request reaches
 * it) while the CRM's answers stay whole, and once the stall is over and the cool-down has
 * passed (on the gateway's injected clock) one probe closes the breaker by itself. Each failed
 * fetch is one log line.
 */
// Long enough that a healthy fetch never times out on a loaded machine; only the stall reaches it.
const TIMEOUT_MS = 2_000;
const FAILURES = 3;
const COOLDOWN_MS = 30_000;
const PARTNERS_ONLY = '{ partners(first: 1) { totalCount } }';
const CUSTOMERS_ONLY = '{ customers(first: 5) { totalCount edges { node { name } } } }';

let graph: TestGraph;
let customerId: string;
const opened: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  graph = await startTestGraph();
  customerId = await seedHeadlineCustomer(graph);
});
afterAll(async () => {
  for (const server of opened.reverse()) await server.close();
  await graph?.stop();
});

function fakeClock() {
  let time = Date.UTC(2026, 0, 1);
  return { now: () => time, advance: (ms: number) => void (time += ms) };
}

/** A gateway of its own whose partners URL is `partnersUrl`; the CRM is reached directly. */
async function gatewayBefore(
  partnersUrl: string,
  options: Partial<GatewayOptions>,
): Promise<RunningHttpServer> {
  const gateway = await startGateway({
    port: 0,
    subgraphUrls: { customers: graph.customers.url, partners: partnersUrl },
    subgraphTimeoutMs: TIMEOUT_MS,
    rateLimitPerMinute: 0,
    rateLimits: { perPartner: 0, authFailuresPerSource: 0 },
    rateLimitStore: new MemoryRateLimitStore(),
    ...options,
  });
  opened.push(gateway);
  return gateway;
}

/** Every line the services write to the console while `run` runs, one entry per call. */
async function captureLog<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(
        args.map((arg) => (arg instanceof Error ? (arg.stack ?? String(arg)) : String(arg))).join(' '),
      );
    }),
  );
  try {
    return { result: await run(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const requestIdOf = (response: Pick<GraphQLResponse, 'errors'>): string => {
  const id = response.errors?.[0]?.extensions?.requestId;
  if (typeof id !== 'string') throw new Error(`no request id in ${JSON.stringify(response)}`);
  return id;
};

const readyz = async (gateway: RunningHttpServer) => {
  const response = await fetch(new URL('/readyz', gateway.url));
  return (await response.json()) as Record<string, unknown>;
};

describe('a stalled partners subgraph', () => {
  let proxy: StallingProxy;
  let gateway: RunningHttpServer;
  const clock = fakeClock();
  const ask = async <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}) =>
    postGraphQL<T>(gateway.url, query, variables, {
      authorization: `Bearer ${await graph.token(as.admin)}`,
    });

  beforeAll(async () => {
    proxy = await stallingProxy(graph.partners.url);
    opened.push(proxy);
    gateway = await gatewayBefore(proxy.url, {
      now: clock.now,
      resilience: { failures: FAILURES, failureRatePercent: 0, cooldownMs: COOLDOWN_MS, maxInFlight: 50 },
    });
  });

  test('opens the breaker, fails fast without asking it, keeps the CRM whole, and closes by itself', async () => {
    // Healthy: the headline query through the proxy is whole.
    expectFullHeadline(await ask<HeadlineData>(HEADLINE, { id: customerId }));
    const beforeStall = proxy.graphqlRequests;
    expect(beforeStall).toBeGreaterThan(0);

    proxy.stall();
    // Detection: each of the first FAILURES fetches waits out the timeout at the stalled subgraph.
    const detection = await captureLog(async () => {
      const answers: GraphQLResponse[] = [];
      for (let i = 0; i < FAILURES; i += 1) answers.push(await ask(PARTNERS_ONLY));
      return answers;
    });
    await proxy.arrived(beforeStall + FAILURES);
    for (const response of detection.result) {
      expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(response.errors![0].message).toBe(
        'Part of the data is unavailable: a service did not answer in time',
      );
      const lines = detection.lines.filter((line) => line.includes(requestIdOf(response)));
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^\\[gateway\\] request \\S+ subgraph partners fetch failed: timeout after \\d+ ms$`),
      );
    }
    expect(detection.lines.every((line) => !line.includes('\n'))).toBe(true); // no stack trace anywhere
    const reachedWhileDetecting = proxy.graphqlRequests - beforeStall;
    expect(reachedWhileDetecting).toBe(FAILURES);

    // Open: partner fetches fail at once, none reaches the stalled subgraph.
    const open = await captureLog(() => Promise.all(Array.from({ length: 10 }, () => ask(PARTNERS_ONLY))));
    for (const response of open.result) {
      expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
      expect(response.errors![0].message).toMatch(/not asked until it recovers/);
      // The path says which part is missing; the message and extensions never name the subgraph.
      const { message, extensions } = response.errors![0];
      expect(JSON.stringify({ message, extensions })).not.toMatch(/partners|127\.0\.0\.1/);
      const lines = open.lines.filter((line) => line.includes(requestIdOf(response)));
      expect(lines).toEqual([
        expect.stringMatching(/subgraph partners fetch failed: circuit open after 0 ms$/),
      ]);
    }
    expect(proxy.graphqlRequests - beforeStall).toBe(FAILURES);

    // The healthy subgraph is unaffected: CRM-only queries are whole, the headline has every CRM field.
    const crm = await ask<{ customers: { totalCount: number } }>(CUSTOMERS_ONLY);
    expect(crm.errors).toBeUndefined();
    expect(crm.data!.customers.totalCount).toBe(1);
    const partial = await captureLog(() => ask<HeadlineData>(HEADLINE, { id: customerId }));
    const headline = partial.result;
    expect(headline.data!.customer.name).toBe('Acme');
    expect(headline.data!.customer.deals.totalCount).toBe(3);
    expect(headline.data!.customer.deals.edges.map((edge) => edge.node.title).sort()).toEqual([
      'Direct',
      'From lead',
      'Sourced',
    ]);
    expect(new Set(codes(headline))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
    // One line per failed fetch: the headline asks partners twice (Deal.sourcedBy, then
    // Lead.referredBy); each failed fetch is one line however many fields it nulls (an error each).
    const lines = partial.lines.filter((line) => line.includes(requestIdOf(headline)));
    expect(lines).toEqual([
      expect.stringMatching(/subgraph partners fetch failed: circuit open after 0 ms$/),
      expect.stringMatching(/subgraph partners fetch failed: circuit open after 0 ms$/),
    ]);
    expect(headline.errors!.map((error) => error.path!.at(-1)).sort()).toEqual([
      'referredBy',
      'sourcedBy',
      'sourcedBy',
      'sourcedBy',
    ]);
    expect(proxy.graphqlRequests - beforeStall).toBe(FAILURES);

    // /readyz: ready (the CRM answers), degraded, and says which breaker is open.
    expect(await readyz(gateway)).toMatchObject({
      status: 'ready',
      degraded: true,
      breakers: { partners: 'open' },
    });

    // The stall ends; before the cool-down the breaker still fails fast.
    proxy.release();
    expect(codes(await ask(PARTNERS_ONLY))).toEqual(['SERVICE_UNAVAILABLE']);
    expect(proxy.graphqlRequests - beforeStall).toBe(FAILURES);

    // After the cool-down one probe goes through, succeeds and closes the breaker: answers resume.
    clock.advance(COOLDOWN_MS);
    const probe = await ask<{ partners: { totalCount: number } }>(PARTNERS_ONLY);
    expect(probe.errors).toBeUndefined();
    expect(probe.data!.partners.totalCount).toBe(2);
    expect(proxy.graphqlRequests - beforeStall).toBe(FAILURES + 1);
    expectFullHeadline(await ask<HeadlineData>(HEADLINE, { id: customerId }));
    expect(await readyz(gateway)).toEqual({
      status: 'ready',
      ready: true,
      subgraphs: { customers: true, partners: true },
    });

    console.info(
      `[faults-stalled-subgraph] requests reaching the stalled subgraph: ${reachedWhileDetecting} while detecting, ` +
        `0 of ${open.result.length + 2} while open; log lines per failed fetch: 1`,
    );
  });
});

test('the in-flight cap: beyond SUBGRAPH_MAX_IN_FLIGHT a fetch fails fast instead of queueing on a stalled subgraph', async () => {
  const proxy = await stallingProxy(graph.partners.url);
  opened.push(proxy);
  // A breaker that never opens here: only the cap is at work.
  const gateway = await gatewayBefore(proxy.url, {
    subgraphTimeoutMs: 60_000,
    resilience: { failures: 0, failureRatePercent: 0, maxInFlight: 2 },
  });
  const ask = async (query: string) =>
    postGraphQL(gateway.url, query, {}, { authorization: `Bearer ${await graph.token(as.admin)}` });
  proxy.stall();
  // Three different queries: identical ones in flight would share one fetch (shared-fetches.ts).
  const other = (first: number) => PARTNERS_ONLY.replace('first: 1', `first: ${first}`);
  const stuck = [ask(PARTNERS_ONLY), ask(other(2))];
  await proxy.arrived(2);
  const { result: refused, lines } = await captureLog(() => ask(other(3)));
  expect(codes(refused)).toEqual(['SERVICE_UNAVAILABLE']);
  expect(refused.errors![0].message).toBe(
    'Part of the data is unavailable: a service is overloaded; try again later',
  );
  expect(lines.filter((line) => line.includes(requestIdOf(refused)))).toEqual([
    expect.stringMatching(/subgraph partners fetch failed: too many in flight after 0 ms$/),
  ]);
  expect(proxy.graphqlRequests).toBe(2);
  // The CRM has a cap of its own: untouched.
  expect((await ask(CUSTOMERS_ONLY)).errors).toBeUndefined();
  // Released, the two held fetches are answered, and the cap admits again.
  proxy.release();
  for (const response of await Promise.all(stuck)) expect(response.errors).toBeUndefined();
  expect((await ask(PARTNERS_ONLY)).errors).toBeUndefined();
  expect(proxy.graphqlRequests).toBe(3);
});

test('a subgraph answering 5xx: one line per fetch (a 500 with its errorId); 503s open the breaker, a 500 does not count', async () => {
  const statuses = [500, 503, 500, 503, 503];
  let received = 0;
  const failing: Server = createServer((req, res) => {
    received += 1;
    req.resume();
    res.writeHead(statuses[received - 1] ?? 503, { 'content-type': 'text/plain' }).end('upstream down');
  });
  await new Promise<void>((resolve) => failing.listen(0, '127.0.0.1', resolve));
  opened.push({
    close: () => new Promise<void>((resolve) => failing.close(() => resolve())),
  });
  const gateway = await gatewayBefore(`http://127.0.0.1:${(failing.address() as AddressInfo).port}/graphql`, {
    subgraphTimeoutMs: 10_000,
    resilience: { failures: 2, failureRatePercent: 0, cooldownMs: COOLDOWN_MS, maxInFlight: 10 },
    now: fakeClock().now,
  });
  const ask = async (query: string) =>
    postGraphQL(gateway.url, query, {}, { authorization: `Bearer ${await graph.token(as.admin)}` });
  const { result, lines } = await captureLog(async () => {
    const answers: GraphQLResponse[] = [];
    for (let i = 0; i < 6; i += 1) answers.push(await ask(PARTNERS_ONLY));
    return answers;
  });
  // A 500 is a fault of the subgraph (masked, with an errorId); a 503 says "unavailable, retry".
  expect(result.map((response) => codes(response))).toEqual([
    ['INTERNAL_SERVER_ERROR'],
    ['SERVICE_UNAVAILABLE'],
    ['INTERNAL_SERVER_ERROR'],
    ['SERVICE_UNAVAILABLE'],
    ['SERVICE_UNAVAILABLE'],
    ['SERVICE_UNAVAILABLE'],
  ]);
  const errorIds = [result[0], result[2]].map((response) => String(response.errors![0].extensions?.errorId));
  expect(result[1].errors![0].message).toBe('Part of the data is unavailable: a service is unavailable');
  const ids = result.map(requestIdOf);
  const ours = lines.filter((line) => ids.some((id) => line.includes(id)));
  const http500 = (errorId: string) =>
    expect.stringMatching(
      new RegExp(`subgraph partners fetch failed: HTTP 500 \\(error ${errorId}\\) after \\d+ ms$`),
    );
  const http503 = expect.stringMatching(/subgraph partners fetch failed: HTTP 503 after \d+ ms$/);
  const open = expect.stringMatching(/subgraph partners fetch failed: circuit open after 0 ms$/);
  // The 500s did not count: the breaker opened at the second 503, and the last two were not sent.
  expect(ours).toEqual([http500(errorIds[0]), http503, http500(errorIds[1]), http503, open, open]);
  expect(ours.map((line) => line.split(' ')[2])).toEqual(ids);
  expect(received).toBe(4);
});
