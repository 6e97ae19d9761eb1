import LRUCache from '../../handlers/lru-cache';

describe('the endpoint cache’s LRU cache (mnemonist’s, as the Lambda bundle has it)', () => {
  it('evicts the least recently got or set entry when a new key comes into a full cache; peek and has do not count as use', () => {
    // Prepare
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);

    // Act
    cache.get('a');
    cache.peek('b');
    cache.set('c', 3);
    const afterC = ['a', 'b', 'c'].filter((key) => cache.has(key));
    cache.set('a', 10);
    cache.set('d', 4);

    // Assess
    expect(afterC).toEqual(['a', 'c']);
    expect([cache.peek('a'), cache.peek('c'), cache.peek('d'), cache.size]).toEqual([10, undefined, 4, 2]);
  });

  it('updates a key in a full cache without evicting another, and clears', () => {
    // Prepare
    const cache = new LRUCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);

    // Act
    cache.set('b', 3);
    const both = [cache.get('a'), cache.get('b')];
    cache.clear();

    // Assess
    expect(both).toEqual([1, 3]);
    expect([cache.has('a'), cache.size, cache.get('a')]).toEqual([false, 0, undefined]);
  });
});
