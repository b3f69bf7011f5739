import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { PHQ_9 } from './phq-9.js';
import { answersFilledInOrder, bandEdges } from './answers.testing.js';

/** Items 1-8 filled in order; item 9 (the suicidal-thoughts item) stays 0 unless `keepZero` is 0. */
const answersTotalling = (total: number, keepZero = 1) => answersFilledInOrder(total, { items: 9, max: 3, keepZero });

describe('PHQ-9', () => {
  // Source: Kroenke, Spitzer & Williams, J Gen Intern Med 2001;16:606-613 - cut-points 5, 10, 15, 20 for
  // mild, moderate, moderately severe and severe; 0-4 minimal.
  // Item 9 stays 0 here, so 24 is the highest total.
  it.each(bandEdges({ minimal: 0, mild: 5, moderate: 10, 'moderately-severe': 15, severe: 20 }, 24))(
    'bands a total of %i as %s',
    (total, band) => {
      const result = PHQ_9.score(answersTotalling(total));
      expect(result.total).toBe(total);
      expect(result.band).toBe(band);
      expect(result.flags).toEqual([]);
    },
  );

  it('scores the maximum of 27 as severe', () => {
    // Source: Kroenke 2001 - total range 0-27.
    const result = PHQ_9.score(answersTotalling(27, 0));
    expect(result).toMatchObject({ total: 27, band: 'severe' });
  });

  it.each([1, 2, 3])('raises a suicide-risk flag on item 9 when it scores %i, whatever the total', (item9) => {
    // Source: clinical-reference section 2-3 (PHQ-9 item 9 > 0 must reach a clinician); Kroenke 2001 item 9.
    const result = PHQ_9.score({ ...answersTotalling(0), '9': item9 });
    expect(result.band).toBe('minimal');
    expect(result.flags).toEqual([
      { code: 'suicide-risk', item: '9', message: expect.stringContaining(`scored ${item9}`) },
    ]);
  });

  it('returns every item score', () => {
    const result = PHQ_9.score({ 1: 3, 2: 2, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 });
    expect(result.itemScores).toEqual({ 1: 3, 2: 2, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0, 8: 0, 9: 0 });
  });

  it('rejects a missing item by name (no prorating rule found from the publisher)', () => {
    const answers: Record<string, unknown> = answersTotalling(8);
    delete answers['3'];
    expect(() => PHQ_9.score(answers)).toThrowError(DomainValidationError);
    try {
      PHQ_9.score(answers);
    } catch (error) {
      expect((error as DomainValidationError).issues).toEqual([
        { field: 'answers.3', message: 'is required and was not answered' },
      ]);
    }
  });

  it('carries LOINC codes for the panel, the total and item 9', () => {
    // Source: LOINC 44249-1 (panel), 44261-6 (total), 44260-8 (item 9).
    expect(PHQ_9.loinc).toEqual({ panel: '44249-1', total: '44261-6' });
    expect(PHQ_9.items[8]?.loinc).toBe('44260-8');
  });
});
