import { decodeCursor, encodeCursor, pageSize } from './pagination';

test('a cursor round-trips the sort value and id', () => {
  const row = { id: '2b1c8f5e-1111-4a2b-8c3d-000000000001', createdAt: new Date('2026-11-27T10:00:00.123Z') };
  const cursor = encodeCursor(row, { property: 'createdAt', direction: 'ASC' });
  expect(decodeCursor(cursor)).toEqual(['2026-11-27T10:00:00.123Z', row.id]);
});

test('a forged cursor is bad input, not a server error', () => {
  for (const forged of [
    '%%%',
    Buffer.from('[1]').toString('base64url'),
    Buffer.from('{"a":1}').toString('base64url'),
  ]) {
    expect(() => decodeCursor(forged)).toThrow(
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT' }) }),
    );
  }
});

test('page size defaults to 20 and is capped at 100', () => {
  expect(pageSize({})).toBe(20);
  expect(pageSize({ first: 100 })).toBe(100);
  expect(() => pageSize({ first: 101 })).toThrow('between 1 and 100');
  expect(() => pageSize({ first: 0 })).toThrow('between 1 and 100');
});
