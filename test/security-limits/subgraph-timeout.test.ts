import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '../../gateway/src/gateway';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { HEADLINE, codes, expectFullHeadline, seedHeadlineCustomer, type HeadlineData } from './support';
import { as, postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * A subgraph that hangs costs the client at most SUBGRAPH_TIMEOUT_MS: the gateway answers with
 * what the other subgraph returned and an error for the missing part, naming no internals. No
 * elapsed time is measured: the peer never answers, so an answer at all means the gateway's
 * timeout fired; its log line names the reason and the peer sees the gateway hang up.
 */
/**
 * One timeout for both subgraphs (the gateway has no per-subgraph setting): long enough that the
 * healthy CRM answers well within it on a loaded machine; the hung peer never answers at all.
 */
const TIMEOUT_MS = 2000;
let graph: TestGraph;
let hung: Server;
const held: IncomingMessage[] = [];
/** One per request the stub holds: resolves when the gateway closes that connection. */
const hungUp: Promise<void>[] = [];
let slowGateway: RunningHttpServer;
let customerId: string;

beforeAll(async () => {
  graph = await startTestGraph();
  customerId = await seedHeadlineCustomer(graph);
  // A "partners subgraph" that reads the request and never answers.
  hung = createServer((req) => {
    held.push(req);
    hungUp.push(new Promise((resolve) => req.socket.once('close', () => resolve())));
  });
  await new Promise<void>((resolve) => hung.listen(0, '127.0.0.1', resolve));
  slowGateway = await startGateway({
    port: 0,
    subgraphUrls: {
      customers: graph.customers.url,
      partners: `http://127.0.0.1:${(hung.address() as AddressInfo).port}/graphql`,
    },
    subgraphTimeoutMs: TIMEOUT_MS,
  });
});
afterAll(async () => {
  await slowGateway?.close();
  hung?.closeAllConnections();
  await new Promise((resolve) => hung?.close(resolve));
  await graph?.stop();
});

/** Runs `work` with console.warn captured: the gateway's log lines of failed fetches. */
async function warnings<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const spy = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  try {
    const result = await work();
    return { result, lines: spy.mock.calls.map((call) => call.map(String).join(' ')) };
  } finally {
    spy.mockRestore();
  }
}

const timedOut = (lines: string[]) =>
  lines.filter((line) => /subgraph partners fetch failed: timeout/.test(line));

const viaSlowGateway = async (query: string, variables: Record<string, unknown> = {}) =>
  postGraphQL<HeadlineData>(slowGateway.url, query, variables, {
    authorization: `Bearer ${await graph.token(as.admin)}`,
  });

test('the headline query answers with the CRM part and an error for the partner part, within the timeout', async () => {
  const asked = held.length;
  const { result: response, lines } = await warnings(() => viaSlowGateway(HEADLINE, { id: customerId }));
  expect(held.length).toBeGreaterThan(0); // the partners stub was really asked, and never answered
  expect(timedOut(lines).length).toBeGreaterThan(0); // the fetches to it ended by the timeout
  await Promise.all(hungUp.slice(asked)); // and the gateway hung up on each one the stub holds
  const customer = response.data!.customer;
  expect(customer.name).toBe('Acme');
  expect(customer.deals.totalCount).toBe(3);
  expect(customer.deals.edges.map((edge) => edge.node.title).sort()).toEqual([
    'Direct',
    'From lead',
    'Sourced',
  ]);
  expect(customer.deals.edges.every((edge) => edge.node.sourcedBy === null)).toBe(true);
  expect(new Set(codes(response))).toEqual(new Set(['SERVICE_UNAVAILABLE']));
  for (const error of response.errors!) {
    expect(error.message).toBe('Part of the data is unavailable: a service did not answer in time');
    expect(error.extensions?.requestId).toEqual(expect.any(String));
    expect(error.extensions).not.toHaveProperty('serviceName');
  }
  expect(JSON.stringify(response)).not.toMatch(/127\.0\.0\.1|partners|abort/i);

  // The healthy gateway still answers the same query in full.
  expectFullHeadline(await graph.query<HeadlineData>(HEADLINE, { id: customerId }));
});

test('a query only the hung subgraph can answer fails fast with SERVICE_UNAVAILABLE', async () => {
  const asked = held.length;
  const { result: response, lines } = await warnings(() =>
    viaSlowGateway('{ partners(first: 1) { totalCount } }'),
  );
  expect(timedOut(lines)).toHaveLength(1); // its one fetch ended by the timeout
  await Promise.all(hungUp.slice(asked)); // and the gateway hung up
  expect(response.status).toBe(200);
  expect(response.data ?? null).toBeNull();
  expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
});

test('a subgraph that cannot be reached is SERVICE_UNAVAILABLE without its address', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const gateway = await startGateway({
    port: 0,
    subgraphUrls: { customers: graph.customers.url, partners: `http://127.0.0.1:${port}/graphql` },
  });
  try {
    const response = await postGraphQL(
      gateway.url,
      '{ partners(first: 1) { totalCount } }',
      {},
      {
        authorization: `Bearer ${await graph.token(as.admin)}`,
      },
    );
    expect(codes(response)).toEqual(['SERVICE_UNAVAILABLE']);
    expect(JSON.stringify(response)).not.toContain(String(port));
  } finally {
    await gateway.close();
  }
});
