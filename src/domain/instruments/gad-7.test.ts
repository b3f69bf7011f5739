import { describe, expect, it } from 'vitest';
import { GAD_7 } from './gad-7.js';
import { answersFilledInOrder, bandEdges } from './answers.testing.js';

const answersTotalling = (total: number) => answersFilledInOrder(total, { items: 7, max: 3 });

describe('GAD-7', () => {
  // Source: Spitzer, Kroenke, Williams & Löwe, Arch Intern Med 2006;166:1092-1097 - cut-points 5, 10 and 15
  // for mild, moderate and severe anxiety; total 0-21.
  it.each(bandEdges({ minimal: 0, mild: 5, moderate: 10, severe: 15 }, 21))(
    'bands a total of %i as %s',
    (total, band) => {
      expect(GAD_7.score(answersTotalling(total))).toMatchObject({ total, band, flags: [] });
    },
  );

  it('rejects an out-of-range answer by item', () => {
    expect(() => GAD_7.score({ ...answersTotalling(0), 4: 4 })).toThrowError(/answers\.4: must be between 0 and 3/);
  });

  it('carries LOINC codes for the panel and total', () => {
    // Source: LOINC 69737-5 (GAD-7 panel) and 70274-6 (GAD-7 total score).
    expect(GAD_7.loinc).toEqual({ panel: '69737-5', total: '70274-6' });
  });
});
