import {
  bearerToken,
  identityFromClaims,
  signForwardedIdentity,
  signUserToken,
  verifyForwardedIdentity,
  verifyUserToken,
} from './identity';

test('a user token round-trips its identity', async () => {
  const partnerId = '5b0a1c7e-8f7e-4d61-9c39-0b7a2f3e4d5c';
  const token = await signUserToken({ sub: 'u1', role: 'PARTNER', partnerId });
  await expect(verifyUserToken(token)).resolves.toEqual({ sub: 'u1', role: 'PARTNER', partnerId });
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
  // A partnerId that is not a well-formed id is no partner at all.
  for (const partnerId of ['p1', "' OR 1=1", '5b0a1c7e-8f7e-4d61-9c39-0b7a2f3e4d5', 42]) {
    expect(() => identityFromClaims({ sub: 'u', role: 'PARTNER', partnerId })).toThrow('partnerId');
  }
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
