import { as } from '../../../../test/support/identities';
import { assertRegionsFree, claimsKey, isInternalPerson, normaliseRegions } from './user.rules';

test('only our own people get a User: never partner users, services, applicants or export keys', () => {
  for (const identity of [as.admin, as.sales, as.marketing, as.support, as.analyst, as.channelManager]) {
    expect(isInternalPerson(identity)).toBe(true);
  }
  expect(isInternalPerson({ sub: 'p', role: 'PARTNER', partnerId: 'x' })).toBe(false);
  expect(isInternalPerson({ sub: 'service:partners', role: 'SERVICE' })).toBe(false);
  expect(isInternalPerson({ sub: 'anonymous:applicant', role: 'APPLICANT' })).toBe(false);
  expect(isInternalPerson({ sub: 'key:1', role: 'ANALYST', canExport: true })).toBe(false);
});

test('the claims key changes with role, name or email, and only with them', () => {
  const base = { sub: 'user:a', role: 'SALES' as const, name: 'A', email: 'a@example.com' };
  expect(claimsKey(base)).toBe(claimsKey({ ...base }));
  expect(claimsKey({ ...base, role: 'ADMIN' })).not.toBe(claimsKey(base));
  expect(claimsKey({ ...base, name: 'B' })).not.toBe(claimsKey(base));
  expect(claimsKey({ ...base, email: undefined })).not.toBe(claimsKey(base));
  expect(claimsKey({ ...base, canExport: false })).toBe(claimsKey(base));
});

test("a territory's regions are trimmed, distinct and at least one", () => {
  expect(normaliseRegions([' EMEA', 'EMEA ', 'APAC'])).toEqual(['EMEA', 'APAC']);
  expect(() => normaliseRegions([' ', ''])).toThrow(
    expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
  );
  expect(() => normaliseRegions(['x'.repeat(101)])).toThrow(/at most 100 characters/);
});

test('a region is in one territory at most', () => {
  const others = [{ name: 'Europe', regions: ['EMEA'] }];
  expect(() => assertRegionsFree(['APAC'], others)).not.toThrow();
  expect(() => assertRegionsFree(['APAC', 'EMEA'], others)).toThrow(
    expect.objectContaining({
      message: 'Region EMEA already belongs to territory Europe',
      extensions: expect.objectContaining({ code: 'CONFLICT' }),
    }),
  );
});
