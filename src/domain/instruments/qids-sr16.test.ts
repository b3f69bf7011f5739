import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { QIDS_SR16 } from './qids-sr16.js';

/** All sixteen items at 0, with 7 and 9 left unanswered (the respondent chose 6 and 8). */
function base(): Record<string, number> {
  const answers: Record<string, number> = {};
  for (let i = 1; i <= 16; i++) if (i !== 7 && i !== 9) answers[String(i)] = 0;
  return answers;
}

/** Domains filled in order (sleep via item 1, 5, appetite via 6, 10, 11, 13, 14, psychomotor via 15; 12 stays 0). */
function answersTotalling(total: number): Record<string, number> {
  const answers = base();
  let left = total;
  for (const id of ['1', '5', '6', '10', '11', '13', '14', '15']) {
    const value = Math.min(3, left);
    answers[id] = value;
    left -= value;
  }
  if (left > 0) throw new Error('total too high without item 12');
  return answers;
}

describe('QIDS-SR16', () => {
  // Source: Rush et al. Biol Psychiatry 2003;54:573-583 - sleep = max(1-4), appetite/weight = max(6-9),
  // psychomotor = max(15-16), plus items 5, 10-14; total 0-27.
  it('takes the highest of each multi-item domain, not the sum', () => {
    const answers = { ...base(), 1: 1, 2: 3, 3: 2, 4: 1, 6: 2, 8: 3, 15: 1, 16: 2 };
    const result = QIDS_SR16.score(answers);
    expect(result.subscales).toMatchObject({ sleep: 3, appetiteWeight: 3, psychomotor: 2 });
    expect(result.total).toBe(8);
  });

  it('reaches the maximum of 27 with every domain at 3', () => {
    const all3 = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [String(i + 1), 3]));
    expect(QIDS_SR16.score(all3)).toMatchObject({ total: 27, band: 'very-severe' });
  });

  // Source: ids-qids.org interpretation - 0-5 none, 6-10 mild, 11-15 moderate, 16-20 severe, 21-27 very severe.
  it.each([
    [0, 'none'],
    [5, 'none'],
    [6, 'mild'],
    [10, 'mild'],
    [11, 'moderate'],
    [15, 'moderate'],
    [16, 'severe'],
    [20, 'severe'],
    [21, 'very-severe'],
    [24, 'very-severe'],
  ])('bands a total of %i as %s', (total, band) => {
    expect(QIDS_SR16.score(answersTotalling(total))).toMatchObject({ total, band, flags: [] });
  });

  it('raises a suicide-risk flag when item 12 is above 0', () => {
    // Source: clinical-reference section 2-3 (QIDS item 12 > 0 is a flag); Rush 2003 item 12.
    const result = QIDS_SR16.score({ ...base(), 12: 1 });
    expect(result.flags).toEqual([{ code: 'suicide-risk', item: '12', message: expect.stringContaining('scored 1') }]);
  });

  it('accepts either item of each appetite/weight pair, as the published form instructs', () => {
    // Source: QIDS-SR16 form - complete one of items 6/7 and one of 8/9.
    const answers: Record<string, number> = { ...base(), 7: 2, 9: 1 };
    delete answers['6'];
    delete answers['8'];
    expect(QIDS_SR16.score(answers).subscales?.['appetiteWeight']).toBe(2);
  });

  it('rejects answers with neither item of a pair, naming the first item', () => {
    const answers: Record<string, number> = base();
    delete answers['6'];
    try {
      QIDS_SR16.score(answers);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues[0]?.field).toBe('answers.6');
    }
  });
});
