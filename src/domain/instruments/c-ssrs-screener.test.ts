import { describe, expect, it } from 'vitest';
import { C_SSRS_SCREENER } from './c-ssrs-screener.js';

const allNo = { 1: false, 2: false, 6: false };

describe('C-SSRS screener triage', () => {
  // Source: Columbia Lighthouse Project, C-SSRS Screener with triage (2021) and "Clinical triage guidelines using
  // the C-SSRS": 1-2 low; 3 moderate; 4 or 5 high; 6 high within 3 months, otherwise moderate.
  it('has no total and no risk when every answer is no', () => {
    expect(C_SSRS_SCREENER.score(allNo)).toMatchObject({ total: null, band: 'none', flags: [] });
  });

  it('does not require items 3-5 when item 2 is no (the form skips them)', () => {
    expect(C_SSRS_SCREENER.score({ 1: true, 2: false, 6: false }).band).toBe('low');
  });

  it.each([
    ['wish to be dead only', { 1: true, 2: false, 6: false }, 'low'],
    ['thoughts of killing oneself without method', { 1: true, 2: true, 3: false, 4: false, 5: false, 6: false }, 'low'],
    ['method without intent', { 1: true, 2: true, 3: true, 4: false, 5: false, 6: false }, 'moderate'],
    ['some intent', { 1: true, 2: true, 3: true, 4: true, 5: false, 6: false }, 'high'],
    ['plan and intent', { 1: true, 2: true, 3: false, 4: false, 5: true, 6: false }, 'high'],
    ['behaviour within 3 months', { 1: false, 2: false, 6: true, '6a': true }, 'high'],
    ['behaviour more than 3 months ago', { 1: false, 2: false, 6: true, '6a': false }, 'moderate'],
    ['behaviour since the last visit (6a not asked)', { 1: false, 2: false, 6: true }, 'high'],
  ])('triages %s as %s risk', (_name, answers, band) => {
    const result = C_SSRS_SCREENER.score(answers);
    expect(result.band).toBe(band);
    expect(result.flags).toEqual([{ code: 'suicide-risk', message: expect.stringContaining(`${band} risk`) }]);
  });

  it('still counts a yes on item 4 given when item 2 was no', () => {
    // A positive answer is never dropped, even if the skip logic was not followed.
    expect(C_SSRS_SCREENER.score({ 1: false, 2: false, 4: true, 6: false }).band).toBe('high');
  });

  it('requires items 3-5 when item 2 is yes', () => {
    expect(() => C_SSRS_SCREENER.score({ 1: true, 2: true, 6: false })).toThrowError(/answers\.3: is required/);
  });

  it('accepts only booleans', () => {
    expect(() => C_SSRS_SCREENER.score({ 1: 1, 2: false, 6: false })).toThrowError(/answers\.1: must be true or false/);
  });

  it('codes its risk level with LOINC 93374-7', () => {
    // Source: LOINC 93374-7 "Suicide risk level" (class SURVEY.CSSRS).
    expect(C_SSRS_SCREENER.loinc.band).toBe('93374-7');
  });
});
