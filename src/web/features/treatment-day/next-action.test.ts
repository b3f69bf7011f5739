import { describe, expect, it } from 'vitest';
import { nextAction } from './next-action';
import type { TreatmentView } from './treatment-day.api';

const NOW = Date.parse('2026-11-03T15:00:00Z');
const clock = (iso: string) => iso.slice(11, 16);

type Devices = NonNullable<TreatmentView['administration']['devices']>;

/** The parts of a session view the next action reads; the rest of the view plays no part. */
function view(parts: {
  phase?: TreatmentView['phase']['phase'];
  checkedIn?: boolean;
  discharged?: boolean;
  running?: boolean;
  devices?: Partial<Devices>;
  next?: { label: string; dueAt: string } | null;
  minimumMonitoringEndsAt?: string | null;
}): TreatmentView {
  return {
    phase: { phase: parts.phase ?? 'pre-dose', minimumMonitoringEndsAt: parts.minimumMonitoringEndsAt ?? null },
    checkIn: parts.checkedIn === false ? null : { arrivedAt: '2026-11-03T14:30:00Z' },
    discharge: parts.discharged ? { at: '2026-11-03T16:00:00Z' } : null,
    administration: {
      isInfusionRunning: parts.running ?? false,
      devices: parts.devices
        ? {
            allGiven: false,
            nextDeviceNumber: 1,
            canGiveNextDeviceNow: false,
            nextDeviceAllowedAt: null,
            ...parts.devices,
          }
        : null,
    },
    checks: { next: parts.next ? { id: 'c1', status: 'due', ...parts.next } : null },
  } as unknown as TreatmentView;
}

describe('the next action on the session screen', () => {
  it('asks for check-in first, then the dose once the checklist allows it', () => {
    expect(nextAction(view({ checkedIn: false }), NOW, clock)).toEqual({
      text: 'check the patient in.',
      section: 'check-in',
      urgent: false,
    });
    expect(nextAction(view({}), NOW, clock).text).toBe('start the infusion when the checklist allows it.');
    expect(nextAction(view({ devices: {} }), NOW, clock).text).toBe('give device 1 when the checklist allows it.');
  });

  it('gives the next esketamine device when its spacing allows, and says from when otherwise', () => {
    const waiting = view({
      phase: 'dosing',
      devices: { nextDeviceNumber: 2, nextDeviceAllowedAt: '2026-11-03T15:05:00Z' },
    });
    expect(nextAction(waiting, NOW, clock)).toEqual({
      text: 'give device 2 from 15:05.',
      section: 'dose',
      urgent: false,
    });
    const ready = view({ phase: 'dosing', devices: { nextDeviceNumber: 2, canGiveNextDeviceNow: true } });
    expect(nextAction(ready, NOW, clock)).toEqual({ text: 'give device 2 now.', section: 'dose', urgent: true });
  });

  it('points to the next check while dosing or monitoring, urgent once it is overdue', () => {
    const due = view({ phase: 'monitoring', next: { label: 'Vital signs', dueAt: '2026-11-03T15:10:00Z' } });
    expect(nextAction(due, NOW, clock)).toEqual({
      text: 'record vital signs at 15:10 (due in 10 min).',
      section: 'monitoring',
      urgent: false,
    });
    const late = view({ phase: 'dosing', running: true, next: { label: 'MOAA/S', dueAt: '2026-11-03T14:55:00Z' } });
    expect(nextAction(late, NOW, clock)).toMatchObject({ section: 'monitoring', urgent: true });
    expect(nextAction(view({ phase: 'dosing', running: true }), NOW, clock).section).toBe('dose');
    expect(
      nextAction(view({ phase: 'monitoring', minimumMonitoringEndsAt: '2026-11-03T17:00:00Z' }), NOW, clock).text,
    ).toBe('keep monitoring until at least 17:00.');
  });

  it('asks for discharge when ready, and for the note once discharged', () => {
    expect(nextAction(view({ phase: 'ready-for-discharge' }), NOW, clock).section).toBe('discharge');
    expect(nextAction(view({ phase: 'discharged', discharged: true }), NOW, clock)).toEqual({
      text: 'sign the session note.',
      section: 'note',
      urgent: false,
    });
  });
});
