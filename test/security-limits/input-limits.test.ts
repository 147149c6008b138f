import { DEFAULT_INPUT_BOUNDS } from '@sales-graph/shared/graphql/input-limits';
import { signForwardedIdentity } from '@sales-graph/shared/auth/identity';
import { codes } from './support';
import { as, startTestGraph } from '../support';
import type { GraphQLResponse, TestGraph } from '../support';

/**
 * Every input is bounded at the gateway, before a subgraph is asked and before graphql-js
 * coerces it: nesting depth, list length, string length and the total number of input values,
 * over the variables as sent and the literals written in the operation. Answer: HTTP 400
 * BAD_USER_INPUT, never a stall or a stack overflow.
 */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

const CUSTOMERS = `query($filter: CustomerFilter) { customers(first: 1, filter: $filter) { totalCount } }`;

async function expectBadInput(query: string, variables: Record<string, unknown>, message: RegExp) {
  const started = Date.now();
  const response = await graph.query(query, variables);
  const ms = Date.now() - started;
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.status).toBe(400);
  expect(response.data ?? null).toBeNull();
  expect(response.errors![0].message).toMatch(message);
  return ms;
}

/** `{"and":[{"and":[ … ]}]}`, `depth` levels deep, as JSON text (JSON.stringify would overflow the stack). */
const nestedFilter = (depth: number) => '{"and":['.repeat(depth) + '{}' + ']}'.repeat(depth);
const nestedList = (depth: number) => '['.repeat(depth) + '"x"' + ']'.repeat(depth);

/** POSTs an operation whose variables are given as JSON text. */
async function postRaw(url: string, query: string, variablesJson: string, authorized = true) {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(authorized ? { authorization: `Bearer ${await graph.token(as.admin)}` } : {}),
    },
    body: `{"query":${JSON.stringify(query)},"variables":${variablesJson}}`,
  });
  const body = (await response.json()) as {
    data?: unknown;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
  return { status: response.status, ...body };
}

async function expectDeepRefused(query: string, variablesJson: string) {
  const response = await postRaw(graph.gateway.url, query, variablesJson);
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.status).toBe(400);
  expect(response.errors![0].message).toMatch(/nest deeper than \d+ levels/);
}

test('a filter with 100,000 empty or-branches is refused at once, and another caller is served meanwhile', async () => {
  const huge = { or: Array.from({ length: 100_000 }, () => ({})) };
  const [ms, other] = await Promise.all([
    expectBadInput(CUSTOMERS, { filter: huge }, /at most \d+ items/),
    graph.query(`{ customers(first: 1) { totalCount } }`, {}, { sub: 'user:other', role: 'SALES' }),
  ]);
  expect(other.errors).toBeUndefined();
  expect(other.data).toEqual({ customers: { totalCount: 0 } });
  console.log(`100,000-branch filter refused in ${ms} ms`);
});

test('many small lists that together hold too many input values are refused', async () => {
  const wide = { or: Array.from({ length: 50 }, () => ({ or: Array.from({ length: 100 }, () => ({})) })) };
  await expectBadInput(CUSTOMERS, { filter: wide }, /input values/);
});

test('variables nested 20,000 deep answer 400 BAD_USER_INPUT, not a stack overflow', async () => {
  await expectDeepRefused(CUSTOMERS, `{"filter":${nestedFilter(20_000)}}`);
  await expectDeepRefused(
    `query($ids: [ID!]) { customers(first: 1, filter: { id: { in: $ids } }) { totalCount } }`,
    `{"ids":${nestedList(20_000)}}`,
  );
  // Even a variable the operation does not declare is bounded before anything reads it.
  await expectDeepRefused(`{ customers(first: 1) { totalCount } }`, `{"unused":${nestedFilter(20_000)}}`);
  // A sensible nesting is still served.
  const ok = await postRaw(graph.gateway.url, CUSTOMERS, `{"filter":${nestedFilter(3)}}`);
  expect(ok.errors).toBeUndefined();
});

test('a string longer than the limit is refused, sent, written or as a default', async () => {
  const max = DEFAULT_INPUT_BOUNDS.maxStringLength;
  const long = 'x'.repeat(max + 1);
  const byName = `query($name: String) { customers(first: 1, filter: { name: { eq: $name } }) { totalCount } }`;
  const tooLong = new RegExp(`at most ${max} characters`);
  await expectBadInput(byName, { name: long }, tooLong);
  await expectBadInput(
    `{ customers(first: 1, filter: { name: { eq: "${long}" } }) { totalCount } }`,
    {},
    tooLong,
  );
  await expectBadInput(byName.replace('$name: String', `$name: String = "${long}"`), {}, tooLong);
  expect((await graph.query(byName, { name: 'x'.repeat(max) })).errors).toBeUndefined();
});

test('the filter compiler bounds the branches of one filter too (defence in depth)', async () => {
  // 30 x 30 branches pass the gateway's generic bounds (lists of 100, 1000 values) but not the filter's.
  const branchy = { or: Array.from({ length: 30 }, () => ({ or: Array.from({ length: 30 }, () => ({})) })) };
  const response = await graph.query(CUSTOMERS, { filter: branchy });
  // A resolver's refusal: HTTP 200 with the error, like every other invalid filter.
  expect(codes(response)).toEqual(['BAD_USER_INPUT']);
  expect(response.errors![0].message).toMatch(/filter has \d+ nodes/);
});

test('a subgraph refuses deep input too, before coercion, even with a gateway-signed identity', async () => {
  const response = await fetch(graph.customers.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-sales-graph-identity': await signForwardedIdentity(as.admin, 'customers'),
    },
    body: `{"query":${JSON.stringify(CUSTOMERS)},"variables":{"filter":${nestedFilter(20_000)}}}`,
  });
  const body = (await response.json()) as Pick<GraphQLResponse, 'errors'>;
  expect(response.status).toBe(400);
  expect(codes(body)).toEqual(['BAD_USER_INPUT']);
});
