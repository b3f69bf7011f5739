import { describe, expect, it } from 'vitest';
import { PAIN_NRS } from './pain-nrs.js';

describe('Pain NRS', () => {
  // Source: Serlin et al. Pain 1995;61:277-284 and Palos et al. J Pain 2006;7:49-56 - 1-4 mild, 5-6 moderate,
  // 7-10 severe; 0 no pain.
  it.each([
    [0, 'none'],
    [1, 'mild'],
    [4, 'mild'],
    [5, 'moderate'],
    [6, 'moderate'],
    [7, 'severe'],
    [10, 'severe'],
  ])('bands a rating of %i as %s', (rating, band) => {
    expect(PAIN_NRS.score({ 1: rating })).toMatchObject({ total: rating, band, flags: [] });
  });

  it('uses LOINC 72514-3 for the rating', () => {
    // Source: LOINC 72514-3 "Pain severity - 0-10 verbal numeric rating [Score] - Reported".
    expect(PAIN_NRS.loinc.total).toBe('72514-3');
  });
});
