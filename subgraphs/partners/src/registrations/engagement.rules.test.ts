import { EngagementConflict as C, engagementConflict, isFlagged } from './engagement.rules';

test('a DIRECT account first, then another partner’s CHANNEL account; SHARED, own or none is no conflict', () => {
  const direct = { ownership: 'DIRECT' as const, ownerPartnerId: null };
  const mine = { ownership: 'CHANNEL' as const, ownerPartnerId: 'p1' };
  const theirs = { ownership: 'CHANNEL' as const, ownerPartnerId: 'p2' };
  const shared = { ownership: 'SHARED' as const, ownerPartnerId: null };
  expect(engagementConflict([], 'p1')).toBe(C.NONE);
  expect(engagementConflict([shared, mine], 'p1')).toBe(C.NONE);
  expect(engagementConflict([theirs], 'p1')).toBe(C.OWNED_BY_ANOTHER_PARTNER);
  expect(engagementConflict([theirs, direct], 'p1')).toBe(C.OWNED_DIRECT);
  expect([C.NONE, C.OWNED_DIRECT, C.OWNED_BY_ANOTHER_PARTNER].map(isFlagged)).toEqual([false, true, true]);
  expect(isFlagged(null)).toBe(false);
});
