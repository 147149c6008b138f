import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWTPayload, type KeyLike } from 'jose';
import { signUserToken, verifyUserToken } from '@sales-graph/shared/auth/identity';
import { oidcConfigFromEnv, type OidcConfig } from '@sales-graph/shared/auth/oidc';
import { ServiceUnavailableError, UnauthenticatedError } from '@sales-graph/shared/errors';
import { codes } from './support';
import { postGraphQL, startTestGraph } from '../support';
import type { TestGraph } from '../support';

/**
 * Besides its own HS256 tokens, the gateway accepts RS256 and ES256 tokens from an external OIDC
 * provider, checked against the provider's JWKS (served here by a local HTTP server), its issuer
 * and the API's audience. Every bad kind of token is UNAUTHENTICATED (401).
 */
const ISSUER = 'https://idp.example.test/';
const AUDIENCE = 'sales-graph-api';

let jwks: Server;
let jwksRequests = 0;
let graph: TestGraph;
let oidc: OidcConfig;
const keys: Record<'rs' | 'es' | 'stranger', { privateKey: KeyLike; publicKey: KeyLike }> = {} as never;

beforeAll(async () => {
  keys.rs = await generateKeyPair('RS256');
  keys.es = await generateKeyPair('ES256');
  keys.stranger = await generateKeyPair('RS256');
  const body = JSON.stringify({
    keys: [
      { ...(await exportJWK(keys.rs.publicKey)), kid: 'rs-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(keys.es.publicKey)), kid: 'es-1', alg: 'ES256', use: 'sig' },
    ],
  });
  jwks = createServer((_req, res) => {
    jwksRequests++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(body);
  });
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  oidc = {
    jwksUrl: `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`,
    issuer: ISSUER,
    audience: AUDIENCE,
  };
  graph = await startTestGraph({ gateway: { oidc } });
});
afterAll(async () => {
  await graph?.stop();
  await new Promise((resolve) => jwks?.close(resolve));
});

interface Claims extends JWTPayload {
  role?: string;
  partnerId?: string;
}

async function idpToken(
  claims: Claims,
  {
    alg = 'RS256',
    kid = alg === 'ES256' ? 'es-1' : 'rs-1',
    key = alg === 'ES256' ? keys.es.privateKey : keys.rs.privateKey,
    issuer = ISSUER,
    audience = AUDIENCE,
    expiresAt = '10m' as string | number,
    sub = 'idp|alice',
  }: Partial<{ alg: string; kid: string; key: KeyLike | Uint8Array; issuer: string; audience: string }> & {
    expiresAt?: string | number;
    sub?: string;
  } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg, kid })
    .setSubject(sub)
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt()
    .setExpirationTime(expiresAt)
    .sign(key);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const CUSTOMERS = '{ customers(first: 1) { totalCount } }';
const asBearer = (token: string, query = CUSTOMERS, variables = {}) =>
  postGraphQL(graph.gateway.url, query, variables, { authorization: `Bearer ${token}` });

test('valid RS256 and ES256 tokens from the provider are accepted', async () => {
  for (const alg of ['RS256', 'ES256']) {
    const response = await asBearer(await idpToken({ role: 'ADMIN' }, { alg }));
    expect(response.errors).toBeUndefined();
    expect(response.data).toEqual({ customers: { totalCount: 0 } });
  }
  // The gateway's own HS256 tokens still work beside them.
  const own = await asBearer(await signUserToken({ sub: 'user:own', role: 'ADMIN' }));
  expect(own.errors).toBeUndefined();
});

const PARTNER_ID = '5b0a1c7e-8f7e-4d61-9c39-0b7a2f3e4d5c';

test("the provider token's sub, role and partnerId become the caller's identity", async () => {
  const created = await asBearer(
    await idpToken({ role: 'SALES' }, { alg: 'ES256', sub: 'idp|bob' }),
    'mutation { createCustomer(input: { name: "Made by Bob" }) { name createdBy } }',
  );
  expect(created.errors).toBeUndefined();
  expect(created.data).toEqual({ createCustomer: { name: 'Made by Bob', createdBy: 'idp|bob' } });

  const analyst = await asBearer(
    await idpToken({ role: 'ANALYST' }),
    'mutation { createCustomer(input: { name: "Not allowed" }) { id } }',
  );
  expect(codes(analyst)).toEqual(['FORBIDDEN']);

  const oidcIdentity = await verifyUserToken(
    await idpToken({ role: 'PARTNER', partnerId: PARTNER_ID }, { sub: 'idp|carol' }),
    oidc,
  );
  expect(oidcIdentity).toEqual({ sub: 'idp|carol', role: 'PARTNER', partnerId: PARTNER_ID });
});

test('expired, alg none, wrongly signed, wrong issuer, wrong audience and role-less tokens are UNAUTHENTICATED', async () => {
  const now = Math.floor(Date.now() / 1000);
  const rsaPem = await exportSPKI(keys.rs.publicKey);
  const bad: Record<string, string> = {
    expired: await idpToken({ role: 'ADMIN' }, { expiresAt: now - 600 }),
    expiredEs: await idpToken({ role: 'ADMIN' }, { alg: 'ES256', expiresAt: now - 600 }),
    algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: 'idp|mallory', role: 'ADMIN', iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.`,
    signedByAnotherKey: await idpToken({ role: 'ADMIN' }, { key: keys.stranger.privateKey }),
    unknownKid: await idpToken({ role: 'ADMIN' }, { kid: 'nope', key: keys.stranger.privateKey }),
    esSignedAsRs: await idpToken({ role: 'ADMIN' }, { alg: 'ES256', kid: 'rs-1' }),
    hmacWithThePublicKey: await idpToken(
      { role: 'ADMIN' },
      { alg: 'HS256', kid: 'rs-1', key: new TextEncoder().encode(rsaPem) },
    ),
    tamperedPayload: await (async () => {
      const [header, , signature] = (await idpToken({ role: 'ANALYST' })).split('.');
      return `${header}.${b64({ sub: 'idp|alice', role: 'ADMIN', iss: ISSUER, aud: AUDIENCE, exp: now + 600 })}.${signature}`;
    })(),
    wrongIssuer: await idpToken({ role: 'ADMIN' }, { issuer: 'https://evil.example.test/' }),
    wrongAudience: await idpToken({ role: 'ADMIN' }, { audience: 'another-api' }),
    noRole: await idpToken({}),
    partnerWithoutPartnerId: await idpToken({ role: 'PARTNER' }),
    rs384: await idpToken({ role: 'ADMIN' }, { alg: 'RS384' }),
  };
  for (const [kind, token] of Object.entries(bad)) {
    const response = await asBearer(token);
    expect({ kind, status: response.status, codes: codes(response) }).toEqual({
      kind,
      status: 401,
      codes: ['UNAUTHENTICATED'],
    });
    expect(response.data ?? null).toBeNull();
    expect(response.errors![0].extensions?.requestId).toEqual(expect.any(String));
    await expect(verifyUserToken(token, oidc)).rejects.toBeInstanceOf(UnauthenticatedError);
  }
  const expired = await asBearer(bad.expired);
  expect(expired.errors![0].message).toBe('Token expired');
});

test('provider tokens live at most JWT_MAX_LIFETIME_SECONDS and are not issued in the future', async () => {
  const now = Math.floor(Date.now() / 1000);
  const century = await idpToken({ role: 'ADMIN' }, { expiresAt: now + 100 * 365 * 86_400 });
  const issuedAhead = await new SignJWT({ role: 'ADMIN' })
    .setProtectedHeader({ alg: 'RS256', kid: 'rs-1' })
    .setSubject('idp|alice')
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(now + 3600)
    .setExpirationTime(now + 7200)
    .sign(keys.rs.privateKey);
  for (const token of [century, issuedAhead]) {
    const response = await asBearer(token);
    expect({ status: response.status, codes: codes(response) }).toEqual({
      status: 401,
      codes: ['UNAUTHENTICATED'],
    });
  }
  expect((await asBearer(await idpToken({ role: 'ADMIN' }, { expiresAt: '23h' }))).errors).toBeUndefined();
});

test('provider tokens are refused when no provider is configured', async () => {
  await expect(verifyUserToken(await idpToken({ role: 'ADMIN' }), null)).rejects.toBeInstanceOf(
    UnauthenticatedError,
  );
});

test('the key set is fetched once and cached, not per request', async () => {
  const before = jwksRequests;
  for (let i = 0; i < 3; i++) await verifyUserToken(await idpToken({ role: 'ADMIN' }), oidc);
  expect(jwksRequests - before).toBe(0);
});

test('an unreachable key set is SERVICE_UNAVAILABLE, not a crash', async () => {
  const closed = createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((resolve) => closed.close(resolve));
  const down = { ...oidc, jwksUrl: `http://127.0.0.1:${port}/jwks.json` };
  await expect(verifyUserToken(await idpToken({ role: 'ADMIN' }), down)).rejects.toBeInstanceOf(
    ServiceUnavailableError,
  );
});

test('configuration from JWKS_URL, JWT_ISSUER and JWT_AUDIENCE', () => {
  expect(oidcConfigFromEnv({})).toBeUndefined();
  expect(
    oidcConfigFromEnv({ JWKS_URL: 'https://idp/jwks', JWT_ISSUER: 'https://idp/', JWT_AUDIENCE: 'a, b' }),
  ).toEqual({ jwksUrl: 'https://idp/jwks', issuer: 'https://idp/', audience: ['a', 'b'] });
  expect(() => oidcConfigFromEnv({ JWKS_URL: 'https://idp/jwks' })).toThrow(/JWT_ISSUER and JWT_AUDIENCE/);
  expect(() =>
    oidcConfigFromEnv({ JWKS_URL: 'file:///etc/keys', JWT_ISSUER: 'i', JWT_AUDIENCE: 'a' }),
  ).toThrow(/http/);
});
