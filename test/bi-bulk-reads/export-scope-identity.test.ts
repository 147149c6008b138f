import {
  identityFromClaims,
  signForwardedIdentity,
  verifyForwardedIdentity,
  type Identity,
} from '@sales-graph/shared/auth/identity';
import { ApiKeyVerifier } from '@sales-graph/shared/auth/api-key-verifier';
import { issueApiKey } from '@sales-graph/shared/auth/api-key';
import { maxRootPageSize, EXPORT_PAGE_SIZE, MAX_PAGE_SIZE } from '@sales-graph/shared/graphql/page-size';

/**
 * How the export scope travels: only from the key store's answer, through the gateway's signed
 * forwarded identity, to the one page-size rule. Never from a user token's claims, and a signed
 * identity cached for one set of claims is never reused for the other.
 */
const ANALYST: Identity = { sub: 'apikey:1', role: 'ANALYST' };

test('the forwarded identity carries the scope, and the signing cache keeps the two apart', async () => {
  const plain = await signForwardedIdentity(ANALYST, 'customers');
  const scoped = await signForwardedIdentity({ ...ANALYST, canExport: true }, 'customers');
  expect(scoped).not.toBe(plain);
  expect((await verifyForwardedIdentity(scoped, 'customers')).canExport).toBe(true);
  expect((await verifyForwardedIdentity(plain, 'customers')).canExport).toBeUndefined();
  // Again, from the caches: still apart.
  expect(await signForwardedIdentity(ANALYST, 'customers')).toBe(plain);
  expect((await verifyForwardedIdentity(plain, 'customers')).canExport).toBeUndefined();
});

test('a user token claim is not an identity field', () => {
  expect(identityFromClaims({ sub: 'user:x', role: 'ANALYST', canExport: true })).toEqual({
    sub: 'user:x',
    role: 'ANALYST',
  });
});

test('the API key verifier grants the scope only on the key store’s own true', async () => {
  const issued = issueApiKey();
  for (const [answer, expected] of [
    [{ sub: 'apikey:a', role: 'ANALYST', canExport: true }, true],
    [{ sub: 'apikey:a', role: 'ANALYST', canExport: null }, undefined],
    [{ sub: 'apikey:a', role: 'ANALYST' }, undefined],
  ] as const) {
    const verifier = new ApiKeyVerifier(async () => answer as unknown as Identity, 0, 10, 0);
    expect((await verifier.verify(issued.key)).canExport).toBe(expected);
  }
});

test('the one page-size rule', () => {
  expect(maxRootPageSize({ canExport: true })).toBe(EXPORT_PAGE_SIZE);
  expect(maxRootPageSize({})).toBe(MAX_PAGE_SIZE);
  expect(maxRootPageSize(undefined)).toBe(MAX_PAGE_SIZE);
});
