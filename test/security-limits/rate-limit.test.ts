import { RateLimiter } from '../../gateway/src/rate-limit';
import type { Identity } from '@sales-graph/shared/auth/identity';
import { codes } from './support';
import { ADMIN, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** Each identity (token `sub`) may send RATE_LIMIT_PER_MINUTE requests a minute; the next is 429. */
const LIMIT = 3;
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph({ gateway: { rateLimitPerMinute: LIMIT } });
});
afterAll(async () => {
  await graph?.stop();
});

const QUERY = '{ customers(first: 1) { totalCount } }';

async function send(identity: Identity) {
  const response = await fetch(graph.gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${await graph.token(identity)}` },
    body: JSON.stringify({ query: QUERY }),
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
  return { status: response.status, retryAfter: response.headers.get('retry-after'), ...body };
}

test('the N+1-th request of an identity within the minute gets 429 RATE_LIMITED; another identity is unaffected', async () => {
  for (let i = 0; i < LIMIT; i++) {
    const ok = await send(ADMIN);
    expect(ok.status).toBe(200);
    expect(ok.errors).toBeUndefined();
  }
  const limited = await send(ADMIN);
  expect(limited.status).toBe(429);
  expect(codes(limited)).toEqual(['RATE_LIMITED']);
  expect(limited.data ?? null).toBeNull();
  expect(Number(limited.retryAfter)).toBeGreaterThanOrEqual(1);
  expect(limited.errors![0].extensions?.requestId).toEqual(expect.any(String));

  const other = await send({ sub: 'user:other', role: 'ANALYST' });
  expect(other.status).toBe(200);
  expect(other.errors).toBeUndefined();

  // A different token for the same subject shares the same budget.
  expect((await send({ ...ADMIN, role: 'SALES' })).status).toBe(429);
});

describe('RateLimiter (token bucket)', () => {
  test('allows a burst of perMinute, then one request per 60/perMinute seconds', () => {
    let now = 0;
    const limiter = new RateLimiter(60, () => now);
    for (let i = 0; i < 60; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1); // next token in one second
    now += 500;
    expect(limiter.take('a')).toBe(1);
    now += 500;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(1);
    expect(limiter.take('b')).toBe(0);
  });

  test('refills completely after a minute and forgets idle callers', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    limiter.take('a');
    limiter.take('a');
    expect(limiter.take('a')).toBe(30);
    now += 60_000;
    expect(limiter.take('b')).toBe(0); // sweeps: 'a' is full again
    expect(limiter.size).toBe(1);
    expect(limiter.take('a')).toBe(0);
  });

  test('a limit of 0 is no limit', () => {
    const limiter = new RateLimiter(0);
    for (let i = 0; i < 1000; i++) expect(limiter.take('a')).toBe(0);
    expect(limiter.size).toBe(0);
  });
});
