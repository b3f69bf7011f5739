import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import type { ClinicHours } from '../scheduling/clinic-hours.js';
import { getProtocol } from './definitions.js';
import { previewPlan } from './preview.js';
import { missedSessionRule, reviewGates, sessionHeldBy, validateReview } from './reviews.js';

const weekdays: ClinicHours = {
  1: { open: '08:00', close: '18:00' },
  2: { open: '08:00', close: '18:00' },
  3: { open: '08:00', close: '18:00' },
  4: { open: '08:00', close: '18:00' },
  5: { open: '08:00', close: '18:00' },
};
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
