import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { cursorSecret } from '../config';
import { BadUserInputError } from '../errors';

/**
 * The one cursor codec of every connection (root lists, batched relations, the timeline): the
 * position `[sortValue, id]` sealed with AES-256-GCM under CURSOR_SECRET. A cursor is opaque (a
 * partner cannot read the `createdAt` of a customer it sees by name only) and cannot be forged: a
 * tampered, foreign or malformed cursor is BAD_USER_INPUT before any SQL runs.
 */
export type CursorValue = string | number | null;
export type CursorPosition = [CursorValue, string];

const IV_BYTES = 12;
const TAG_BYTES = 16;
const keys = new Map<string, Buffer>();

function key(): Buffer {
  const secret = cursorSecret();
  let derived = keys.get(secret);
  if (!derived) {
    derived = createHash('sha256').update(`sales-graph cursor v1\0${secret}`).digest();
    keys.set(secret, derived);
  }
  return derived;
}

const invalid = () => new BadUserInputError('Invalid cursor', 'after');

export function sealCursor(position: CursorPosition): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(position), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openCursor(cursor: string): CursorPosition {
  if (typeof cursor !== 'string' || cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  const raw = Buffer.from(cursor, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) throw invalid();
  let value: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), raw.subarray(0, IV_BYTES));
    decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
    const plain = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    value = JSON.parse(plain.toString('utf8'));
  } catch {
    throw invalid();
  }
  const ok =
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[1] === 'string' &&
    (value[0] === null || typeof value[0] === 'string' || typeof value[0] === 'number');
  if (!ok) throw invalid();
  return value as CursorPosition;
}
