import { sealCursor } from './cursor';
import { decodeCursor, encodeCursor, pageSize } from './pagination';

const row = { id: '2b1c8f5e-1111-4a2b-8c3d-000000000001', createdAt: new Date('2026-11-27T10:00:00.123Z') };
const CREATED = { property: 'createdAt', direction: 'ASC' } as const;
const badInput = expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) });

test('a cursor round-trips the sort value and id', () => {
  const cursor = encodeCursor(row, CREATED);
  expect(decodeCursor(cursor)).toEqual(['2026-11-27T10:00:00.123Z', row.id]);
});

test('a cursor is opaque: neither the sort value nor the id can be read from it', () => {
  const cursor = encodeCursor(row, CREATED);
  const bytes = Buffer.from(cursor, 'base64url');
  for (const text of [cursor, bytes.toString('utf8'), bytes.toString('latin1'), bytes.toString('hex')]) {
    expect(text).not.toContain('2026');
    expect(text).not.toContain(row.id);
    expect(text).not.toContain('2b1c8f5e');
  }
});

test('a forged, tampered, foreign or malformed cursor is bad input, not a server error', () => {
  const genuine = encodeCursor(row, CREATED);
  const flipped = Buffer.from(genuine, 'base64url');
  flipped[flipped.length - 1] ^= 1;
  const previous = process.env.CURSOR_SECRET;
  process.env.CURSOR_SECRET = 'another deployment';
  const foreign = sealCursor(['2026-11-27T10:00:00.123Z', row.id]);
  const yearZero = sealCursor(['0000-01-01T00:00:00.000Z', row.id]);
  if (previous === undefined) delete process.env.CURSOR_SECRET;
  else process.env.CURSOR_SECRET = previous;
  for (const forged of [
    '',
    '%%%',
    Buffer.from('[1]').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
    Buffer.from(JSON.stringify(['0000-01-01T00:00:00.000Z', row.id])).toString('base64url'),
    flipped.toString('base64url'),
    genuine.slice(0, -2),
    foreign,
    yearZero,
    'A'.repeat(5000),
  ]) {
    expect(() => decodeCursor(forged)).toThrow(badInput);
  }
});

test('page size defaults to 20 and is capped at 100', () => {
  expect(pageSize({})).toBe(20);
  expect(pageSize({ first: 100 })).toBe(100);
  expect(() => pageSize({ first: 101 })).toThrow('between 1 and 100');
  expect(() => pageSize({ first: 0 })).toThrow('between 1 and 100');
});

test('CURSOR_SECRET is required in production, like the other secrets', () => {
  const env = { node: process.env.NODE_ENV, secret: process.env.CURSOR_SECRET };
  process.env.NODE_ENV = 'production';
  delete process.env.CURSOR_SECRET;
  try {
    expect(() => encodeCursor(row, CREATED)).toThrow('CURSOR_SECRET must be set in production');
  } finally {
    process.env.NODE_ENV = env.node;
    if (env.secret !== undefined) process.env.CURSOR_SECRET = env.secret;
  }
});
