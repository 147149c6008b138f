import { groupBy } from './group-by';

describe('groupBy', () => {
  it('keeps the items’ order within a group and the groups’ order of first appearance', () => {
    const rows = [
      { k: 'b', n: 1 },
      { k: 'a', n: 2 },
      { k: 'b', n: 3 },
      { k: 'c', n: 4 },
      { k: 'a', n: 5 },
    ];
    const groups = groupBy(rows, (row) => row.k);
    expect([...groups.keys()]).toEqual(['b', 'a', 'c']);
    expect(groups.get('b')!.map((row) => row.n)).toEqual([1, 3]);
    expect(groups.get('a')!.map((row) => row.n)).toEqual([2, 5]);
    expect(groupBy([], () => 1).size).toBe(0);
  });

  it('puts every item in exactly one group', () => {
    const items = Array.from({ length: 50_000 }, (_, i) => i);
    const groups = groupBy(items, (i) => i % 2);
    expect(groups.get(0)).toHaveLength(25_000);
    expect(groups.get(1)![24_999]).toBe(49_999);
  });
});
