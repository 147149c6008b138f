import { SignJWT } from 'jose';
import { jwtSecret, subgraphSecret } from '../config';
import {
  assertTokenLifetime,
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

describe('token lifetime', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const userToken = (claims: { iat?: number; exp?: number }) => {
    const jwt = new SignJWT({ role: 'ADMIN' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u1');
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
    return jwt.sign(new TextEncoder().encode(jwtSecret()));
  };
  const forwarded = (claims: { iat?: number; exp?: number }) => {
    const jwt = new SignJWT({ role: 'SALES' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u1')
      .setIssuer('sales-graph-gateway')
      .setAudience('customers');
    if (claims.iat !== undefined) jwt.setIssuedAt(claims.iat);
    if (claims.exp !== undefined) jwt.setExpirationTime(claims.exp);
    return jwt.sign(new TextEncoder().encode(subgraphSecret('customers')));
  };
  const unauthenticated = { extensions: { code: 'UNAUTHENTICATED' } };

  test('a user token must expire', async () => {
    await expect(verifyUserToken(await userToken({ iat: now() }), null)).rejects.toMatchObject({
      ...unauthenticated,
      message: 'Token has no expiry',
    });
  });

  test('a user token may live at most JWT_MAX_LIFETIME_SECONDS (24 h by default)', async () => {
    const century = await userToken({ iat: now(), exp: now() + 100 * 365 * 86_400 });
    await expect(verifyUserToken(century, null)).rejects.toMatchObject(unauthenticated);
    // Without iat the lifetime counts from now.
    await expect(verifyUserToken(await userToken({ exp: now() + 25 * 3600 }), null)).rejects.toMatchObject(
      unauthenticated,
    );
    await expect(verifyUserToken(await userToken({ exp: now() + 23 * 3600 }), null)).resolves.toEqual({
      sub: 'u1',
      role: 'ADMIN',
    });
    await expect(
      verifyUserToken(await userToken({ iat: now(), exp: now() + 24 * 3600 }), null),
    ).resolves.toMatchObject({ sub: 'u1' });
    // Issued 20 h ago for 30 h: its lifetime is 30 h, although it has only 10 h left.
    const long = await userToken({ iat: now() - 20 * 3600, exp: now() + 10 * 3600 });
    await expect(verifyUserToken(long, null)).rejects.toMatchObject(unauthenticated);
  });

  test('the maximum lifetime is configurable', async () => {
    process.env.JWT_MAX_LIFETIME_SECONDS = '3600';
    try {
      const twoHours = await userToken({ iat: now(), exp: now() + 7200 });
      await expect(verifyUserToken(twoHours, null)).rejects.toMatchObject(unauthenticated);
      await expect(
        verifyUserToken(await signUserToken({ sub: 'u', role: 'ADMIN' }, '30m'), null),
      ).resolves.toBeTruthy();
    } finally {
      delete process.env.JWT_MAX_LIFETIME_SECONDS;
    }
  });

  test('a token issued in the future is refused, beyond a small clock skew', async () => {
    const future = await userToken({ iat: now() + 3600, exp: now() + 7200 });
    await expect(verifyUserToken(future, null)).rejects.toMatchObject({
      ...unauthenticated,
      message: 'Token is issued in the future',
    });
    const skewed = await userToken({ iat: now() + 30, exp: now() + 3600 });
    await expect(verifyUserToken(skewed, null)).resolves.toMatchObject({ sub: 'u1' });
  });

  test('a forwarded identity must expire within 60 s and not be issued in the future', async () => {
    await expect(verifyForwardedIdentity(await forwarded({ iat: now() }), 'customers')).rejects.toMatchObject(
      unauthenticated,
    );
    const hour = await forwarded({ iat: now(), exp: now() + 3600 });
    await expect(verifyForwardedIdentity(hour, 'customers')).rejects.toMatchObject(unauthenticated);
    const future = await forwarded({ iat: now() + 600, exp: now() + 630 });
    await expect(verifyForwardedIdentity(future, 'customers')).rejects.toMatchObject(unauthenticated);
    const minute = await forwarded({ iat: now(), exp: now() + 60 });
    await expect(verifyForwardedIdentity(minute, 'customers')).resolves.toEqual({ sub: 'u1', role: 'SALES' });
  });

  test('assertTokenLifetime on a fixed clock', () => {
    const rules = { maxLifetimeSeconds: 100, clockSkewSeconds: 10, nowSeconds: 1000 };
    expect(() => assertTokenLifetime({ iat: 1000, exp: 1100 }, rules)).not.toThrow();
    expect(() => assertTokenLifetime({ iat: 1000, exp: 1101 }, rules)).toThrow('lifetime');
    expect(() => assertTokenLifetime({ exp: 1100 }, rules)).not.toThrow();
    expect(() => assertTokenLifetime({ exp: 1101 }, rules)).toThrow('lifetime');
    expect(() => assertTokenLifetime({ iat: 1010, exp: 1050 }, rules)).not.toThrow();
    expect(() => assertTokenLifetime({ iat: 1011, exp: 1050 }, rules)).toThrow('future');
    expect(() => assertTokenLifetime({ iat: 1000 }, rules)).toThrow('expiry');
  });
});

test("our people's name and email claims travel to the subgraphs; bad ones are left out, never refused", async () => {
  const person = { sub: 'u2', role: 'SALES' as const, name: 'Sam Sales', email: 'sam@example.com' };
  const user = await verifyUserToken(await signUserToken(person));
  expect(user).toEqual(person);
  const forwarded = await verifyForwardedIdentity(
    await signForwardedIdentity(user, 'customers'),
    'customers',
  );
  expect(forwarded).toEqual(person);
  expect(identityFromClaims({ sub: 'u3', role: 'SALES', name: ' ', email: 42 })).toEqual({
    sub: 'u3',
    role: 'SALES',
  });
  // The signed forwarded identity is cached by everything it states: another name is another token.
  const renamed = await signForwardedIdentity({ ...person, name: 'Samantha' }, 'customers');
  expect((await verifyForwardedIdentity(renamed, 'customers')).name).toBe('Samantha');
  // A partner identity carries none (its people are the PRM's partner users).
  const partnerId = '5b0a1c7e-8f7e-4d61-9c39-0b7a2f3e4d5c';
  expect(identityFromClaims({ sub: 'p', role: 'PARTNER', partnerId, name: 'Pat' })).toEqual({
    sub: 'p',
    role: 'PARTNER',
    partnerId,
  });
});
