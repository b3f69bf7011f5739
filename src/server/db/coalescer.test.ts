import { describe, expect, it } from 'vitest';
import { Coalescer } from './coalescer.js';

/** A writer that records each batch it is given and answers each item doubled; `refuse` makes it fail a batch. */
function doubler(refuse: (items: readonly number[]) => boolean = () => false) {
  const batches: { key: string; items: number[] }[] = [];
  const commit = new Coalescer<number, number>(async (key, items) => {
    batches.push({ key, items: [...items] });
    await new Promise((resolve) => setImmediate(resolve));
    if (refuse(items)) throw new Error(`refused ${items.join(',')}`);
    return items.map((n) => n * 2);
  });
  return { commit, batches };
}

describe('Coalescer', () => {
  it('writes one item alone at once: nothing waits for a batch to fill', async () => {
    const { commit, batches } = doubler();
    await expect(commit.submit('a', 1)).resolves.toBe(2);
    expect(batches).toEqual([{ key: 'a', items: [1] }]);
  });

  it('writes the items that arrive while a batch is being written together, in the order they came', async () => {
    const { commit, batches } = doubler();
    const results = await Promise.all([1, 2, 3, 4].map((n) => commit.submit('a', n)));
    expect(results).toEqual([2, 4, 6, 8]);
    expect(batches).toEqual([
      { key: 'a', items: [1] },
      { key: 'a', items: [2, 3, 4] },
    ]);
  });

  it('keeps keys apart: each key has its own batches, written side by side', async () => {
    const { commit, batches } = doubler();
    await Promise.all([commit.submit('a', 1), commit.submit('b', 10), commit.submit('a', 2), commit.submit('b', 20)]);
    expect(batches).toEqual([
      { key: 'a', items: [1] },
      { key: 'b', items: [10] },
      { key: 'a', items: [2] },
      { key: 'b', items: [20] },
    ]);
  });

  it('writes a refused batch again one item at a time, so only the bad item fails', async () => {
    const { commit, batches } = doubler((items) => items.includes(3));
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => commit.submit('a', n)));
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([
      2,
      4,
      'refused 3',
      8,
    ]);
    expect(batches.map((b) => b.items)).toEqual([[1], [2, 3, 4], [2], [3], [4]]);
  });

  it('fails every caller of a batch whose writer answers the wrong number of results, rather than mismatch them', async () => {
    const commit = new Coalescer<number, number>(async (_, items) => items.slice(1));
    const results = await Promise.allSettled([1, 2, 3].map((n) => commit.submit('a', n)));
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
  });

  it('goes on after a failure: the next item is written', async () => {
    const { commit } = doubler((items) => items.includes(1));
    await expect(commit.submit('a', 1)).rejects.toThrow('refused 1');
    await expect(commit.submit('a', 5)).resolves.toBe(10);
  });
});
