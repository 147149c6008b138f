import { createHash } from 'node:crypto';
import type { Identity } from '../auth/identity';
import { BadUserInputError } from '../errors';

/** The request header (IETF httpapi "The Idempotency-Key HTTP Header Field"); lower case as Node reads it. */
export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
export const MAX_IDEMPOTENCY_KEY_LENGTH = 255;

/** Visible ASCII and spaces only: the key is stored and compared as given, never interpreted. */
const KEY_RE = /^[\x20-\x7e]+$/;

/**
 * The key a client sent, or undefined when it sent none. The draft writes it as a structured
 * field string (`"8e03…"`); a bare token is accepted too. Anything else is BAD_USER_INPUT.
 */
export function parseIdempotencyKey(raw: string | string[] | undefined): string | undefined {
  if (raw === undefined) return undefined;
  if (Array.isArray(raw)) throw invalidKey('send one Idempotency-Key header');
  let key = raw.trim();
  if (key.length >= 2 && key.startsWith('"') && key.endsWith('"')) key = key.slice(1, -1);
  if (key.length === 0) throw invalidKey('the Idempotency-Key header is empty');
  if (key.length > MAX_IDEMPOTENCY_KEY_LENGTH)
    throw invalidKey(`the Idempotency-Key header is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  if (!KEY_RE.test(key))
    throw invalidKey('the Idempotency-Key header holds characters other than visible ASCII');
  return key;
}

const invalidKey = (why: string) =>
  new BadUserInputError(`Invalid Idempotency-Key: ${why}`, 'Idempotency-Key');

/**
 * Whose key it is. A key is only ever looked up under its principal, so another caller's key
 * never answers someone else's result. Null for identities shared by many callers (the anonymous
 * APPLICANT) and for subgraph-to-subgraph calls: they get no replays.
 */
export function principalOf(identity: Identity): string | null {
  if (identity.role === 'APPLICANT' || identity.role === 'SERVICE') return null;
  return [identity.role, identity.partnerId ?? '', identity.sub].join('|');
}

/** JSON with object keys sorted, so the same arguments always hash the same. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, raw: unknown) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return raw;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(raw).sort()) sorted[key] = (raw as Record<string, unknown>)[key];
    return sorted;
  });
}

/** sha-256 of the mutation field's name and its arguments as coerced by the schema. */
export function requestHash(field: string, args: Record<string, unknown>): string {
  return createHash('sha256').update(field).update('\n').update(canonicalJson(args)).digest('hex');
}

/**
 * SQL of the `idempotency_keys` table in a subgraph's schema, for that subgraph's migration: the
 * first result of each mutation sent with an Idempotency-Key, per principal, key and root field
 * of the operation, kept IDEMPOTENCY_KEY_TTL_HOURS (then deleted by idempotency-keys.cleanup).
 */
export function idempotencyTableSql(schema: string): string[] {
  return [
    `CREATE TABLE ${schema}.idempotency_keys (
      principal text NOT NULL,
      key text NOT NULL,
      response_key text NOT NULL,
      field text NOT NULL,
      request_hash text NOT NULL,
      result jsonb,
      created_at timestamptz(3) NOT NULL DEFAULT now(),
      PRIMARY KEY (principal, key, response_key)
    )`,
    `CREATE INDEX idempotency_keys_created_idx ON ${schema}.idempotency_keys (created_at)`,
  ];
}
