import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Long-lived API keys for BI tools and partner integrations: `sgk_<key id>_<secret>`. Only a
 * SHA-256 of the (256-bit, random) secret is stored; the key is shown once, at creation.
 */
export const API_KEY_PREFIX = 'sgk_';
const KEY_RE = /^sgk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/;

export interface IssuedApiKey {
  id: string;
  key: string;
  secretHash: string;
}

export const hashApiKeySecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

export function issueApiKey(): IssuedApiKey {
  const id = randomUUID();
  const secret = randomBytes(32).toString('base64url');
  return {
    id,
    key: `${API_KEY_PREFIX}${id.replace(/-/g, '')}_${secret}`,
    secretHash: hashApiKeySecret(secret),
  };
}

export const looksLikeApiKey = (token: string): boolean => token.startsWith(API_KEY_PREFIX);

/** The key id (as a UUID) and the hash of its secret, or null if the text is not a key. */
export function parseApiKey(token: string): { id: string; secretHash: string } | null {
  const match = KEY_RE.exec(token);
  if (!match) return null;
  const hex = match[1];
  const id = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { id, secretHash: hashApiKeySecret(match[2]) };
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
