import { describe, expect, it } from 'vitest';
import { CADSS } from './cadss.js';
import { CADSS6_TO_CADSS, CADSS_6 } from './cadss-6.js';

const fill = (n: number, value: number) =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [String(i + 1), value]));

describe('CADSS (23 subjective items)', () => {
  // Source: Bremner et al. J Trauma Stress 1998 (items 0-4); Bremner et al. J Affect Disord 2024 (23-item form,
  // total 0-92). No severity bands are published.
  it('sums 23 items rated 0-4 to a total of 0-92 with no band', () => {
    expect(CADSS.score(fill(23, 0))).toMatchObject({ total: 0, band: null, flags: [] });
    expect(CADSS.score(fill(23, 4))).toMatchObject({ total: 92, band: null });
  });

  it('rejects a rating of 5', () => {
    expect(() => CADSS.score({ ...fill(23, 0), 12: 5 })).toThrowError(/answers\.12/);
  });
});

describe('CADSS-6', () => {
  // Source: Rodrigues et al. J Affect Disord 2021;282:160-164 - CADSS items 1, 2, 6, 7, 15 and 22.
  it('maps its six linkIds to CADSS items 1, 2, 6, 7, 15 and 22 in order', () => {
    expect(Object.values(CADSS6_TO_CADSS)).toEqual(['1', '2', '6', '7', '15', '22']);
    expect(CADSS_6.items.map((i) => i.linkId)).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(CADSS_6.items[4]?.text).toContain('CADSS item 15');
  });

  it('sums six items to a total of 0-24 with no band', () => {
    expect(CADSS_6.score(fill(6, 4))).toMatchObject({ total: 24, band: null });
    expect(CADSS_6.score({ 1: 1, 2: 2, 3: 0, 4: 0, 5: 3, 6: 0 }).total).toBe(6);
  });
});
