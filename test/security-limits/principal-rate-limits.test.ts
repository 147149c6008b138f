import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { startGateway } from '../../gateway/src/gateway';
import {
  MemoryRateLimitStore,
  PrincipalRateLimits,
  RedisRateLimitStore,
  clientAddress,
  type RateLimitStore,
} from '../../gateway/src/rate-limit';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { codes } from './support';
import { postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Rate limits per principal: a partner's users and keys share one budget, failed authentications
 * are limited per source address, an unknown API key is looked up once, and several gateway
 * replicas sharing Redis enforce one limit together. Clocks are injected: nothing waits.
 */
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const QUERY = '{ customers(first: 1) { totalCount } }';
const UNKNOWN_KEY = `sgk_${'0'.repeat(32)}_${'A'.repeat(43)}`;
const randomKey = () => `sgk_${randomBytes(16).toString('hex')}_${randomBytes(32).toString('base64url')}`;
const uniquePrefix = () => `sales-graph:test:${randomBytes(6).toString('hex')}:`;

const send = (url: string, bearer: string, headers: Record<string, string> = {}) =>
  postGraphQL(url, QUERY, {}, { authorization: `Bearer ${bearer}`, ...headers });

/** A fixed clock that a test moves by hand. */
function clock(start = 1_800_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

async function activePartner(graph: TestGraph, name: string): Promise<string> {
  const created = await graph.query<{ createPartner: { id: string } }>(
    `mutation($n: String!) { createPartner(input: { name: $n, type: RESELLER }) { id } }`,
    { n: name },
  );
  const id = created.data!.createPartner.id;
  await graph.prm.query(`UPDATE prm.partners SET status = 'ACTIVE' WHERE id = $1`, [id]);
  return id;
}

async function partnerKey(graph: TestGraph, partnerId: string, name: string): Promise<string> {
  const created = await graph.query<{ createApiKey: { key: string } }>(
    `mutation($input: CreateApiKeyInput!) { createApiKey(input: $input) { key } }`,
    { input: { name, role: 'PARTNER', partnerId } },
  );
  if (!created.data) throw new Error(JSON.stringify(created.errors));
  return created.data.createApiKey.key;
}

/** Counts the HTTP requests a server receives (the gateway's API key look-ups at the PRM). */
function countRequests(server: RunningHttpServer): { readonly count: number } {
  const counter = { count: 0 };
  server.server.on('request', () => void (counter.count += 1));
  return counter;
}

describe('one gateway, limits in the process', () => {
  const time = clock();
  let graph: TestGraph;
  let partnerA: string;
  let partnerB: string;
  beforeAll(async () => {
    graph = await startTestGraph({
      gateway: {
        now: time.now,
        rateLimits: { perPartner: 3, authFailuresPerSource: 5 },
        trustProxy: 1,
      },
    });
    partnerA = await activePartner(graph, 'Bucket Partner A');
    partnerB = await activePartner(graph, 'Bucket Partner B');
  });
  afterAll(async () => {
    await graph?.stop();
  });

  test("two keys of one partner share the partner's bucket; another partner has its own", async () => {
    const [first, second] = [
      await partnerKey(graph, partnerA, 'sync 1'),
      await partnerKey(graph, partnerA, 'sync 2'),
    ];
    const other = await partnerKey(graph, partnerB, 'sync B');
    for (const key of [first, second, first]) {
      const ok = await send(graph.gateway.url, key);
      expect(ok.errors).toBeUndefined();
    }
    // A fourth request of partner A, through either key (or a freshly minted one), is over.
    for (const key of [second, first, await partnerKey(graph, partnerA, 'sync 3')]) {
      const limited = await send(graph.gateway.url, key);
      expect(limited.status).toBe(429);
      expect(codes(limited)).toEqual(['RATE_LIMITED']);
    }
    expect((await send(graph.gateway.url, other)).errors).toBeUndefined();
    // The partner's budget comes back with time.
    time.advance(20_000);
    expect((await send(graph.gateway.url, second)).errors).toBeUndefined();
  });

  test('an unknown key hammering is looked up once, then limited per source with 429', async () => {
    const lookups = countRequests(graph.partners);
    const from = { 'x-forwarded-for': '203.0.113.7' };
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await send(graph.gateway.url, UNKNOWN_KEY, from)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429, 429, 429]);
    expect(lookups.count).toBe(1);
    // Fresh random keys from the same source are refused before any look-up.
    for (let i = 0; i < 5; i++) {
      const limited = await send(graph.gateway.url, randomKey(), from);
      expect(codes(limited)).toEqual(['RATE_LIMITED']);
    }
    expect(lookups.count).toBe(1);
    // Bad user tokens count too; another source is not affected; a valid token still passes.
    expect((await send(graph.gateway.url, 'not-a-token', from)).status).toBe(429);
    const elsewhere = { 'x-forwarded-for': '198.51.100.9' };
    expect((await send(graph.gateway.url, UNKNOWN_KEY, elsewhere)).status).toBe(401);
    const valid = await send(graph.gateway.url, await graph.token({ sub: 'user:ok', role: 'SALES' }), from);
    expect(valid.errors).toBeUndefined();
    // A minute later both the failure budget and the negative cache have expired: asked again.
    time.advance(60_000);
    expect((await send(graph.gateway.url, UNKNOWN_KEY, from)).status).toBe(401);
    expect(lookups.count).toBe(2);
  });

  test('a client cannot pick its source by writing x-forwarded-for: only the trusted hop counts', async () => {
    // One trusted proxy: the last entry is what it saw; entries the client wrote before it are ignored.
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const spoofed = { 'x-forwarded-for': `10.0.0.${i}, 192.0.2.50` };
      statuses.push((await send(graph.gateway.url, 'bad-token', spoofed)).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});

describe('two gateways sharing Redis', () => {
  const time = clock();
  let graph: TestGraph;
  let second: RunningHttpServer;
  const prefix = uniquePrefix();
  beforeAll(async () => {
    const gateway = {
      now: time.now,
      rateLimitPerMinute: 4,
      rateLimits: { perPartner: 0, authFailuresPerSource: 3 },
    };
    graph = await startTestGraph({
      gateway: { ...gateway, rateLimitStore: new RedisRateLimitStore(REDIS_URL, prefix) },
    });
    second = await startGateway({
      ...gateway,
      port: 0,
      rateLimitStore: new RedisRateLimitStore(REDIS_URL, prefix),
      subgraphUrls: { customers: graph.customers.url, partners: graph.partners.url },
    });
  });
  afterAll(async () => {
    await second?.close();
    await graph?.stop();
  });

  test('enforce one limit per identity together', async () => {
    const token = await graph.token({ sub: 'user:replicated', role: 'SALES' });
    const urls = [graph.gateway.url, second.url];
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await send(urls[i % 2], token)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
  });

  test('count failed authentications of one source together', async () => {
    const urls = [graph.gateway.url, second.url];
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await send(urls[i % 2], `bad-${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

/** The same token bucket, whichever store holds it. */
describe.each<[string, () => RateLimitStore]>([
  ['memory', () => new MemoryRateLimitStore()],
  ['redis', () => new RedisRateLimitStore(REDIS_URL, uniquePrefix())],
])('%s store', (_name, makeStore) => {
  let store: RateLimitStore;
  beforeEach(() => {
    store = makeStore();
  });
  afterEach(async () => {
    await store.close();
  });

  test('a burst of perMinute, then one request per 60/perMinute seconds; peek takes nothing', async () => {
    let now = 1_000_000;
    for (let i = 0; i < 60; i++) expect(await store.take('a', 60, now)).toBe(0);
    expect(await store.take('a', 60, now)).toBe(1);
    expect(await store.peek('a', 60, now)).toBe(1);
    now += 1000;
    expect(await store.peek('a', 60, now)).toBe(0);
    expect(await store.peek('a', 60, now)).toBe(0);
    expect(await store.take('a', 60, now)).toBe(0);
    expect(await store.take('a', 60, now)).toBe(1);
    expect(await store.take('b', 60, now)).toBe(0);
    expect(await store.take('a', 0, now)).toBe(0); // 0 is no limit
  });

  test('PrincipalRateLimits: identity and partner buckets', async () => {
    const limits = new PrincipalRateLimits(
      { perIdentity: 2, perPartner: 3, authFailuresPerSource: 1, applicationsPerSourcePerHour: 0 },
      store,
      () => 5_000_000,
    );
    const user = (sub: string) => ({ sub, role: 'PARTNER' as const, partnerId: 'p1' });
    await limits.admit(user('u1'));
    await limits.admit(user('u1'));
    await expect(limits.admit(user('u1'))).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    await limits.admit(user('u2'));
    await expect(limits.admit(user('u3'))).rejects.toMatchObject({ extensions: { code: 'RATE_LIMITED' } });
    await limits.admit({ sub: 'u3', role: 'SALES' });
  });
});

test('clientAddress: the peer, unless TRUST_PROXY hops are trusted', () => {
  const req = (xff: string | undefined, peer = '10.1.1.1') =>
    ({ socket: { remoteAddress: peer }, headers: xff ? { 'x-forwarded-for': xff } : {} }) as IncomingMessage;
  expect(clientAddress(req('1.1.1.1'), 0)).toBe('10.1.1.1');
  expect(clientAddress(req('6.6.6.6, 1.1.1.1'), 1)).toBe('1.1.1.1');
  expect(clientAddress(req('6.6.6.6, 1.1.1.1, 10.0.0.2'), 2)).toBe('1.1.1.1');
  expect(clientAddress(req(undefined), 1)).toBe('10.1.1.1');
  expect(clientAddress(req('1.1.1.1'), 5)).toBe('1.1.1.1');
});
