import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import type { ClinicHours } from '../scheduling/clinic-hours.js';
import { weekdayHours } from '../scheduling/clinic-hours.testing.js';
import { getProtocol } from './definitions.js';
import { previewPlan } from './preview.js';
import {
  missedSessionAdvice,
  missedSessionRule,
  reviewDueFrom,
  reviewGates,
  sessionHeldBy,
  validateReview,
} from './reviews.js';

const weekdays: ClinicHours = weekdayHours('08:00', '18:00');
const trd = getProtocol('esketamine-trd');

describe('end-of-induction review (esketamine TRD)', () => {
  // Source: SPRAVATO US PI section 2, Dosage and Administration (TRD): evaluate evidence of therapeutic benefit at
  // the end of the induction phase to determine the need for continued treatment. Before protocol 1.1.0 the plan
  // ran from week 1 to week 8 with nothing in between, and every session could be booked at once.
  const plan = previewPlan({ protocol: 'esketamine-trd', startDate: '2026-11-02', clinicHours: weekdays });

  it('stops the plan after the 8 induction sessions at a review that holds weeks 5-8', () => {
    expect(plan.reviews).toEqual([
      expect.objectContaining({
        code: 'end-of-induction',
        afterSessionNumber: 8,
        dueFrom: '2026-11-26',
        holdsSessions: [9, 10, 11, 12],
        status: 'pending',
      }),
    ]);
    expect(plan.reviews[0]?.source.detail).toContain('end of the induction phase');
    expect(sessionHeldBy(plan.reviews, 8)).toBeUndefined();
    expect(sessionHeldBy(plan.reviews, 9)?.code).toBe('end-of-induction');
  });

  it('opens weeks 5-8 only when the latest review says continue', () => {
    const at = (iso: string) => new Date(iso);
    const open = reviewGates(trd, plan.sessions, [
      { code: 'end-of-induction', decision: 'continue', recordedAt: at('2026-11-27T10:00:00Z') },
    ]);
    expect(open[0]?.status).toBe('open');
    expect(sessionHeldBy(open, 9)).toBeUndefined();
    const stoppedLater = reviewGates(trd, plan.sessions, [
      { code: 'end-of-induction', decision: 'continue', recordedAt: at('2026-11-27T10:00:00Z') },
      { code: 'end-of-induction', decision: 'stop', recordedAt: at('2026-11-28T10:00:00Z') },
    ]);
    expect(stoppedLater[0]?.status).toBe('stopped');
    expect(sessionHeldBy(stoppedLater, 10)?.code).toBe('end-of-induction');
  });

  it('has no review in a plan without sessions after induction, nor in the MDSI course', () => {
    const mdsi = previewPlan({ protocol: 'esketamine-mdsi', startDate: '2026-11-02', clinicHours: weekdays });
    expect(mdsi.reviews).toEqual([]);
  });

  it('needs a note to continue although no benefit was seen, and names each bad field', () => {
    expect(() =>
      validateReview(trd, { code: 'end-of-induction', benefit: 'no-benefit', decision: 'continue' }),
    ).toThrow(DomainValidationError);
    expect(
      validateReview(trd, {
        code: 'end-of-induction',
        benefit: 'response',
        decision: 'continue',
        note: '  MADRS 34 -> 14  ',
      }),
    ).toMatchObject({ note: 'MADRS 34 -> 14' });
    try {
      validateReview(getProtocol('iv-ketamine-induction'), {
        code: 'end-of-induction',
        benefit: 'response',
        decision: 'continue',
      });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual(['code']);
    }
  });
});

describe('missed sessions (esketamine TRD)', () => {
  // Source: SPRAVATO US PI section 2, Missed Treatment Session(s): missed maintenance sessions with worsening
  // depression -> consider returning to the previous schedule (every 2 weeks -> weekly; weekly -> twice weekly).
  it("carries the label's maintenance rule and the induction rule with their sources", () => {
    expect(missedSessionRule(trd, 'maintenance')?.rule).toContain('previous dosing schedule');
    expect(missedSessionRule(trd, 'maintenance')?.source.status).toBe('label');
    // Source: Janssen Medical Information (2025): a session missed in weeks 1-4 -> continue the current schedule.
    expect(missedSessionRule(trd, 'induction')?.rule).toContain('continue the current dosing schedule');
    expect(
      previewPlan({ protocol: 'esketamine-trd', startDate: '2026-11-02', clinicHours: weekdays }).missedSessions,
    ).toHaveLength(2);
  });
});

describe('when the end-of-induction review may be recorded', () => {
  // Source: SPRAVATO US PI section 2 (TRD): evaluate therapeutic benefit at the end of the induction phase, so not
  // before the last induction session has taken place.
  const gate = { dueFrom: '2026-11-26' };

  it('is the planned date of the last induction session while it is booked on time (or not yet booked)', () => {
    expect(reviewDueFrom(gate, undefined)).toBe('2026-11-26');
    expect(reviewDueFrom(gate, '2026-11-26')).toBe('2026-11-26');
    expect(reviewDueFrom(gate, '2026-11-24')).toBe('2026-11-26');
  });

  it('moves with that session when it is booked later than planned', () => {
    expect(reviewDueFrom(gate, '2026-12-01')).toBe('2026-12-01');
  });
});

describe('missed-session advice', () => {
  // Source: SPRAVATO US PI section 2, Missed Treatment Session(s) (maintenance), and Janssen Medical Information on
  // a session missed in weeks 1-4 (induction): the protocol's rule for each phase in which a session was missed.
  const booked = { sessionId: 's' };

  it("gives each phase's rule with the sessions missed in it and not booked again", () => {
    const advice = missedSessionAdvice(trd, [
      { number: 2, phase: 'induction', cancelledOrMissed: 1, booking: null },
      { number: 3, phase: 'induction', cancelledOrMissed: 1, booking: booked },
      { number: 4, phase: 'induction', cancelledOrMissed: 2, booking: null },
      { number: 9, phase: 'maintenance', cancelledOrMissed: 0, booking: null },
    ]);
    expect(advice).toEqual([{ ...missedSessionRule(trd, 'induction'), sessions: [2, 4] }]);
  });

  it('says nothing when every missed session was booked again', () => {
    expect(
      missedSessionAdvice(trd, [{ number: 2, phase: 'induction', cancelledOrMissed: 1, booking: booked }]),
    ).toEqual([]);
  });

  it('lists the phases in plan order', () => {
    const advice = missedSessionAdvice(trd, [
      { number: 2, phase: 'induction', cancelledOrMissed: 1, booking: null },
      { number: 10, phase: 'maintenance', cancelledOrMissed: 1, booking: null },
    ]);
    expect(advice.map((a) => [a.phase, a.sessions])).toEqual([
      ['induction', [2]],
      ['maintenance', [10]],
    ]);
  });
});
