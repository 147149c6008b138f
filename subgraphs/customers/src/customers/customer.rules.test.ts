import { alreadyMerged, assertMergeable, assertNotDuplicate, customerNameKey } from './customer.rules';

test("a customer's duplicate key is the shared company-name key, none for a name without letters", () => {
  expect(customerNameKey('The ACME, Inc.')).toBe('acme');
  expect(customerNameKey('Société Générale S.A.')).toBe('societegenerale');
  expect(customerNameKey('!!!')).toBeNull();
});

test('a duplicate is refused with its id unless allowed', () => {
  expect(() => assertNotDuplicate(null, false)).not.toThrow();
  expect(() => assertNotDuplicate({ id: 'c1', reason: 'DOMAIN' }, true)).not.toThrow();
  try {
    assertNotDuplicate({ id: 'c1', reason: 'NAME' }, false);
    throw new Error('expected an error');
  } catch (error) {
    expect((error as { extensions: unknown }).extensions).toEqual({
      code: 'CONFLICT',
      field: 'name',
      duplicateOf: 'c1',
      reason: 'NAME',
    });
  }
});

test('no merging into itself or with a deleted customer', () => {
  const live = (id: string) => ({ id, deletedAt: null });
  expect(() => assertMergeable(live('a'), live('b'))).not.toThrow();
  expect(() => assertMergeable(live('a'), live('a'))).toThrow('into itself');
  expect(() => assertMergeable({ id: 'a', deletedAt: new Date() }, live('b'))).toThrow('restore it first');
  expect(() => assertMergeable(live('a'), { id: 'b', deletedAt: new Date() })).toThrow('already deleted');
});

test('a pair already merged (duplicate deleted into this survivor) is a repeat, nothing else', () => {
  const at = new Date();
  const survivor = { id: 's', deletedAt: null };
  expect(alreadyMerged(survivor, { deletedAt: at, mergedIntoId: 's' })).toBe(true);
  expect(alreadyMerged(survivor, { deletedAt: at, mergedIntoId: 'other' })).toBe(false);
  expect(alreadyMerged(survivor, { deletedAt: at, mergedIntoId: null })).toBe(false);
  expect(alreadyMerged(survivor, { deletedAt: null, mergedIntoId: null })).toBe(false);
  expect(alreadyMerged({ id: 's', deletedAt: at }, { deletedAt: at, mergedIntoId: 's' })).toBe(false);
});
