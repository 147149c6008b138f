import type { IncomingMessage } from 'node:http';
import { configProblems, DEV_ROUTER_TOKENS, routerToken } from '../config';
import { UnauthenticatedError } from '../errors';
import { ApiKeyVerifier } from './api-key-verifier';
import { issueApiKey } from './api-key';
import { applicantIdentity, signUserToken, type Identity } from './identity';
import { ROUTER_TOKEN_HEADER, RouterContract, sameRouterToken } from './router-contract';

const TOKEN = 'a-router-token-of-at-least-32-characters';
const ANALYST: Identity = { sub: 'apikey:1', role: 'ANALYST' };
const APPLY = `mutation($i: PartnerApplicationInput!) { submitPartnerApplication(input: $i) { received reference } }`;

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

const request = (headers: Record<string, string>, query = `{ partners { totalCount } }`) => ({
  req: { headers } as unknown as IncomingMessage,
  body: { method: 'POST', body: { query } },
});

function contract(keys: Record<string, Identity> = {}) {
  const lookups: string[] = [];
  const verifier = new ApiKeyVerifier(async (id) => {
    lookups.push(id);
    return keys[id] ?? null;
  });
  return { lookups, contract: new RouterContract('partners', verifier, null) };
}

const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: unknown) => (error instanceof UnauthenticatedError ? error.message : `other: ${String(error)}`),
  );

test('router credentials compare in constant time over digests: equal only when equal', () => {
  expect(sameRouterToken(TOKEN, TOKEN)).toBe(true);
  expect(sameRouterToken(TOKEN.slice(0, -1), TOKEN)).toBe(false);
  expect(sameRouterToken(`${TOKEN}x`, TOKEN)).toBe(false);
  expect(sameRouterToken('', TOKEN)).toBe(false);
});

test('each subgraph has its own credential; in production only a configured one', () => {
  delete process.env.CUSTOMERS_ROUTER_TOKEN;
  delete process.env.PARTNERS_ROUTER_TOKEN;
  process.env.NODE_ENV = 'development';
  expect(routerToken('customers')).toBe(DEV_ROUTER_TOKENS.customers);
  expect(routerToken('partners')).toBe(DEV_ROUTER_TOKENS.partners);
  expect(DEV_ROUTER_TOKENS.customers).not.toBe(DEV_ROUTER_TOKENS.partners);
  process.env.NODE_ENV = 'production';
  expect(routerToken('partners')).toBeUndefined();
  process.env.PARTNERS_ROUTER_TOKEN = TOKEN;
  expect(routerToken('partners')).toBe(TOKEN);
  expect(routerToken('customers')).toBeUndefined();
});

test('production refuses a development, short or unverifiable router credential', () => {
  const production = {
    NODE_ENV: 'production',
    PARTNERS_SUBGRAPH_SECRET: 'prod-partners',
    CUSTOMERS_SUBGRAPH_SECRET: 'prod-customers',
    CURSOR_SECRET: 'prod-cursor',
    CUSTOMERS_URL: 'http://customers:4001/graphql',
    DATABASE_URL: 'postgres://db/sales',
  };
  expect(configProblems('partners', production)).toEqual([]);
  expect(
    configProblems('partners', { ...production, JWT_SECRET: 'prod-jwt', PARTNERS_ROUTER_TOKEN: TOKEN }),
  ).toEqual([]);
  expect(
    configProblems('partners', {
      ...production,
      JWT_SECRET: 'prod-jwt',
      PARTNERS_ROUTER_TOKEN: DEV_ROUTER_TOKENS.partners,
    }),
  ).toEqual(['PARTNERS_ROUTER_TOKEN is a development default; set a secret of its own']);
  expect(
    configProblems('partners', { ...production, JWT_SECRET: 'prod-jwt', PARTNERS_ROUTER_TOKEN: 'short' }),
  ).toEqual(['PARTNERS_ROUTER_TOKEN must be at least 32 characters']);
  expect(configProblems('partners', { ...production, PARTNERS_ROUTER_TOKEN: TOKEN })).toEqual([
    "PARTNERS_ROUTER_TOKEN requires JWT_SECRET (or JWKS_URL) to verify the callers' tokens",
  ]);
  // Another subgraph's credential is not this one's business.
  expect(configProblems('partners', { ...production, CUSTOMERS_ROUTER_TOKEN: 'short' })).toEqual([]);
});

describe('RouterContract.authenticate', () => {
  beforeEach(() => {
    process.env.NODE_ENV = 'test';
    process.env.PARTNERS_ROUTER_TOKEN = TOKEN;
  });

  test('the credential and a user token: the token’s identity', async () => {
    const { contract: router } = contract();
    const token = await signUserToken({ sub: 'user:ada', role: 'SALES' });
    const { req, body } = request({ [ROUTER_TOKEN_HEADER]: TOKEN, authorization: `Bearer ${token}` });
    expect(await router.authenticate(req, body)).toEqual({ sub: 'user:ada', role: 'SALES' });
  });

  test('the credential and an API key: the key’s identity, asked once, then cached', async () => {
    const issued = issueApiKey();
    const { contract: router, lookups } = contract({ [issued.id]: ANALYST });
    const { req, body } = request({ [ROUTER_TOKEN_HEADER]: TOKEN, authorization: `Bearer ${issued.key}` });
    expect(await router.authenticate(req, body)).toEqual(ANALYST);
    expect(await router.authenticate(req, body)).toEqual(ANALYST);
    expect(lookups).toEqual([issued.id]);
    const unknown = request({ [ROUTER_TOKEN_HEADER]: TOKEN, authorization: `Bearer ${issueApiKey().key}` });
    expect(await refusal(router.authenticate(unknown.req, unknown.body))).toBe('Invalid API key');
  });

  test('no credential match, no entry: wrong, empty, repeated or absent in production', async () => {
    const { contract: router } = contract();
    const token = `Bearer ${await signUserToken({ sub: 'user:ada', role: 'ADMIN' })}`;
    for (const presented of ['wrong', '', `${TOKEN} `, DEV_ROUTER_TOKENS.partners]) {
      const { req, body } = request({ [ROUTER_TOKEN_HEADER]: presented, authorization: token });
      expect(await refusal(router.authenticate(req, body))).toBe('Invalid router credential');
    }
    const repeated = {
      req: {
        headers: { [ROUTER_TOKEN_HEADER]: [TOKEN, TOKEN], authorization: token },
      } as unknown as IncomingMessage,
      body: { method: 'POST', body: { query: '{ __typename }' } },
    };
    expect(await refusal(router.authenticate(repeated.req, repeated.body))).toBe('Invalid router credential');
    process.env.NODE_ENV = 'production';
    delete process.env.PARTNERS_ROUTER_TOKEN;
    const { req, body } = request({
      [ROUTER_TOKEN_HEADER]: DEV_ROUTER_TOKENS.partners,
      authorization: token,
    });
    expect(await refusal(router.authenticate(req, body))).toBe('Requests must come through the gateway');
  });

  test('no Authorization header: APPLICANT for exactly the application, nothing else', async () => {
    const { contract: router } = contract();
    const apply = request({ [ROUTER_TOKEN_HEADER]: TOKEN }, APPLY);
    expect(await router.authenticate(apply.req, apply.body)).toEqual(applicantIdentity);
    const other = request({ [ROUTER_TOKEN_HEADER]: TOKEN });
    expect(await refusal(router.authenticate(other.req, other.body))).toBe(
      'A valid bearer token is required',
    );
    // An empty or non-bearer Authorization is a failed authentication, not the anonymous path.
    const empty = request({ [ROUTER_TOKEN_HEADER]: TOKEN, authorization: '' }, APPLY);
    expect(await refusal(router.authenticate(empty.req, empty.body))).toBe(
      'A valid bearer token is required',
    );
  });
});
