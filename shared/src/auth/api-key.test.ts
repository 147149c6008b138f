import { issueApiKey, looksLikeApiKey, parseApiKey, sameHash } from './api-key';

test('an issued key parses back to its id and secret hash', () => {
  const issued = issueApiKey();
  expect(looksLikeApiKey(issued.key)).toBe(true);
  const parsed = parseApiKey(issued.key);
  expect(parsed).toEqual({ id: issued.id, secretHash: issued.secretHash });
  expect(sameHash(parsed!.secretHash, issued.secretHash)).toBe(true);
});

test('the stored hash reveals nothing of the key and a tampered key does not match', () => {
  const issued = issueApiKey();
  expect(issued.key).not.toContain(issued.secretHash);
  const tampered = issued.key.slice(0, -1) + (issued.key.endsWith('A') ? 'B' : 'A');
  expect(sameHash(parseApiKey(tampered)!.secretHash, issued.secretHash)).toBe(false);
});

test('anything else is not a key', () => {
  for (const text of ['sgk_', 'sgk_zz_yy', 'eyJhbGciOi.x.y', `sgk_${'a'.repeat(32)}_short`])
    expect(parseApiKey(text)).toBeNull();
});
