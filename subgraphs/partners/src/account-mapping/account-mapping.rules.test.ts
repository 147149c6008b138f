import {
  coarse,
  mayWork,
  parseHashes,
  summariseOverlap,
  uploadRetryAfter,
  MIN_HASHES,
  UPLOADS_PER_DAY,
} from './account-mapping.rules';

const h = (c: string) => c.repeat(64);
const match = (
  id: string,
  ownership: 'DIRECT' | 'CHANNEL' | 'SHARED',
  owner: string | null = null,
  openDeals = 0,
) => ({
  customerId: id,
  name: id,
  ownership,
  ownerPartnerId: owner,
  openDeals,
  openAmounts: openDeals ? [{ currency: 'EUR', amount: '10.10' }] : [],
});

test('hashes: 64 hex digits, lower-cased, de-duplicated, at most 1,000', () => {
  expect(parseHashes([h('A'), h('a'), ` ${h('b')} `])).toEqual([h('a'), h('b')]);
  expect(() => parseHashes([])).toThrow('empty');
  expect(() => parseHashes(['a'.repeat(63)])).toThrow('hashes[0]');
  expect(() => parseHashes([h('g')])).toThrow('sha256');
  expect(() => parseHashes(Array(1001).fill(h('a')))).toThrow('At most 1000');
});

test('coarse counts: null below 5, else rounded down to a multiple of 5', () => {
  expect([0, 4, 5, 9, 10, 14].map(coarse)).toEqual([null, null, 5, 5, 10, 10]);
});

test('who may work an account: SHARED, or CHANNEL of this partner', () => {
  expect(mayWork({ ownership: 'SHARED', ownerPartnerId: null }, 'p')).toBe(true);
  expect(mayWork({ ownership: 'CHANNEL', ownerPartnerId: 'p' }, 'p')).toBe(true);
  expect(mayWork({ ownership: 'CHANNEL', ownerPartnerId: 'q' }, 'p')).toBe(false);
  expect(mayWork({ ownership: 'DIRECT', ownerPartnerId: null }, 'p')).toBe(false);
});

test('a partner below the minimum learns nothing; one DIRECT match changes nothing it sees', () => {
  const direct = [match('d', 'DIRECT', null, 1)];
  expect(summariseOverlap(direct, 'p', MIN_HASHES - 1, false)).toMatchObject({
    ready: false,
    direct: null,
    accounts: [],
  });
  expect(summariseOverlap(direct, 'p', MIN_HASHES, false)).toEqual(
    summariseOverlap([], 'p', MIN_HASHES, false),
  );
});

test('segments, totals and pipeline; internal roles exact', () => {
  const matches = [
    ...['d1', 'd2', 'd3', 'd4', 'd5', 'd6'].map((id) => match(id, 'DIRECT', null, 1)),
    match('mine', 'CHANNEL', 'p', 2),
    match('theirs', 'CHANNEL', 'q', 1),
    match('s', 'SHARED', null, 1),
  ];
  expect(summariseOverlap(matches, 'p', 200, false)).toMatchObject({
    overlappingCustomers: 2 + 5,
    withOpenDeals: 2 + 5,
    direct: 5,
    channelThisPartner: 1,
    channelOtherPartners: null,
    shared: 1,
    openPipeline: [{ currency: 'EUR', amount: '20.20' }],
  });
  expect(summariseOverlap(matches, 'p', 200, false).accounts.map((a) => a.customerId)).toEqual(['mine', 's']);
  expect(summariseOverlap(matches, 'p', 1, true)).toMatchObject({
    ready: true,
    overlappingCustomers: 9,
    direct: 6,
    channelOtherPartners: 1,
  });
});

test('upload limit: retry after the oldest upload of the window leaves it', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const at = (h: number) => new Date(now.getTime() - h * 3_600_000);
  expect(uploadRetryAfter(Array(UPLOADS_PER_DAY - 1).fill(at(1)), now)).toBe(0);
  expect(uploadRetryAfter([at(23), ...Array(UPLOADS_PER_DAY - 1).fill(at(1))], now)).toBe(3600);
});
