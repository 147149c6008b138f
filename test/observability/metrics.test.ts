import type { Identity } from '@sales-graph/shared/auth/identity';
import { postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * `/metrics` on every service (tracing off here): after a few requests the counters have moved —
 * requests by operation and outcome, errors by code, latency per operation and per subgraph
 * fetch, rate-limit refusals, pool usage, outbox depth and age — operation names cannot grow
 * the series without bound, and who may scrape is decided by METRICS_TOKEN.
 */

let graph: TestGraph;
const MAX_OPERATIONS = 3;
let previousMax: string | undefined;

beforeAll(async () => {
  previousMax = process.env.METRICS_MAX_OPERATIONS;
  process.env.METRICS_MAX_OPERATIONS = String(MAX_OPERATIONS);
  graph = await startTestGraph({ gateway: { rateLimitPerMinute: 3 } });
});

afterAll(async () => {
  await graph?.stop();
  if (previousMax === undefined) delete process.env.METRICS_MAX_OPERATIONS;
  else process.env.METRICS_MAX_OPERATIONS = previousMax;
});

const origin = (server: { url: string }) => new URL(server.url).origin;

async function scrape(server: { url: string }, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(`${origin(server)}/metrics`, { headers });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

/** The value of the series `name` whose labels include `labels` (undefined when there is none). */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]),
    );
    if (Object.entries(labels).every(([key, wanted]) => found[key] === wanted)) return Number(match[3]);
  }
  return undefined;
}

const labelValues = (text: string, name: string, label: string): Set<string> =>
  new Set(
    [...text.matchAll(new RegExp(`^${name}\\{[^}]*\\b${label}="([^"]*)"`, 'gm'))].map((match) => match[1]!),
  );

const user = (sub: string): Identity => ({ sub, role: 'ADMIN' });

test('requests, errors by code, latencies, subgraph fetches and rate-limit refusals are counted', async () => {
  const before = await scrape(graph.gateway);
  expect(value(before, 'graphql_requests_total', { operation: 'Probe' })).toBeUndefined();

  const probe = `query Probe { partners(first: 1) { totalCount } customers(first: 1) { totalCount } }`;
  const missing = `query Missing { customer(id: "00000000-0000-4000-8000-000000000000") { id } }`;
  expect((await graph.query(probe, {}, user('user:metrics-a'))).errors).toBeUndefined();
  expect((await graph.query(probe, {}, user('user:metrics-a'))).errors).toBeUndefined();
  const notFound = await graph.query(missing, {}, user('user:metrics-a'));
  expect(notFound.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  // The fourth request of the minute (limit 3) is refused.
  const refused = await graph.query(probe, {}, user('user:metrics-a'));
  expect(refused.status).toBe(429);
  // Refused before GraphQL runs: no valid token.
  const anonymous = await postGraphQL(graph.gateway.url, probe, {}, { authorization: 'Bearer nonsense' });
  expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

  // A request is counted as its response closes: once no server has one in flight, all are.
  await graph.idle();
  const after = await scrape(graph.gateway);
  expect(
    value(after, 'graphql_requests_total', { service: 'gateway', operation: 'Probe', outcome: 'ok' }),
  ).toBe(2);
  expect(value(after, 'graphql_requests_total', { operation: 'Missing', outcome: 'partial' })).toBe(1);
  // Refused before the document was read: no operation name is believed.
  expect(value(after, 'graphql_requests_total', { operation: '(none)', outcome: 'error' })).toBe(2);
  expect(value(after, 'graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
  expect(value(after, 'graphql_errors_total', { code: 'RATE_LIMITED' })).toBe(1);
  expect(value(after, 'graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
  expect(value(after, 'rate_limit_refusals_total', { limit: 'identity' })).toBe(1);
  expect(value(after, 'graphql_request_duration_seconds_count', { operation: 'Probe' })).toBe(2);
  expect(value(after, 'graphql_request_duration_seconds_bucket', { operation: 'Probe', le: '+Inf' })).toBe(2);
  for (const subgraph of ['customers', 'partners']) {
    expect(
      value(after, 'subgraph_fetch_duration_seconds_count', { subgraph, outcome: 'ok' }),
    ).toBeGreaterThanOrEqual(2);
  }

  // Each subgraph counts what it served, and its pool.
  const crm = await scrape(graph.customers);
  expect(
    value(crm, 'graphql_requests_total', { service: 'customers', outcome: 'ok' }),
  ).toBeGreaterThanOrEqual(1);
  expect(value(crm, 'graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
  expect(value(crm, 'db_pool_connections')).toBeGreaterThanOrEqual(1);
  expect(value(crm, 'db_pool_idle_connections')).toBeGreaterThanOrEqual(0);
  expect(value(crm, 'db_pool_waiting_requests')).toBe(0);
  expect(value(crm, 'db_pool_max_connections')).toBeGreaterThanOrEqual(1);
  // The CRM has no outbox; the PRM has.
  expect(value(crm, 'outbox_pending_messages')).toBeUndefined();
});

test('outbox depth and the age of the oldest undelivered message', async () => {
  const empty = await scrape(graph.partners);
  expect(value(empty, 'outbox_pending_messages', { service: 'partners' })).toBe(0);
  expect(value(empty, 'outbox_oldest_pending_age_seconds')).toBe(0);
  // Two undelivered messages, the oldest two minutes old, due only later (the dispatcher leaves them).
  await graph.prm.query(
    `INSERT INTO prm.outbox (topic, idempotency_key, payload, created_at, next_attempt_at) VALUES
       ('test.metrics', 'metrics-1', '{}', now() - interval '120 seconds', now() + interval '1 day'),
       ('test.metrics', 'metrics-2', '{}', now() - interval '5 seconds', now() + interval '1 day'),
       ('test.metrics', 'metrics-3', '{}', now() - interval '1 hour', now() + interval '1 day')`,
  );
  await graph.prm.query(`UPDATE prm.outbox SET delivered_at = now() WHERE idempotency_key = 'metrics-3'`);
  try {
    const text = await scrape(graph.partners);
    expect(value(text, 'outbox_pending_messages')).toBe(2);
    const age = value(text, 'outbox_oldest_pending_age_seconds')!;
    expect(age).toBeGreaterThanOrEqual(120);
    expect(age).toBeLessThan(3600);
  } finally {
    await graph.prm.query(`DELETE FROM prm.outbox WHERE topic = 'test.metrics'`);
  }
});

test('client-chosen operation names cannot grow the series without bound', async () => {
  for (let i = 0; i < 8; i++) {
    const response = await graph.query(
      `query Flood${i} { partners(first: 1) { totalCount } }`,
      {},
      user(`user:flood-${i}`),
    );
    expect(response.errors).toBeUndefined();
  }
  const huge = `query ${'X'.repeat(200)} { partners(first: 1) { totalCount } }`;
  expect((await graph.query(huge, {}, user('user:flood-huge'))).errors).toBeUndefined();
  await graph.idle();
  const text = await scrape(graph.gateway);
  const names = labelValues(text, 'graphql_requests_total', 'operation');
  // Probe, Missing and one Flood took the METRICS_MAX_OPERATIONS=3 slots; the rest are `other`.
  const named = [...names].filter((name) => !['other', 'anonymous', '(none)'].includes(name));
  expect(named.length).toBeLessThanOrEqual(MAX_OPERATIONS);
  expect(names.has('other')).toBe(true);
  expect(value(text, 'graphql_requests_total', { operation: 'other', outcome: 'ok' })).toBeGreaterThanOrEqual(
    7,
  );
  expect(text).not.toContain('X'.repeat(65));
});

test('who may scrape: anyone in development, the METRICS_TOKEN bearer when set, nobody in production without one', async () => {
  const saved = { token: process.env.METRICS_TOKEN, env: process.env.NODE_ENV };
  const restore = () => {
    if (saved.token === undefined) delete process.env.METRICS_TOKEN;
    else process.env.METRICS_TOKEN = saved.token;
    process.env.NODE_ENV = saved.env;
  };
  try {
    process.env.METRICS_TOKEN = 'scrape-secret-123';
    for (const server of [graph.gateway, graph.customers, graph.partners]) {
      expect((await fetch(`${origin(server)}/metrics`)).status).toBe(404);
      const wrong = await fetch(`${origin(server)}/metrics`, {
        headers: { authorization: 'Bearer scrape-secret-124' },
      });
      expect(wrong.status).toBe(404);
      expect(await wrong.text()).not.toContain('graphql_requests_total');
      await scrape(server, { authorization: 'Bearer scrape-secret-123' });
    }
    delete process.env.METRICS_TOKEN;
    process.env.NODE_ENV = 'production';
    expect((await fetch(`${origin(graph.gateway)}/metrics`)).status).toBe(404);
  } finally {
    restore();
  }
  // A scrape is not a GraphQL request: it counts nothing.
  const first = await scrape(graph.gateway);
  const second = await scrape(graph.gateway);
  expect(value(second, 'graphql_requests_total', { operation: '(none)', outcome: 'error' })).toBe(
    value(first, 'graphql_requests_total', { operation: '(none)', outcome: 'error' }),
  );
});

test('log lines (JSON, tracing off) carry the requestId and no trace id', async () => {
  const lines: string[] = [];
  const warn = jest
    .spyOn(console, 'warn')
    .mockImplementation((line: unknown) => void lines.push(String(line)));
  const previous = process.env.LOG_FORMAT;
  process.env.LOG_FORMAT = 'json';
  try {
    const response = await postGraphQL(
      graph.gateway.url,
      `{ customer(id: "00000000-0000-4000-8000-000000000001") { id } }`,
      {},
      { authorization: `Bearer ${await graph.token(user('user:logs'))}`, 'x-request-id': 'metrics-log-1' },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const mine = lines
      .map((line) => JSON.parse(line) as Record<string, unknown>)
      .filter((entry) => entry.requestId === 'metrics-log-1');
    expect(mine.length).toBeGreaterThanOrEqual(2);
    for (const entry of mine) {
      expect(entry).toMatchObject({ level: 'warn' });
      expect(entry).not.toHaveProperty('traceId');
    }
  } finally {
    warn.mockRestore();
    if (previous === undefined) delete process.env.LOG_FORMAT;
    else process.env.LOG_FORMAT = previous;
  }
});
