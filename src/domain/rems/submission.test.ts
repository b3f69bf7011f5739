import { describe, expect, it } from 'vitest';
import { formStatus } from './form-status.js';
import { submissionDateProblem, submittedAtFor } from './submission.js';

// Source: SPRAVATO REMS Patient Monitoring Form (rules.ts: SPRAVATO_REMS_FORM_2024, SPRAVATO_REMS_OUTPATIENT): a form
// for each treatment session, submitted within 7 days after it.
describe('submissionDateProblem', () => {
  const facts = { today: '2026-11-05', treatmentDate: '2026-11-02' };

  it('accepts any day from the treatment date to today', () => {
    expect(submissionDateProblem('2026-11-02', facts)).toBeUndefined();
    expect(submissionDateProblem('2026-11-05', facts)).toBeUndefined();
  });

  it('refuses a day still to come and a day before the session', () => {
    expect(submissionDateProblem('2026-11-06', facts)).toBe('is in the future');
    expect(submissionDateProblem('2026-11-01', facts)).toBe('is before the treatment date');
  });
});

describe('submittedAtFor', () => {
  const sessionEndedAt = new Date('2026-11-02T17:30:00Z');

  it("counts a later day as submitted at that day's last moment", () => {
    const endOfDay = new Date('2026-11-09T22:59:59.999Z');
    expect(submittedAtFor(endOfDay, sessionEndedAt)).toEqual(endOfDay);
  });

  it('never counts a form as submitted before its session ended', () => {
    expect(submittedAtFor(new Date('2026-11-02T04:59:59.999Z'), sessionEndedAt)).toEqual(sessionEndedAt);
  });

  // A day counts whole and at its end: the 7 x 24 h deadline (formStatus) is judged on the least favourable moment.
  it('judges the deadline on the end of the submission day (clinic in UTC here)', () => {
    const endOf = (day: string) => new Date(`${day}T23:59:59.999Z`);
    const sixthDay = formStatus(sessionEndedAt, submittedAtFor(endOf('2026-11-08'), sessionEndedAt), sessionEndedAt);
    expect(sixthDay.submittedLate).toBe(false);
    const eighthDay = formStatus(sessionEndedAt, submittedAtFor(endOf('2026-11-10'), sessionEndedAt), sessionEndedAt);
    expect(eighthDay.submittedLate).toBe(true);
  });
});
