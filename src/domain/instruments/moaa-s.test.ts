import { describe, expect, it } from 'vitest';
import { MOAA_S } from './moaa-s.js';

describe('MOAA/S', () => {
  // Source: Chernik et al. J Clin Psychopharmacol 1990 (ratings 0-5); SPRAVATO label 5.1 (MOAA/S 0 is loss of
  // consciousness); Janssen phase 3 definition (3 or less is moderate or greater sedation); deep sedation at 1 or
  // less is a clinic default modelled on the ASA continuum.
  it.each([
    [5, 'alert', []],
    [4, 'lethargic', []],
    [3, 'responds-to-loud-voice', ['sedation']],
    [2, 'responds-to-touch', ['sedation']],
    [1, 'responds-to-pain', ['sedation', 'deep-sedation']],
    [0, 'unresponsive', ['sedation', 'deep-sedation', 'loss-of-consciousness']],
  ])('rates %i as %s with flags %j', (rating, band, flags) => {
    const result = MOAA_S.score({ 1: rating });
    expect(result.total).toBe(rating);
    expect(result.band).toBe(band);
    expect(result.flags.map((f) => f.code)).toEqual(flags);
  });

  it('rejects 6 and 2.5', () => {
    expect(() => MOAA_S.score({ 1: 6 })).toThrowError(/answers\.1/);
    expect(() => MOAA_S.score({ 1: 2.5 })).toThrowError(/answers\.1: must be a whole number/);
  });
});
