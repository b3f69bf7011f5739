import { describe, expect, it } from 'vitest';
import { mapById } from './by-id.js';

describe('mapById', () => {
  it('reads each id once, leaves out null and empty ids, and maps what it finds by id', async () => {
    const asked: string[][] = [];
    const names = await mapById(
      ['b', null, 'a', '', 'b', 'unknown'],
      (ids) => {
        asked.push(ids);
        return Promise.resolve([
          { id: 'a', name: 'Chair A' },
          { id: 'b', name: 'Chair B' },
        ]);
      },
      (row) => row.name,
    );
    expect(asked).toEqual([['b', 'a', 'unknown']]);
    expect([...names]).toEqual([
      ['a', 'Chair A'],
      ['b', 'Chair B'],
    ]);
  });

  it('does not read at all when there is no id', async () => {
    let reads = 0;
    const names = await mapById(
      [null, ''],
      () => {
        reads += 1;
        return Promise.resolve([{ id: 'a' }]);
      },
      (row) => row.id,
    );
    expect(reads).toBe(0);
    expect(names.size).toBe(0);
  });
});
