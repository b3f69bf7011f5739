import { describe, expect, it } from 'vitest';
import { MADRS } from './madrs.js';
import { answersFilledInOrder } from './answers.testing.js';

/** Items 1-9 filled in order (item 10 stays 0 so the suicidal-thoughts flag is controlled separately). */
const answersTotalling = (total: number) => answersFilledInOrder(total, { items: 10, max: 6, keepZero: 1 });

describe('MADRS', () => {
  // Source: Snaith et al. Br J Psychiatry 1986;148:599-601 (0-6 normal, 7-19 mild, 20-34 moderate, 35-60 severe);
  // Müller et al. J Affect Disord 2000 (35 separates moderate from severe).
  it.each([
    [0, 'normal'],
    [6, 'normal'],
    [7, 'mild'],
    [19, 'mild'],
    [20, 'moderate'],
    [34, 'moderate'],
    [35, 'severe'],
    [54, 'severe'],
  ])('bands a total of %i as %s', (total, band) => {
    expect(MADRS.score(answersTotalling(total))).toMatchObject({ total, band, flags: [] });
  });

  it('scores the maximum of 60', () => {
    // Source: Montgomery & Åsberg 1979 - 10 items rated 0-6.
    expect(MADRS.score({ ...answersTotalling(54), 10: 6 }).total).toBe(60);
  });

  it('flags item 10 (suicidal thoughts) at 2 and not at 1 (clinic default)', () => {
    // Source: clinic default MADRS_ITEM10_CITATION.
    expect(MADRS.score({ ...answersTotalling(0), 10: 1 }).flags).toEqual([]);
    expect(MADRS.score({ ...answersTotalling(0), 10: 2 }).flags.map((f) => f.code)).toEqual(['suicidal-thoughts']);
  });

  it('shows own short labels, not the published anchors', () => {
    expect(MADRS.itemTextPolicy).toBe('own-labels');
    expect(MADRS.items[0]?.text).toBe('Apparent sadness');
  });
});
