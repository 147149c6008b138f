import { decodeJwt } from 'jose';
import {
  FORWARDED_REUSE_MARGIN_SECONDS,
  forwardedIdentityCaches,
  signForwardedIdentity,
  verifyForwardedIdentity,
  type Identity,
} from './identity';

/**
 * The gateway reuses a signed forwarded identity for its lifetime (less a margin) and the subgraphs
 * remember a verified one until it expires; neither may ever answer for claims it did not sign or
 * verify. The clock (Date, for our code and jose's) is a fake system time the tests move.
 */
const PARTNER = 'a2b0c1d2-e3f4-4a5b-8c6d-7e8f9a0b1c2d';
const OTHER_PARTNER = 'b2b0c1d2-e3f4-4a5b-8c6d-7e8f9a0b1c2d';
const unauthenticated = { extensions: { code: 'UNAUTHENTICATED' } };
let clock = 0;
const advance = (ms: number) => {
  clock += ms;
  jest.setSystemTime(clock);
};

beforeEach(() => {
  forwardedIdentityCaches.signed.clear();
  forwardedIdentityCaches.verified.clear();
  // Only the clock is fake; promises and timers of the crypto work run as usual.
  jest.useFakeTimers({
    doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'setTimeout', 'setInterval'],
  });
  clock = Math.floor(Date.now() / 1000) * 1000;
  jest.setSystemTime(clock);
});
afterEach(() => {
  jest.useRealTimers();
  delete process.env.CUSTOMERS_SUBGRAPH_SECRET;
});

test('the same claims for the same subgraph reuse one token until little of its life is left', async () => {
  const identity: Identity = { sub: 'u1', role: 'PARTNER', partnerId: PARTNER };
  const first = await signForwardedIdentity(identity, 'customers');
  advance((60 - FORWARDED_REUSE_MARGIN_SECONDS - 1) * 1000);
  // Not signed again: an uncached signer would have stamped a later iat.
  expect(
    await signForwardedIdentity(
      { ...identity, membership: { partnerStatus: 'ACTIVE', member: 'ACTIVE' } },
      'customers',
    ),
  ).toBe(first);
  advance(1000);
  const renewed = await signForwardedIdentity(identity, 'customers');
  expect(renewed).not.toBe(first);
  expect(decodeJwt(renewed).iat).toBe(clock / 1000);
  await expect(verifyForwardedIdentity(renewed, 'customers')).resolves.toEqual(identity);
});

test('the cache key holds everything signed: any other claim, audience or secret gets its own token', async () => {
  const base: Identity = { sub: 'u1', role: 'PARTNER', partnerId: PARTNER };
  const token = await signForwardedIdentity(base, 'customers');
  const variants: [Identity, 'customers' | 'partners'][] = [
    [{ ...base, sub: 'u2' }, 'customers'],
    [{ ...base, partnerId: OTHER_PARTNER }, 'customers'],
    [{ sub: 'u1', role: 'ADMIN' }, 'customers'],
    [base, 'partners'],
  ];
  for (const [identity, subgraph] of variants) {
    const other = await signForwardedIdentity(identity, subgraph);
    expect(other).not.toBe(token);
    const claims = decodeJwt(other);
    expect([claims.sub, claims.role, claims.partnerId ?? undefined, claims.aud]).toEqual([
      identity.sub,
      identity.role,
      identity.partnerId,
      subgraph,
    ]);
  }
  process.env.CUSTOMERS_SUBGRAPH_SECRET = 'a-rotated-customers-secret-of-enough-length';
  const rotated = await signForwardedIdentity(base, 'customers');
  expect(rotated).not.toBe(token);
  await expect(verifyForwardedIdentity(rotated, 'customers')).resolves.toEqual(base);
});

test('a verified token is remembered until it expires, never for another subgraph or secret, and each answer is a fresh object', async () => {
  const token = await signForwardedIdentity({ sub: 'u1', role: 'SALES' }, 'customers');
  const first = await verifyForwardedIdentity(token, 'customers');
  expect(forwardedIdentityCaches.verified.size).toBe(1);
  first.role = 'ADMIN'; // a caller changing its copy changes nothing remembered
  const again = await verifyForwardedIdentity(token, 'customers');
  expect(again).toEqual({ sub: 'u1', role: 'SALES' });
  expect(again).not.toBe(first);
  await expect(verifyForwardedIdentity(token, 'partners')).rejects.toMatchObject(unauthenticated);
  process.env.CUSTOMERS_SUBGRAPH_SECRET = 'a-rotated-customers-secret-of-enough-length';
  await expect(verifyForwardedIdentity(token, 'customers')).rejects.toMatchObject(unauthenticated);
  delete process.env.CUSTOMERS_SUBGRAPH_SECRET;
  await expect(verifyForwardedIdentity(token, 'customers')).resolves.toEqual({ sub: 'u1', role: 'SALES' });
  advance(60 * 1000); // exp reached
  await expect(verifyForwardedIdentity(token, 'customers')).rejects.toMatchObject(unauthenticated);
  expect(forwardedIdentityCaches.verified.size).toBe(0);
});

test('a refused token is not remembered: tampered, unsigned or garbage fail every time', async () => {
  const token = await signForwardedIdentity({ sub: 'u1', role: 'SALES' }, 'customers');
  const [header, , signature] = token.split('.');
  const forged = `${header}.${Buffer.from(JSON.stringify({ ...decodeJwt(token), role: 'ADMIN' })).toString('base64url')}.${signature}`;
  for (const bad of [forged, `${token}x`, 'not-a-token']) {
    await expect(verifyForwardedIdentity(bad, 'customers')).rejects.toMatchObject(unauthenticated);
    await expect(verifyForwardedIdentity(bad, 'customers')).rejects.toMatchObject(unauthenticated);
  }
  expect(forwardedIdentityCaches.verified.size).toBe(0);
  // The genuine token still passes after its forgeries were refused.
  await expect(verifyForwardedIdentity(token, 'customers')).resolves.toEqual({ sub: 'u1', role: 'SALES' });
});
