import { getIntrospectionQuery } from 'graphql';
import { startGateway } from '../../gateway/src/gateway';
import { introspectionModeFromEnv } from '../../gateway/src/introspection';
import type { RunningHttpServer } from '@sales-graph/shared/http';
import { activePartner, as, partnerUser, postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** As deployed (the Dockerfile's NODE_ENV=production): the docs work for whoever has a token. */
const saved = { ...process.env };
let graph: TestGraph;
beforeAll(async () => {
  Object.assign(process.env, {
    NODE_ENV: 'production',
    JWT_SECRET: 'introspection-test-jwt-secret',
    CUSTOMERS_SUBGRAPH_SECRET: 'introspection-test-customers-secret',
    PARTNERS_SUBGRAPH_SECRET: 'introspection-test-partners-secret',
    CURSOR_SECRET: 'introspection-test-cursor-secret',
  });
  delete process.env.GRAPHQL_INTROSPECTION;
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
  process.env = saved;
});

const INTROSPECTION = getIntrospectionQuery();
const typeCount = (r: { data?: unknown }) =>
  (r.data as { __schema?: { types: unknown[] } } | null)?.__schema?.types.length ?? 0;

test('in production an ADMIN and a real partner user introspect the whole schema', async () => {
  const admin = await graph.query(INTROSPECTION);
  expect(admin.errors).toBeUndefined();
  expect(typeCount(admin)).toBeGreaterThan(100);

  const partner = await partnerUser(graph, await activePartner(graph, 'Docs Reader'));
  const asPartner = await graph.query(INTROSPECTION, {}, partner);
  expect(asPartner.errors).toBeUndefined();
  expect(typeCount(asPartner)).toBe(typeCount(admin));
  const one = await graph.query(`{ __type(name: "Deal") { name } }`, {}, partner);
  expect(one.data).toEqual({ __type: { name: 'Deal' } });
});

test('an anonymous caller is answered 401 UNAUTHENTICATED and sees no schema', async () => {
  const anonymous = await postGraphQL(graph.gateway.url, INTROSPECTION);
  expect(anonymous.status).toBe(401);
  expect(anonymous.data ?? null).toBeNull();
  expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
});

test('GRAPHQL_INTROSPECTION=off refuses introspection even to an ADMIN, and other queries still run', async () => {
  process.env.GRAPHQL_INTROSPECTION = 'off';
  let off: RunningHttpServer | undefined;
  try {
    off = await startGateway({
      port: 0,
      rateLimitPerMinute: 0,
      subgraphUrls: { customers: graph.customers.url, partners: graph.partners.url },
    });
    const auth = { authorization: `Bearer ${await graph.token(as.admin)}` };
    const refused = await postGraphQL(off.url, INTROSPECTION, {}, auth);
    expect(refused.status).toBe(400);
    expect(refused.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const plain = await postGraphQL(off.url, `{ customers(first: 1) { totalCount } }`, {}, auth);
    expect(plain.errors).toBeUndefined();
  } finally {
    await off?.close();
    delete process.env.GRAPHQL_INTROSPECTION;
  }
});

test('GRAPHQL_INTROSPECTION accepts authenticated and off only', () => {
  process.env.GRAPHQL_INTROSPECTION = 'on';
  expect(() => introspectionModeFromEnv()).toThrow(/authenticated, off/);
  process.env.GRAPHQL_INTROSPECTION = 'OFF';
  expect(introspectionModeFromEnv()).toBe('off');
  delete process.env.GRAPHQL_INTROSPECTION;
  expect(introspectionModeFromEnv()).toBe('authenticated');
});
