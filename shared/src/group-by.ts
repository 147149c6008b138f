/**
 * Groups `items` by `key`, in one pass: each group keeps its items' order, the groups the order
 * of their first item. (Not `map.set(k, [...(map.get(k) ?? []), item])`, which copies the group
 * on every item: quadratic in a group's size.)
 */
export function groupBy<T, K>(items: Iterable<T>, key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
