import { LruCache } from './lru';

test('an LRU cache never holds more than its capacity and forgets the least recently used', () => {
  const cache = new LruCache<string, number>(2);
  cache.set('a', 1);
  cache.set('b', 2);
  expect(cache.get('a')).toBe(1); // a is now the most recent
  cache.set('c', 3);
  expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.size]).toEqual([1, undefined, 3, 2]);
  for (let i = 0; i < 1000; i++) cache.set(`k${i}`, i);
  expect(cache.size).toBe(2);
  cache.delete('k999');
  expect([cache.get('k999'), cache.get('k998'), cache.size]).toEqual([undefined, 998, 1]);
  expect(() => new LruCache(0)).toThrow();
});
