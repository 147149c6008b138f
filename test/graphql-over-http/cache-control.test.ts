import { IDENTITY_HEADER, signForwardedIdentity } from '@sales-graph/shared/auth/identity';
import { as, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * No answer may be cached: the gateway and each subgraph say `cache-control: no-store` on every
 * GraphQL answer (data, a field error, a document that fails validation), as Apollo Server's
 * cache-control plugin did before `noStorePlugins` took its place (shared/src/graphql/request-hygiene.ts).
 */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(() => graph?.stop());

async function cacheControl(url: string, headers: Record<string, string>, query: string) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query }),
  });
  await response.text();
  return response.headers.get('cache-control');
}

test('the gateway answers no-store: data, a field error and a validation failure', async () => {
  const bearer = { authorization: `Bearer ${await graph.token(as.admin)}` };
  const url = graph.gateway.url;
  expect(await cacheControl(url, bearer, '{ customers(first: 1) { totalCount } }')).toBe('no-store');
  expect(
    await cacheControl(url, bearer, '{ customer(id: "00000000-0000-4000-8000-000000000000") { name } }'),
  ).toBe('no-store');
  expect(await cacheControl(url, bearer, '{ noSuchField }')).toBe('no-store');
});

test('each subgraph answers no-store', async () => {
  for (const [subgraph, url] of [
    ['customers', graph.customers.url],
    ['partners', graph.partners.url],
  ] as const) {
    const identity = { [IDENTITY_HEADER]: await signForwardedIdentity(as.admin, subgraph) };
    expect(await cacheControl(url, identity, '{ __typename }')).toBe('no-store');
  }
});
