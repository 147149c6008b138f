import { canonicalJson, parseIdempotencyKey, principalOf, requestHash } from './idempotency.rules';

test('a key is taken as sent, or unquoted from the structured-field form', () => {
  expect(parseIdempotencyKey(undefined)).toBeUndefined();
  expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe(
    '8e03978e-40d5-43e8-bc93-6894a57f9324',
  );
  expect(parseIdempotencyKey('"8e03978e-40d5"')).toBe('8e03978e-40d5');
  expect(parseIdempotencyKey('  order 42  ')).toBe('order 42');
});

test('an empty, over-long, non-ASCII or repeated key is BAD_USER_INPUT naming the header', () => {
  for (const bad of ['', '""', 'k'.repeat(256), 'clé', 'a\u0000b', ['a', 'b']]) {
    expect(() => parseIdempotencyKey(bad)).toThrow(
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'Idempotency-Key' }),
      }),
    );
  }
  expect(parseIdempotencyKey('k'.repeat(255))).toHaveLength(255);
});

test('keys belong to one principal; shared and service identities have none', () => {
  expect(principalOf({ sub: 'u1', role: 'SALES' })).not.toBe(principalOf({ sub: 'u2', role: 'SALES' }));
  expect(principalOf({ sub: 'u1', role: 'SALES' })).not.toBe(principalOf({ sub: 'u1', role: 'ADMIN' }));
  expect(principalOf({ sub: 'u1', role: 'PARTNER', partnerId: 'p1' })).not.toBe(
    principalOf({ sub: 'u1', role: 'PARTNER', partnerId: 'p2' }),
  );
  expect(principalOf({ sub: 'anonymous:applicant', role: 'APPLICANT' })).toBeNull();
  expect(principalOf({ sub: 'service:partners', role: 'SERVICE' })).toBeNull();
});

test('the request hash ignores key order and tells fields and arguments apart', () => {
  expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe(
    '{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}',
  );
  const args = { input: { title: 'A', amount: '1.00' } };
  expect(requestHash('createDeal', args)).toBe(
    requestHash('createDeal', { input: { amount: '1.00', title: 'A' } }),
  );
  expect(requestHash('createDeal', args)).not.toBe(requestHash('updateDeal', args));
  expect(requestHash('createDeal', args)).not.toBe(
    requestHash('createDeal', { input: { title: 'A', amount: '1.01' } }),
  );
});
