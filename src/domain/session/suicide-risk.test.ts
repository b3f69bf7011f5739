import { describe, expect, it } from 'vitest';
import { sameDaySuicideRisk, type RecordedAnswer } from './suicide-risk.js';

// The clinic is in New York: the treatment day 2026-12-05 runs from 05:00Z on the 5th to 05:00Z on the 6th.
const TZ = 'America/New_York';
const NOW = new Date('2026-12-06T02:30:00Z'); // 21:30 on 5 December, clinic time
const answer = (over: Partial<RecordedAnswer>): RecordedAnswer => ({
  measureId: 'm-1',
  instrumentId: 'c-ssrs-screener',
  observedAt: new Date('2026-12-06T02:00:00Z'),
  band: 'high',
  ...over,
});
const judge = (answers: RecordedAnswer[], evaluations: Parameters<typeof sameDaySuicideRisk>[0]['evaluations'] = []) =>
  sameDaySuicideRisk({ treatmentDate: '2026-12-05', timeZone: TZ, now: NOW, answers, evaluations });

describe('sameDaySuicideRisk', () => {
  // Source: C-SSRS screener triage (Posner et al., Am J Psychiatry 2011): high risk needs a clinician's evaluation
  // before anything else proceeds; clinical-reference.md section 3.
  it('stops dosing for a C-SSRS "high" given on the treatment day until a prescriber evaluates that answer', () => {
    const risk = judge([answer({})]);
    expect(risk.blocksDosing).toBe(true);
    expect(risk.awaitingPrescriber.map((s) => s.measureId)).toEqual(['m-1']);
    expect(risk.message).toMatch(/waits for a prescriber/);
    const evaluated = judge(
      [answer({})],
      [
        {
          measureId: 'm-1',
          by: 'dr-lee',
          at: new Date('2026-12-06T02:20:00Z'),
          decision: 'may-proceed',
          note: 'Passive ideation, safety plan reviewed',
        },
      ],
    );
    expect(evaluated.blocksDosing).toBe(false);
  });

  // Source: Kroenke 2001 (PHQ-9 item 9 > 0 is a suicide-risk signal that must reach a clinician).
  it('stops dosing for PHQ-9 item 9 above 0, and not for item 9 at 0', () => {
    expect(judge([answer({ instrumentId: 'phq-9', band: 'moderate', answers: { 9: 1 } })]).blocksDosing).toBe(true);
    expect(judge([answer({ instrumentId: 'phq-9', band: 'moderate', answers: { 9: 0 } })]).blocksDosing).toBe(false);
    expect(judge([answer({ band: 'moderate' })]).blocksDosing).toBe(false);
  });

  it('does not count an evaluation of an older answer for a new one', () => {
    const risk = judge(
      [answer({ measureId: 'm-new' })],
      [{ measureId: 'm-old', by: 'dr-lee', at: new Date('2026-12-05T16:00:00Z'), decision: 'may-proceed', note: 'x' }],
    );
    expect(risk.blocksDosing).toBe(true);
  });

  it('keeps dosing stopped when the prescriber decides not to dose', () => {
    const risk = judge(
      [answer({})],
      [
        {
          measureId: 'm-1',
          by: 'dr-lee',
          at: new Date('2026-12-06T02:20:00Z'),
          decision: 'do-not-dose',
          note: 'Active plan',
        },
      ],
    );
    expect(risk).toMatchObject({ blocksDosing: true, awaitingPrescriber: [] });
    expect(risk.message).toMatch(/decided not to dose/);
  });

  it("counts answers by the clinic's calendar day, not UTC", () => {
    // 04:30Z on the 5th is 23:30 on the 4th in New York: the day before the treatment day.
    expect(judge([answer({ observedAt: new Date('2026-12-05T04:30:00Z') })]).blocksDosing).toBe(false);
    // 01:00Z on the 6th is 20:00 on the 5th in New York: the treatment day, though UTC says the 6th.
    expect(judge([answer({ observedAt: new Date('2026-12-06T01:00:00Z') })]).blocksDosing).toBe(true);
  });
});
