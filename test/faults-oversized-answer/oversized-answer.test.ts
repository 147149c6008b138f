import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { startGateway } from '../../gateway/src/gateway';
import { MemoryRateLimitStore } from '../../gateway/src/rate-limit';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import {
  as,
  codes,
  createCustomer,
  createDeal,
  postGraphQL,
  startTestGraph,
  type GraphQLResponse,
  type TestGraph,
} from '../support';
import { forwardRequest } from '../support/faults';

/**
 * A partners subgraph (behind a proxy) that answers more than the gateway reads
 * (SUBGRAPH_MAX_RESPONSE_BYTES, here 64 KiB): the gateway stops reading it, destroys that
 * connection (the next fetch goes on another one), and the client gets the CRM's part whole and,
 * at the partners' path, a masked INTERNAL_SERVER_ERROR with an errorId that the one log line
 * carries; whether the answer announced its length or streamed it. It does not open the breaker
 * (the subgraph answered: one caller's query must not shut it off for everyone).
 */
const LIMIT = 64 * 1024;
const FAILURES = 2;
// The CRM's deals, and the PRM's part of each (its sourcing partner): one fetch to each subgraph.
const DEALS = '{ deals(first: 5) { totalCount edges { node { title sourcedBy { id } } } } }';

let graph: TestGraph;
let proxy: Awaited<ReturnType<typeof inflatingProxy>>;
let gateway: RunningHttpServer;

/**
 * An HTTP proxy in front of the real partners subgraph. While `inflate` is set it answers each
 * GraphQL request with the subgraph's own answer padded past `LIMIT` (an `extensions` member),
 * with a content-length or streamed in chunks without one. It keeps the socket of each request.
 */
async function inflatingProxy(target: string) {
  const upstream = new URL(target);
  const state = { inflate: null as null | 'announced' | 'streamed', sockets: [] as Socket[] };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.socket.on('error', () => undefined); // the gateway may cut it off mid-answer
    res.on('error', () => undefined);
    if (req.url?.startsWith('/graphql')) state.sockets.push(req.socket);
    const inflate = req.url?.startsWith('/graphql') ? state.inflate : null;
    if (!inflate) {
      forwardRequest(upstream, req, res);
      return;
    }
    forwardRequest(upstream, req, res, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        const padded = JSON.stringify({ ...body, extensions: { pad: 'x'.repeat(2 * LIMIT) } });
        const length = { 'content-length': String(Buffer.byteLength(padded)) };
        res.writeHead(200, {
          'content-type': 'application/json',
          ...(inflate === 'announced' ? length : {}),
        });
        if (inflate === 'announced') res.end(padded);
        else {
          const third = Math.ceil(padded.length / 3);
          res.write(padded.slice(0, third));
          res.write(padded.slice(third, 2 * third));
          res.end(padded.slice(2 * third));
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${upstream.pathname}`,
    state,
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** Every line the services write to the console while `run` runs, one entry per call. */
async function captureLog<T>(run: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const spies = (['log', 'info', 'warn', 'error'] as const).map((level) =>
    jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
    }),
  );
  try {
    return { result: await run(), lines };
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

const ask = async <T = Record<string, unknown>>(query: string) =>
  postGraphQL<T>(gateway.url, query, {}, { authorization: `Bearer ${await graph.token(as.admin)}` });

beforeAll(async () => {
  graph = await startTestGraph();
  const customer = await createCustomer(graph, 'Oversized Buyer');
  await createDeal(graph, { customerId: customer.id, title: 'Direct deal' });
  proxy = await inflatingProxy(graph.partners.url);
  gateway = await startGateway({
    port: 0,
    subgraphUrls: { customers: graph.customers.url, partners: proxy.url },
    subgraphMaxResponseBytes: LIMIT,
    rateLimitPerMinute: 0,
    rateLimits: { perPartner: 0, authFailuresPerSource: 0 },
    rateLimitStore: new MemoryRateLimitStore(),
    resilience: { failures: FAILURES, failureRatePercent: 0 },
  });
});
afterAll(async () => {
  await gateway?.close();
  await proxy?.close();
  await graph?.stop();
});

type Deals = {
  deals: { totalCount: number; edges: { node: { title: string; sourcedBy: { id: string } | null } }[] };
};

test('an answer past SUBGRAPH_MAX_RESPONSE_BYTES: aborted, its connection dropped, a masked typed error at its path', async () => {
  const healthy = await ask<Deals>(DEALS);
  expect(healthy.errors).toBeUndefined();
  expect(healthy.data).toEqual({
    deals: { totalCount: 1, edges: [{ node: { title: 'Direct deal', sourcedBy: null } }] },
  });

  for (const inflate of ['streamed', 'announced', 'streamed'] as const) {
    proxy.state.inflate = inflate;
    const { result, lines } = await captureLog(() => ask<Deals>(DEALS));
    // The CRM's part is whole; the partners' part is null with one masked, typed error at its path.
    expect(result.data).toEqual(healthy.data);
    expect(codes(result)).toEqual(['INTERNAL_SERVER_ERROR']);
    const [error] = result.errors!;
    expect(error).toMatchObject({
      message: 'Internal server error',
      path: ['deals', 'edges', 0, 'node', 'sourcedBy'],
    });
    const errorId = error.extensions!.errorId as string;
    expect(errorId).toMatch(/^\w+$/);
    expect(JSON.stringify(error)).not.toMatch(/partners"|127\.0\.0\.1|bytes|x{10}/);
    // One log line, carrying the errorId and the limit (no stack trace).
    const requestId = error.extensions!.requestId as string;
    expect(lines.filter((line) => line.includes(requestId))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\[gateway\\] request ${requestId} subgraph partners fetch failed: answer too large \\(more than ${LIMIT} bytes, error ${errorId}\\) after \\d+ ms$`,
        ),
      ),
    ]);
    // The connection it came on is closed by the gateway; the next fetch goes on another one.
    const aborted = proxy.state.sockets.at(-1)!;
    if (!aborted.closed) await new Promise((resolve) => aborted.once('close', resolve));
    proxy.state.inflate = null;
    const after = await ask<Deals>(DEALS);
    expect(after.errors).toBeUndefined();
    expect(after.data).toEqual(healthy.data);
    expect(proxy.state.sockets.at(-1)).not.toBe(aborted);
  }

  // Three oversized answers with a breaker opening after two failures in a row: still closed.
  proxy.state.inflate = 'streamed';
  for (let i = 0; i <= FAILURES; i += 1)
    expect(codes(await captureLog(() => ask(DEALS)).then((r) => r.result))).toEqual([
      'INTERNAL_SERVER_ERROR',
    ]);
  proxy.state.inflate = null;
  const readyz = (await (await fetch(new URL('/readyz', gateway.url))).json()) as Record<string, unknown>;
  expect(readyz).toMatchObject({ status: 'ready' });
  expect(readyz.breakers).toBeUndefined();
  const whole: GraphQLResponse<Deals> = await ask<Deals>(DEALS);
  expect(whole.errors).toBeUndefined();
});
