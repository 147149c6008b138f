import {
  bearerToken,
  identityFromClaims,
  signForwardedIdentity,
  signUserToken,
  verifyForwardedIdentity,
  verifyUserToken,
} from './identity';

test('a user token round-trips its identity', async () => {
  const token = await signUserToken({ sub: 'u1', role: 'PARTNER', partnerId: 'p1' });
  await expect(verifyUserToken(token)).resolves.toEqual({ sub: 'u1', role: 'PARTNER', partnerId: 'p1' });
});

test('a forwarded identity is only valid for the subgraph it was signed for', async () => {
  const token = await signForwardedIdentity({ sub: 'u1', role: 'SALES' }, 'customers');
  await expect(verifyForwardedIdentity(token, 'customers')).resolves.toEqual({ sub: 'u1', role: 'SALES' });
  await expect(verifyForwardedIdentity(token, 'partners')).rejects.toMatchObject({
    extensions: { code: 'UNAUTHENTICATED' },
  });
  await expect(verifyForwardedIdentity(undefined, 'customers')).rejects.toMatchObject({
    extensions: { code: 'UNAUTHENTICATED' },
  });
});

test('claims must name a known role, and a partner user its partner', () => {
  expect(() => identityFromClaims({ sub: 'u', role: 'ROOT' })).toThrow('valid role');
  expect(() => identityFromClaims({ sub: 'u', role: 'PARTNER' })).toThrow('partnerId');
  expect(identityFromClaims({ sub: 'u', role: 'ADMIN', partnerId: 'ignored' })).toEqual({
    sub: 'u',
    role: 'ADMIN',
  });
});

test('only a Bearer authorization header carries a token', () => {
  expect(bearerToken('Bearer abc.def')).toBe('abc.def');
  expect(bearerToken('Basic abc')).toBeUndefined();
  expect(bearerToken(undefined)).toBeUndefined();
});
