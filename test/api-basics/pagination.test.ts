import { createCustomer, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** Every list is a Relay connection: stable pages by cursor, totalCount, a capped page size. */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
  for (let i = 0; i < 7; i++) await createCustomer(graph, `Customer ${i}`);
});
afterAll(async () => {
  await graph?.stop();
});

interface Page {
  customers: {
    totalCount: number;
    edges: { cursor: string; node: { name: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
const PAGE = `query($first: Int, $after: String) {
  customers(first: $first, after: $after) { totalCount edges { cursor node { name } } pageInfo { hasNextPage endCursor } }
}`;

test('walks every record exactly once, in creation order, three at a time', async () => {
  const names: string[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const response: { data?: Page | null } = await graph.query<Page>(PAGE, { first: 3, after });
    const page = response.data!.customers;
    expect(page.totalCount).toBe(7);
    names.push(...page.edges.map((edge) => edge.node.name));
    pages += 1;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(pages).toBe(3);
  expect(names).toEqual([0, 1, 2, 3, 4, 5, 6].map((i) => `Customer ${i}`));
});

test('refuses page sizes outside 1..100 and forged cursors', async () => {
  for (const variables of [
    { first: 101 },
    { first: 0 },
    { first: -1 },
    { first: 3, after: 'bm90LWEtY3Vyc29y' },
  ]) {
    const response = await graph.query(PAGE, variables);
    expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  }
});

test('nested connections page too, and a partner lists its sourced deals as a connection', async () => {
  const { id } = await createCustomer(graph, 'Paged');
  for (let i = 0; i < 4; i++) {
    await graph.query(
      `mutation($c: ID!, $t: String!) { createDeal(input: { customerId: $c, title: $t, amount: "1", currency: "EUR" }) { id } }`,
      { c: id, t: `D${i}` },
    );
  }
  const first = await graph.query<{
    customer: {
      deals: { totalCount: number; edges: { node: { title: string } }[]; pageInfo: { endCursor: string } };
    };
  }>(
    `query($id: ID!) { customer(id: $id) { deals(first: 3) { totalCount edges { node { title } } pageInfo { endCursor } } } }`,
    {
      id,
    },
  );
  expect(first.data!.customer.deals.totalCount).toBe(4);
  expect(first.data!.customer.deals.edges.map((edge) => edge.node.title)).toEqual(['D0', 'D1', 'D2']);
  const second = await graph.query(
    `query($id: ID!, $after: String) { customer(id: $id) { deals(first: 3, after: $after) { edges { node { title } } pageInfo { hasNextPage } } } }`,
    { id, after: first.data!.customer.deals.pageInfo.endCursor },
  );
  expect(second.data).toEqual({
    customer: { deals: { edges: [{ node: { title: 'D3' } }], pageInfo: { hasNextPage: false } } },
  });
});
