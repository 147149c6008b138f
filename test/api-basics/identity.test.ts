import { SignJWT } from 'jose';
import { IDENTITY_HEADER, signForwardedIdentity, signUserToken } from '@sales-graph/shared/auth/identity';
import { postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/** The gateway checks who is calling; subgraphs accept only identities the gateway signed for them. */
let graph: TestGraph;
beforeAll(async () => {
  graph = await startTestGraph();
});
afterAll(async () => {
  await graph?.stop();
});

const CUSTOMERS = '{ customers(first: 1) { totalCount } }';
const codes = (response: { errors?: { extensions?: Record<string, unknown> }[] }) =>
  (response.errors ?? []).map((error) => error.extensions?.code);

describe('gateway', () => {
  test('refuses a request without a token', async () => {
    const response = await postGraphQL(graph.gateway.url, CUSTOMERS);
    expect(response.status).toBe(401);
    expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    expect(response.data ?? null).toBeNull();
  });

  test('refuses a token signed with another key, an expired one and one with an unknown role', async () => {
    const wrongKey = await new SignJWT({ role: 'ADMIN' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('mallory')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-secret'));
    const expired = await signUserToken({ sub: 'u', role: 'ADMIN' }, '-1m');
    const badRole = await new SignJWT({ role: 'GOD' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('dev-only-jwt-secret-change-me-in-production'));
    const partnerWithoutPartner = await new SignJWT({ role: 'PARTNER' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('dev-only-jwt-secret-change-me-in-production'));
    for (const token of [wrongKey, expired, badRole, partnerWithoutPartner, 'garbage']) {
      const response = await postGraphQL(
        graph.gateway.url,
        CUSTOMERS,
        {},
        { authorization: `Bearer ${token}` },
      );
      expect(response.status).toBe(401);
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    }
  });

  test('answers a valid token', async () => {
    const response = await graph.query(CUSTOMERS);
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ customers: { totalCount: 0 } });
  });
});

describe('subgraphs called directly', () => {
  const entities = `{ _entities(representations: [{ __typename: "Deal", id: "00000000-0000-4000-8000-000000000000" }]) { __typename } }`;

  test.each(['customers', 'partners'] as const)(
    '%s refuses a call without the gateway identity, _service included',
    async (name) => {
      const url = graph[name].url;
      for (const query of [CUSTOMERS, '{ _service { sdl } }', entities]) {
        const response = await postGraphQL(url, query);
        expect(response.status).toBe(401);
        expect(codes(response)).toEqual(['UNAUTHENTICATED']);
      }
    },
  );

  test('a user token, or an identity signed for the other subgraph, is not accepted', async () => {
    const userToken = await graph.token({ sub: 'u', role: 'ADMIN' });
    const forPartners = await signForwardedIdentity({ sub: 'u', role: 'ADMIN' }, 'partners');
    for (const header of [userToken, forPartners]) {
      const response = await postGraphQL(graph.customers.url, CUSTOMERS, {}, { [IDENTITY_HEADER]: header });
      expect(codes(response)).toEqual(['UNAUTHENTICATED']);
    }
  });

  test('an identity the gateway signed for this subgraph is accepted', async () => {
    const header = await signForwardedIdentity({ sub: 'u', role: 'ADMIN' }, 'customers');
    const response = await postGraphQL(graph.customers.url, CUSTOMERS, {}, { [IDENTITY_HEADER]: header });
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ customers: { totalCount: 0 } });
  });
});
