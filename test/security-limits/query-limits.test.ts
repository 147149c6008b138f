import { HEADLINE, codes, expectFullHeadline, seedHeadlineCustomer, type HeadlineData } from './support';
import { startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Hostile operations are refused at the gateway, before any subgraph is asked, by the default
 * limits (GRAPHQL_MAX_*), while the product's deep headline query still passes.
 */
let graph: TestGraph;
let customerId: string;

beforeAll(async () => {
  graph = await startTestGraph();
  customerId = await seedHeadlineCustomer(graph);
});
afterAll(async () => {
  await graph?.stop();
});

const repeat = (times: number, text: (i: number) => string) =>
  Array.from({ length: times }, (_, i) => text(i)).join(' ');

async function expectRejected(query: string, code: string, message: RegExp, variables = {}) {
  const response = await graph.query(query, variables);
  expect(response.status).toBe(400);
  expect(response.data ?? null).toBeNull();
  expect(codes(response)).toEqual([code]);
  expect(response.errors![0].message).toMatch(message);
  expect(response.errors![0].extensions?.requestId).toEqual(expect.any(String));
}

test('the headline query passes every default limit, at 50 deals a page and at the largest page', async () => {
  expectFullHeadline(await graph.query<HeadlineData>(HEADLINE, { id: customerId }));
  const largest = HEADLINE.replace('deals(first: 50)', 'deals(first: 100)');
  expectFullHeadline(await graph.query<HeadlineData>(largest, { id: customerId }));
});

test('depth: a query nested deeper than 10 fields is refused', async () => {
  const deep = `{ partners(first: 1) { edges { node { sourcedDeals(first: 1) { edges { node {
    sourcedBy { sourcedDeals(first: 1) { edges { node { title } } } } } } } } } } }`;
  await expectRejected(deep, 'GRAPHQL_VALIDATION_FAILED', /^Query depth limit of 10 exceeded, found 11\.$/);
});

test('aliases: more than 15 aliased fields are refused', async () => {
  const aliased = `{ ${repeat(16, (i) => `a${i}: customers(first: 1) { totalCount }`)} }`;
  await expectRejected(aliased, 'GRAPHQL_VALIDATION_FAILED', /^Aliases limit of 15 exceeded, found 16\.$/);
  const fifteen = `{ ${repeat(15, (i) => `a${i}: customers(first: 1) { totalCount }`)} }`;
  expect((await graph.query(fifteen)).errors).toBeUndefined();
});

test('tokens: a document of more than 1000 tokens is refused while parsing', async () => {
  const long = `{ customers(first: 1) { ${repeat(1000, () => 'totalCount')} } }`;
  await expectRejected(long, 'GRAPHQL_PARSE_FAILED', /contains more th\w+ 1000 tokens/);
});

test('directives: more than 20 directives are refused', async () => {
  const directives = `{ customers(first: 1) { ${repeat(21, () => 'totalCount @include(if: true)')} } }`;
  await expectRejected(
    directives,
    'GRAPHQL_VALIDATION_FAILED',
    /^Directives limit of 20 exceeded, found 21\.$/,
  );
});

test('cost: nested large pages are refused, whether the page size is written or passed as a variable', async () => {
  const nested = (size: string) =>
    `query${size === '$n' ? '($n: Int)' : ''} {
      customers(first: ${size}) { edges { node { deals(first: ${size}) { edges { node { title } } } } } }
    }`;
  await expectRejected(
    nested('100'),
    'GRAPHQL_VALIDATION_FAILED',
    /^Query cost limit of 10000 exceeded, found 30301\.$/,
  );
  await expectRejected(nested('$n'), 'GRAPHQL_VALIDATION_FAILED', /^Query cost limit of 10000 exceeded/, {
    n: 100,
  });
  // The same shape with small pages is fine.
  const small = await graph.query(nested('$n'), { n: 5 });
  expect(small.errors).toBeUndefined();
  expect(small.status).toBe(200);
});

test('field suggestions never appear, for fields, arguments, enum values or variables', async () => {
  const typos: [string, Record<string, unknown>][] = [
    ['{ customer(id: "x") { nam } }', {}],
    ['{ customers(frist: 1) { totalCount } }', {}],
    ['{ deals(filter: { stage: PROPOSL }) { totalCount } }', {}],
    ['query($s: DealStage) { deals(filter: { stage: $s }) { totalCount } }', { s: 'PROPOSL' }],
    ['{ custmers { totalCount } }', {}],
  ];
  for (const [query, variables] of typos) {
    const response = await graph.query(query, variables);
    expect(response.errors?.length).toBeGreaterThan(0);
    expect(JSON.stringify(response)).not.toMatch(/did you mean/i);
  }
});

test('cost counts the operation as it will run: a variable default page size counts like a sent one', async () => {
  const withDefault = `query($n: Int = 100) {
    customers(first: $n) { edges { node { deals(first: $n) { edges { node { title } } } } } }
  }`;
  await expectRejected(
    withDefault,
    'GRAPHQL_VALIDATION_FAILED',
    /^Query cost limit of 10000 exceeded, found 30301\.$/,
  );
  // A sent value replaces the default.
  const small = await graph.query(withDefault, { n: 5 });
  expect(small.errors).toBeUndefined();
});
