import { as, staff } from '../../../../test/support/identities';
import { assertMayReassign, MAX_REASSIGN_IDS, reassignIds, toMove } from './owner.rules';

const code = (work: () => unknown) => {
  try {
    work();
    return null;
  } catch (error) {
    return (error as { extensions?: { code?: string } }).extensions?.code;
  }
};

test('ADMIN reassigns any record; SALES only its own; other roles none', () => {
  expect(code(() => assertMayReassign(as.admin, 'user:someone'))).toBeNull();
  expect(code(() => assertMayReassign(as.admin, null))).toBeNull();
  expect(code(() => assertMayReassign(as.sales, as.sales.sub))).toBeNull();
  expect(code(() => assertMayReassign(as.sales, 'user:colleague'))).toBe('FORBIDDEN');
  expect(code(() => assertMayReassign(as.sales, null))).toBe('FORBIDDEN');
  const support = staff('SUPPORT', 'user:agent');
  expect(code(() => assertMayReassign(support, support.sub))).toBe('FORBIDDEN');
  expect(code(() => assertMayReassign(as.channelManager, as.channelManager.sub))).toBe('FORBIDDEN');
});

test('a reassignment names 1 to 100 distinct records', () => {
  expect(reassignIds(['A', 'a', 'b'])).toEqual(['a', 'b']);
  expect(code(() => reassignIds([]))).toBe('BAD_USER_INPUT');
  const many = Array.from({ length: MAX_REASSIGN_IDS + 1 }, (_, i) => `id-${i}`);
  expect(code(() => reassignIds(many))).toBe('BAD_USER_INPUT');
});

test('a record the target already owns is left as it is', () => {
  const rows = [
    { id: '1', ownerId: 'user:a' },
    { id: '2', ownerId: 'user:b' },
    { id: '3', ownerId: null },
  ];
  expect(toMove(rows, 'user:b').map((row) => row.id)).toEqual(['1', '3']);
});
