import { generateSecret, secretKey, sign, signedHeaders, verify } from './signature';

describe('Standard Webhooks signatures', () => {
  // The test vector of the Standard Webhooks specification's reference libraries.
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  const id = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
  const timestamp = 1614265330;
  const body = '{"test": 2432232314}';

  it('signs the specification test vector', () => {
    expect(sign(secret, id, timestamp, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies its own headers and refuses a changed body, id, timestamp or secret', () => {
    const headers = signedHeaders(secret, id, timestamp, body);
    const given = { id, timestamp: headers['webhook-timestamp'], signature: headers['webhook-signature'] };
    expect(verify(secret, given, body, timestamp)).toBe(true);
    expect(
      verify(secret, { ...given, signature: `v1,bad v1,${given.signature.slice(3)}` }, body, timestamp),
    ).toBe(true);
    expect(verify(secret, given, `${body} `, timestamp)).toBe(false);
    expect(verify(secret, { ...given, id: 'msg_other' }, body, timestamp)).toBe(false);
    expect(verify(secret, { ...given, timestamp: String(timestamp + 1) }, body, timestamp)).toBe(false);
    expect(verify(generateSecret(), given, body, timestamp)).toBe(false);
    // Outside the tolerance: a replay of an old delivery.
    expect(verify(secret, given, body, timestamp + 301)).toBe(false);
  });

  it('generates whsec_ secrets of 32 bytes and refuses malformed ones', () => {
    const generated = generateSecret();
    expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
    expect(secretKey(generated)?.length).toBe(32);
    expect(generated).not.toBe(generateSecret());
    for (const bad of [
      '',
      'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      'whsec_',
      'whsec_c2hvcnQ=',
      'whsec_!!!!',
      'whsec_abc',
    ])
      expect(secretKey(bad)).toBeNull();
    expect(() => sign('nope', id, timestamp, body)).toThrow();
  });
});
