import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../shared/validation.js';
import type { ChecklistResult } from './checklist.js';
import {
  applySessionEvent,
  sessionNotActive,
  startsDosing,
  type AppliedSessionState,
  type SessionCommand,
  type SessionState,
} from './state-machine.js';

const t0 = new Date('2026-11-02T15:00:00Z');
const at = (min: number) => new Date(t0.getTime() + min * 60_000);

const iv = (over: Partial<SessionState> = {}): SessionState => ({
  modality: 'iv-ketamine',
  bookingStatus: 'scheduled',
  isDischarged: false,
  dose: { isVerified: true },
  verificationRequired: true,
  events: [{ type: 'dose-prepared', at: at(-10), doseMg: 35, plannedDurationMin: 40 }],
  ...over,
});
const esketamine = (over: Partial<SessionState> = {}): SessionState => ({
  modality: 'esketamine-nasal',
  bookingStatus: 'scheduled',
  isDischarged: false,
  dose: { devices: 3, isVerified: true },
  verificationRequired: false,
  events: [{ type: 'dose-prepared', at: at(-10), doseMg: 84, devices: 3 }],
  ...over,
});

function applied(result: AppliedSessionState | RuleViolationError): AppliedSessionState {
  if (result instanceof RuleViolationError) throw new Error(`refused: ${result.code}`);
  return result;
}
function refusal(result: AppliedSessionState | RuleViolationError): RuleViolationError {
  if (!(result instanceof RuleViolationError)) throw new Error(`applied ${result.applied.type}`);
  return result;
}
function run(state: SessionState, ...commands: SessionCommand[]): SessionState {
  return commands.reduce<SessionState>((s, c) => applied(applySessionEvent(s, c, c.at)), state);
}

const started = (s = iv()) => run(s, { type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 });

describe('applySessionEvent: the IV infusion', () => {
  it('starts, changes rate, pauses, resumes and stops, each event appended to a new state (the old one unchanged)', () => {
    const before = iv();
    const s1 = applied(applySessionEvent(before, { type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 }, at(0)));
    expect(before.events).toHaveLength(1);
    expect(s1.events).toHaveLength(2);
    expect(s1.applied).toEqual({ type: 'infusion-started', at: at(0), rateMgPerMin: 0.875 });
    const end = run(
      s1,
      { type: 'infusion-rate-changed', at: at(5), rateMgPerMin: 0.5 },
      { type: 'infusion-paused', at: at(10), reason: '  nausea  ' },
      { type: 'infusion-resumed', at: at(15) },
      { type: 'infusion-stopped', at: at(45) },
    );
    expect(end.events.map((e) => e.type)).toEqual([
      'dose-prepared',
      'infusion-started',
      'infusion-rate-changed',
      'infusion-paused',
      'infusion-resumed',
      'infusion-stopped',
    ]);
    expect(end.events[3]).toEqual({ type: 'infusion-paused', at: at(10), reason: 'nausea' });
  });

  it('starts an infusion once', () => {
    expect(
      refusal(applySessionEvent(started(), { type: 'infusion-started', at: at(1), rateMgPerMin: 1 }, at(1))).code,
    ).toBe('already-started');
  });

  it('changes the rate, pauses and stops only a running infusion, and resumes only a paused one', () => {
    expect(
      refusal(applySessionEvent(iv(), { type: 'infusion-rate-changed', at: at(1), rateMgPerMin: 1 }, at(1))).code,
    ).toBe('not-running');
    expect(refusal(applySessionEvent(iv(), { type: 'infusion-paused', at: at(1), reason: 'nausea' }, at(1))).code).toBe(
      'not-running',
    );
    expect(refusal(applySessionEvent(iv(), { type: 'infusion-stopped', at: at(1) }, at(1))).code).toBe('not-running');
    expect(refusal(applySessionEvent(started(), { type: 'infusion-resumed', at: at(1) }, at(1))).code).toBe(
      'not-paused',
    );
    const paused = run(started(), { type: 'infusion-paused', at: at(2), reason: 'hypertension' });
    expect(
      refusal(applySessionEvent(paused, { type: 'infusion-rate-changed', at: at(3), rateMgPerMin: 1 }, at(3))).code,
    ).toBe('not-running');
    const stopped = run(started(), { type: 'infusion-stopped', at: at(40) });
    expect(refusal(applySessionEvent(stopped, { type: 'infusion-stopped', at: at(41) }, at(41))).code).toBe(
      'not-running',
    );
  });

  it('needs the new rate for a rate change, naming the field', () => {
    const e = refusal(applySessionEvent(started(), { type: 'infusion-rate-changed', at: at(1) }, at(1)));
    expect(e.code).toBe('rate-required');
    expect(e.issues).toEqual([{ field: 'rateMgPerMin', message: 'is required' }]);
  });

  // Source: 21 CFR 1304.22(c): the record states the quantity of a controlled substance given; a pause explains a total
  // below the prepared dose, so its reason is recorded (PAUSE_REASON_CITATION; requiring it is a platform rule).
  it('refuses a pause without a reason (blank counts as none), naming the reason field', () => {
    for (const reason of [undefined, '', '   ']) {
      const e = refusal(applySessionEvent(started(), { type: 'infusion-paused', at: at(1), reason }, at(1)));
      expect(e.code).toBe('pause-reason-required');
      expect(e.issues).toEqual([{ field: 'reason', message: 'is required for a pause' }]);
    }
  });

  it('refuses an event dated before the last one recorded', () => {
    const e = refusal(applySessionEvent(started(), { type: 'infusion-stopped', at: at(-1) }, at(1)));
    expect(e.code).toBe('event-before-last');
    expect(e.issues?.[0]?.field).toBe('at');
  });
});

describe('applySessionEvent: before dosing', () => {
  // Source: 21 CFR 1304.22(c): a controlled substance is recorded as given to the patient it was given to; a cancelled
  // or no-show booking has no patient in the chair (ACTIVE_SESSION_CITATION).
  it('refuses every event on a cancelled or no-show session with session-not-active, before any other rule', () => {
    for (const status of ['cancelled', 'no-show']) {
      const e = refusal(
        applySessionEvent(
          iv({ bookingStatus: status, isDischarged: true, dose: undefined }),
          { type: 'infusion-started', at: at(0), rateMgPerMin: 1 },
          at(0),
        ),
      );
      expect(e.code).toBe('session-not-active');
    }
    expect(sessionNotActive('scheduled')).toBeUndefined();
    expect(sessionNotActive('completed')).toBeUndefined();
    expect(sessionNotActive('no-show')?.code).toBe('session-not-active');
  });

  it('gives nothing after discharge, and nothing before a dose is prepared', () => {
    expect(
      refusal(
        applySessionEvent(iv({ isDischarged: true }), { type: 'infusion-started', at: at(0), rateMgPerMin: 1 }, at(0)),
      ).code,
    ).toBe('session-discharged');
    expect(
      refusal(
        applySessionEvent(iv({ dose: undefined }), { type: 'infusion-started', at: at(0), rateMgPerMin: 1 }, at(0)),
      ).code,
    ).toBe('no-dose');
  });

  it('takes infusion events for IV ketamine and device events for esketamine only', () => {
    expect(refusal(applySessionEvent(iv(), { type: 'device-administered', at: at(0) }, at(0))).code).toBe(
      'wrong-modality',
    );
    expect(
      refusal(applySessionEvent(esketamine(), { type: 'infusion-started', at: at(0), rateMgPerMin: 1 }, at(0))).code,
    ).toBe('wrong-modality');
  });

  // Source: ISMP, high-alert medications (independent double check); the clinic's second-person verification setting.
  it('does not start dosing before a required second-person verification, and does not ask for it when not required', () => {
    expect(
      refusal(
        applySessionEvent(
          iv({ dose: { isVerified: false } }),
          { type: 'infusion-started', at: at(0), rateMgPerMin: 1 },
          at(0),
        ),
      ).code,
    ).toBe('dose-not-verified');
    expect(
      applied(
        applySessionEvent(
          iv({ dose: { isVerified: false }, verificationRequired: false }),
          { type: 'infusion-started', at: at(0), rateMgPerMin: 1 },
          at(0),
        ),
      ).applied.type,
    ).toBe('infusion-started');
  });

  it('judges the checklist when dosing starts: a block, then an unacknowledged warning, each item named', () => {
    const item = (code: string, status: 'block' | 'warn') => ({
      code,
      status,
      message: `${code} ${status}`,
      evidence: '',
      citation: { source: 's', status: 'clinic-default' as const },
    });
    const blocked = { items: [item('ride', 'block')], isBlocked: true, canStart: false } as unknown as ChecklistResult;
    const warned = {
      items: [item('bloodPressure', 'warn')],
      isBlocked: false,
      canStart: false,
    } as unknown as ChecklistResult;
    const start: SessionCommand = { type: 'infusion-started', at: at(0), rateMgPerMin: 1 };
    const b = refusal(applySessionEvent(iv(), start, at(0), { checklist: blocked }));
    expect(b.code).toBe('checklist-blocked');
    expect(b.issues).toEqual([{ field: 'checklist.ride', message: 'ride block' }]);
    expect(refusal(applySessionEvent(iv(), start, at(0), { checklist: warned })).code).toBe(
      'checklist-warning-unacknowledged',
    );
    // A rate change does not start dosing: the checklist is not its gate.
    expect(startsDosing(started(), { type: 'infusion-rate-changed' })).toBe(false);
    expect(
      applied(
        applySessionEvent(started(), { type: 'infusion-rate-changed', at: at(1), rateMgPerMin: 1 }, at(1), {
          checklist: blocked,
        }),
      ).applied.type,
    ).toBe('infusion-rate-changed');
  });
});

describe('applySessionEvent: esketamine devices', () => {
  // Source: SPRAVATO prescribing information, section 2.1: 28 mg per device, 5 minutes between devices.
  it('gives the planned devices 5 minutes apart, numbering them; an early device needs a documented reason', () => {
    const one = applied(applySessionEvent(esketamine(), { type: 'device-administered', at: at(0) }, at(0)));
    expect(one.deviceNumber).toBe(1);
    expect(startsDosing(one, { type: 'device-administered' })).toBe(false);
    expect(refusal(applySessionEvent(one, { type: 'device-administered', at: at(3) }, at(3))).code).toBe(
      'device-too-soon',
    );
    const early = applied(
      applySessionEvent(one, { type: 'device-administered', at: at(3), overrideReason: ' patient must leave ' }, at(3)),
    );
    expect(early.deviceNumber).toBe(2);
    expect(early.deviceOverrideReason).toBe('patient must leave');
    const three = applied(applySessionEvent(early, { type: 'device-administered', at: at(8) }, at(8)));
    expect(three.deviceNumber).toBe(3);
    expect(
      refusal(applySessionEvent(three, { type: 'device-administered', at: at(20), overrideReason: 'again' }, at(20)))
        .code,
    ).toBe('all-devices-given');
  });
});
