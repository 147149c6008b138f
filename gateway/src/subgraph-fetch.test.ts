import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { subgraphFetcher } from './subgraph-fetch';

/** The gateway's subgraph HTTP client against a real local server: the outcomes the gateway reads. */
let server: Server;
let url: string;
let handle: (req: IncomingMessage, res: ServerResponse, nthOnSocket: number) => void;
const requestsOnSocket = new WeakMap<Socket, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const n = (requestsOnSocket.get(req.socket) ?? 0) + 1;
    requestsOnSocket.set(req.socket, n);
    req.resume();
    req.on('end', () => handle(req, res, n));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const post = (fetcher: ReturnType<typeof subgraphFetcher>) =>
  fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{a}"}' });

test('a JSON answer: status, headers, body; the connection is kept alive for the next fetch', async () => {
  handle = (req, res, n) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ data: { n, length: req.headers['content-length'] } }));
  };
  const fetcher = subgraphFetcher(5_000);
  const first = await post(fetcher);
  expect(first.status).toBe(200);
  expect(first.ok).toBe(true);
  expect(first.headers.get('Content-Type')).toBe('application/json');
  expect(await first.json()).toEqual({ data: { n: 1, length: '15' } });
  const second = await post(fetcher);
  expect(await second.json()).toEqual({ data: { n: 2, length: '15' } });
});

test('a kept-alive connection reset before any answer: sent once more on a fresh one', async () => {
  // The first request of each connection is answered; a second one on it is cut off unanswered.
  handle = (req, res, n) => {
    if (n > 1) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":{"ok":true}}');
  };
  const fetcher = subgraphFetcher(5_000);
  expect(await (await post(fetcher)).json()).toEqual({ data: { ok: true } });
  // Reuses the kept-alive connection, which resets: answered on a fresh connection.
  expect(await (await post(fetcher)).json()).toEqual({ data: { ok: true } });
});

test('a mutation on a kept-alive connection reset before any answer: fails, never sent twice', async () => {
  // Each fetch after an answered one reuses its kept-alive connection; the 2nd and 4th are cut off.
  let received = 0;
  handle = (req, res) => {
    received += 1;
    if (received === 2 || received === 4) {
      req.socket.destroy();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":{"ok":true}}');
  };
  const fetcher = subgraphFetcher(5_000);
  const mutation = (body: string, headers: Record<string, string> = {}) =>
    fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  expect(await (await mutation('{"query":"mutation { a }"}')).json()).toEqual({ data: { ok: true } });
  await expect(mutation('{"query":"mutation { a }"}')).rejects.toThrow('fetch failed');
  expect(received).toBe(2);
  // With an Idempotency-Key its repeat answers the first result: sent once more.
  expect(await (await mutation('{"query":"mutation { b }"}')).json()).toEqual({ data: { ok: true } });
  expect(await (await mutation('{"query":"mutation { b }"}', { 'idempotency-key': 'k1' })).json()).toEqual({
    data: { ok: true },
  });
  expect(received).toBe(5);
});

test('no answer within the timeout (head or body): a TimeoutError', async () => {
  handle = () => undefined; // never answers
  await expect(post(subgraphFetcher(50))).rejects.toMatchObject({ name: 'TimeoutError' });
  handle = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":'); // the body never ends
  };
  const response = await post(subgraphFetcher(50));
  expect(response.status).toBe(200);
  await expect(response.text()).rejects.toMatchObject({ name: 'TimeoutError' });
});

test('nobody listening: fetch failed, with the socket error as its cause', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const failure = subgraphFetcher(5_000)(`http://127.0.0.1:${port}/graphql`, { method: 'POST', body: '{}' });
  await expect(failure).rejects.toMatchObject({ message: 'fetch failed', cause: { code: 'ECONNREFUSED' } });
});

test('an answer cut off mid-body: its text() rejects', async () => {
  handle = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
    res.write('{"data":');
    setImmediate(() => req.socket.destroy());
  };
  const response = await post(subgraphFetcher(5_000));
  await expect(response.text()).rejects.toBeDefined();
});

test('an answer longer than maxResponseBytes (announced or not): rejected, its connection never reused', async () => {
  const LIMIT = 1_000;
  const sockets: Socket[] = [];
  const big = (chunked: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    sockets.push(req.socket);
    const body = JSON.stringify({ data: { pad: 'x'.repeat(LIMIT) } });
    res.writeHead(200, {
      'content-type': 'application/json',
      ...(chunked ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
    });
    if (!chunked) res.end(body);
    else {
      // Streamed without a length: the limit is passed while it arrives.
      res.write(body.slice(0, 600));
      res.write(body.slice(600), () => res.end());
    }
  };
  const small = (req: IncomingMessage, res: ServerResponse) => {
    sockets.push(req.socket);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"data":{"ok":true}}');
  };
  const fetcher = subgraphFetcher(5_000, LIMIT);
  for (const chunked of [false, true]) {
    handle = small;
    // An answer within the limit: its connection is kept alive, and the big answer comes on it.
    expect(await (await post(fetcher)).json()).toEqual({ data: { ok: true } });
    handle = big(chunked);
    const response = await post(fetcher);
    expect(response.status).toBe(200);
    await expect(response.text()).rejects.toMatchObject({ name: 'ResponseTooLargeError', limit: LIMIT });
    const [kept, aborted] = sockets.slice(-2);
    expect(aborted).toBe(kept);
    // The fetcher closed that connection: the next fetch goes on another one.
    if (!aborted.closed) await new Promise((resolve) => aborted.once('close', resolve));
    handle = small;
    expect(await (await post(fetcher)).json()).toEqual({ data: { ok: true } });
    expect(sockets.at(-1)).not.toBe(aborted);
  }
  // Without a limit (0) the same answer is read whole.
  handle = big(true);
  const whole = await post(subgraphFetcher(5_000, 0));
  expect(((await whole.json()) as { data: { pad: string } }).data.pad).toHaveLength(LIMIT);
});
