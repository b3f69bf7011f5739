import { describe, expect, it } from 'vitest';
import type { SessionEvent } from '../session/events.js';
import { chairStatus } from './board.js';
import { deriveSessionPhase } from './phase.js';
import { dueChecks, monitoringSchedule } from './schedule.js';
import { DEFAULT_MONITORING_SETTINGS, validateMonitoringSettings } from './settings.js';

const T0 = Date.parse('2025-03-04T14:00:00Z');
const at = (min: number): Date => new Date(T0 + min * 60_000);
const offsets = (checks: ReadonlyArray<{ dueAt: Date }>): number[] =>
  checks.map((c) => (c.dueAt.getTime() - T0) / 60_000);

/** IV: checked in at -20, infusion 0-40 min. */
const ivEvents = (extra: SessionEvent[] = []): SessionEvent[] => [
  { type: 'checked-in', at: at(-20) },
  { type: 'dose-prepared', at: at(-10), doseMg: 35, plannedDurationMin: 40 },
  { type: 'infusion-started', at: at(0), rateMgPerMin: 35 / 40 },
  { type: 'infusion-stopped', at: at(40) },
  ...extra,
];

/** Esketamine 84 mg: devices at 0, 5 and 10 min; the monitoring clock starts at 10. */
const eskEvents = (extra: SessionEvent[] = []): SessionEvent[] => [
  { type: 'checked-in', at: at(-30) },
  { type: 'dose-prepared', at: at(-5), doseMg: 84, devices: 3 },
  { type: 'device-administered', at: at(0) },
  { type: 'device-administered', at: at(5) },
  { type: 'device-administered', at: at(10) },
  ...extra,
];

describe('monitoringSchedule', () => {
  // Source: clinic defaults (every 15 min during and after IV infusion; 30 min minimum after it ends).
  it('plans IV checks every 15 min during the infusion, at the stop, and after it until the pre-discharge check', () => {
    const checks = monitoringSchedule('iv-ketamine', ivEvents());
    expect(offsets(checks)).toEqual([15, 30, 40, 55, 70]);
    expect(checks.map((c) => c.kind)).toEqual([
      'during-infusion',
      'during-infusion',
      'infusion-end',
      'post-infusion',
      'pre-discharge',
    ]);
    expect(checks[0]?.citation.status).toBe('clinic-default');
  });

  // Source: Spravato PI (reassess BP at about 40 min after dosing); REMS form (BP before session completion);
  // every 30 min in between is a clinic default.
  it('plans esketamine checks at 40 min after the last device, every 30 min, and before discharge at 120 min', () => {
    const checks = monitoringSchedule('esketamine-nasal', eskEvents());
    expect(offsets(checks)).toEqual([50, 80, 110, 130]);
    expect(checks[0]).toMatchObject({ id: 'post-dose@40', anchor: 'last-device', citation: { status: 'label' } });
    expect(checks[3]).toMatchObject({ id: 'pre-discharge@120', kind: 'pre-discharge' });
  });

  it('plans nothing for esketamine before the first device (the pre-dose BP belongs to the checklist)', () => {
    expect(monitoringSchedule('esketamine-nasal', eskEvents().slice(0, 2))).toEqual([]);
  });

  // Source: Spravato PI (BP about 40 min after dosing; wait 5 min after each device); the monitoring clock starts at
  // the last device (issue 5). While devices are still being given, the checks are planned from the expected last device.
  it('while devices are still being given, plans the checks from the expected last device, marked as expected', () => {
    const checks = monitoringSchedule('esketamine-nasal', eskEvents().slice(0, 3)); // device 1 at 0, 2 more to give
    expect(offsets(checks)).toEqual([50, 80, 110, 130]);
    expect(checks[0]).toMatchObject({
      id: 'post-dose@40',
      anchor: 'last-device',
      projected: true,
      citation: { status: 'label' },
    });
    expect(checks[0]?.label).toBe('Blood pressure 40 min after dosing (expected: 2 devices still to give)');
    expect(checks.every((c) => c.projected === true)).toBe(true);
  });

  it('moves the expected checks later when the next device is given late', () => {
    // device 2 was allowed at 5 but is still not given at 8: expected at 8, device 3 at 13, the 40-min check at 53
    const checks = monitoringSchedule('esketamine-nasal', eskEvents().slice(0, 3), DEFAULT_MONITORING_SETTINGS, at(8));
    expect(offsets(checks)).toEqual([53, 83, 113, 133]);
  });

  it('anchors the checks on the real last device once it is given, no longer expected', () => {
    const checks = monitoringSchedule('esketamine-nasal', eskEvents());
    expect(checks.some((c) => c.projected)).toBe(false);
    expect(checks[0]?.label).toBe('Blood pressure 40 min after dosing');
  });

  it('keeps planning checks for a patient still here after the minimum time', () => {
    const checks = monitoringSchedule('esketamine-nasal', eskEvents(), DEFAULT_MONITORING_SETTINGS, at(175));
    expect(offsets(checks)).toEqual([50, 80, 110, 130, 160, 190]);
    expect(checks.at(-1)?.kind).toBe('extended-monitoring');
  });

  it('follows a running infusion with no recorded end up to one interval past now', () => {
    const running = ivEvents().filter((e) => e.type !== 'infusion-stopped');
    expect(offsets(monitoringSchedule('iv-ketamine', running, DEFAULT_MONITORING_SETTINGS, at(50)))).toEqual([
      15, 30, 45, 60,
    ]);
  });

  it('drops checks after discharge', () => {
    const checks = monitoringSchedule(
      'iv-ketamine',
      ivEvents([{ type: 'discharged', at: at(72) }]),
      DEFAULT_MONITORING_SETTINGS,
      at(200),
    );
    expect(offsets(checks)).toEqual([15, 30, 40, 55, 70]);
  });
});

describe('dueChecks', () => {
  it('shows the first IV check as upcoming, with a countdown, before its window opens', () => {
    const result = dueChecks({ modality: 'iv-ketamine', events: ivEvents().slice(0, 3), now: at(5) });
    expect(result.next).toMatchObject({ id: 'during-infusion@15', status: 'upcoming' });
    expect(result.minutesUntilNext).toBe(10);
    expect(result.overdue).toEqual([]);
  });

  it('counts a reading taken up to 5 min early and moves on to the next check', () => {
    const events = ivEvents([{ type: 'vitals-recorded', at: at(11) }])
      .slice(0, 3)
      .concat({ type: 'vitals-recorded', at: at(11) });
    const result = dueChecks({ modality: 'iv-ketamine', events, now: at(12) });
    expect(result.checks[0]).toMatchObject({ status: 'done', doneAt: at(11) });
    expect(result.next?.id).toBe('during-infusion@30');
  });

  it('is due at the due time, overdue 5 min later, and missed once the next window opens', () => {
    const events = ivEvents().slice(0, 3);
    expect(dueChecks({ modality: 'iv-ketamine', events, now: at(15) }).next?.status).toBe('due');
    expect(dueChecks({ modality: 'iv-ketamine', events, now: at(20) }).next?.status).toBe('due');
    const late = dueChecks({ modality: 'iv-ketamine', events, now: at(21) });
    expect(late.next).toMatchObject({ id: 'during-infusion@15', status: 'overdue' });
    expect(late.minutesUntilNext).toBe(-6);
    expect(late.overdue.map((c) => c.id)).toEqual(['during-infusion@15']);
    const later = dueChecks({ modality: 'iv-ketamine', events, now: at(26) });
    expect(later.missed.map((c) => c.id)).toEqual(['during-infusion@15']);
    expect(later.next).toMatchObject({ id: 'during-infusion@30', status: 'due' });
  });

  it('a late reading still satisfies an overdue check', () => {
    const events: SessionEvent[] = [...ivEvents().slice(0, 3), { type: 'vitals-recorded', at: at(23) }];
    const result = dueChecks({ modality: 'iv-ketamine', events, now: at(24) });
    expect(result.checks[0]).toMatchObject({ status: 'done', doneAt: at(23) });
    expect(result.overdue).toEqual([]);
  });

  it('ignores events recorded after now', () => {
    const events: SessionEvent[] = [...ivEvents().slice(0, 3), { type: 'vitals-recorded', at: at(16) }];
    expect(dueChecks({ modality: 'iv-ketamine', events, now: at(15) }).next?.status).toBe('due');
  });

  // Source: Spravato PI (BP before dosing, in the checklist, then about 40 min after dosing; 5 min between devices).
  it('between esketamine devices, names the next check (the expected 40-minute BP) and when it falls, rather than nothing', () => {
    const result = dueChecks({ modality: 'esketamine-nasal', events: eskEvents().slice(0, 4), now: at(6) }); // devices at 0 and 5 of 3
    expect(result.next).toMatchObject({ id: 'post-dose@40', status: 'upcoming', dueAt: at(50), projected: true });
    expect(result.minutesUntilNext).toBe(44);
    expect(result.overdue).toEqual([]);
  });

  // Source: clinic default (a check when the infusion stops; a reading within ivInfusionEndWindowMin = 15 min after
  // the stop counts for it).
  it('counts vital signs taken 11 min after an early stop for the end-of-infusion check, and still asks for the 15-min one', () => {
    const early: SessionEvent[] = [
      ...ivEvents().slice(0, 3),
      { type: 'infusion-stopped', at: at(22), reason: 'nausea' },
      { type: 'vitals-recorded', at: at(33) },
    ];
    const result = dueChecks({ modality: 'iv-ketamine', events: early, now: at(34) });
    expect(result.checks.find((c) => c.id === 'infusion-end@0')).toMatchObject({
      status: 'done',
      doneAt: at(33),
      dueAt: at(22),
    });
    expect(result.overdue).toEqual([]);
    expect(result.next).toMatchObject({ id: 'post-infusion@15', status: 'due' });
    const later = dueChecks({ modality: 'iv-ketamine', events: early, now: at(60) });
    expect(later.checks.find((c) => c.id === 'infusion-end@0')?.status).toBe('done');
  });

  it('counts a reading at the very moment of the stop for the end-of-infusion check', () => {
    const early: SessionEvent[] = [
      ...ivEvents().slice(0, 3),
      { type: 'infusion-stopped', at: at(22) },
      { type: 'vitals-recorded', at: at(22) },
    ];
    expect(
      dueChecks({ modality: 'iv-ketamine', events: early, now: at(30) }).checks.find((c) => c.id === 'infusion-end@0'),
    ).toMatchObject({ status: 'done', doneAt: at(22) });
  });

  it('does not count a reading taken more than 15 min after the stop for the end-of-infusion check', () => {
    const early: SessionEvent[] = [
      ...ivEvents().slice(0, 3),
      { type: 'infusion-stopped', at: at(22) },
      { type: 'vitals-recorded', at: at(38) },
    ];
    const result = dueChecks({ modality: 'iv-ketamine', events: early, now: at(39) });
    expect(result.checks.find((c) => c.id === 'infusion-end@0')).toMatchObject({
      status: 'missed',
      windowClosesAt: at(37),
    });
    expect(result.checks.find((c) => c.id === 'post-infusion@15')).toMatchObject({ status: 'done', doneAt: at(38) });
  });

  // Source: Spravato PI, BP reassessed at about 40 min after dosing.
  it('brings up the 40-minute esketamine BP check', () => {
    const result = dueChecks({ modality: 'esketamine-nasal', events: eskEvents(), now: at(48) });
    expect(result.next).toMatchObject({
      id: 'post-dose@40',
      status: 'due',
      label: 'Blood pressure 40 min after dosing',
    });
  });
});

describe('deriveSessionPhase', () => {
  it('walks an IV session through every phase', () => {
    const events = ivEvents([{ type: 'discharged', at: at(80) }]);
    expect(deriveSessionPhase('iv-ketamine', events, at(-15))).toMatchObject({
      phase: 'pre-dose',
      since: at(-20),
      minutesInPhase: 5,
    });
    expect(deriveSessionPhase('iv-ketamine', events, at(20))).toMatchObject({ phase: 'dosing', since: at(0) });
    expect(deriveSessionPhase('iv-ketamine', events, at(50))).toMatchObject({
      phase: 'monitoring',
      since: at(40),
      minimumMonitoringEndsAt: at(70),
    });
    expect(deriveSessionPhase('iv-ketamine', events, at(70))).toMatchObject({
      phase: 'ready-for-discharge',
      since: at(70),
    });
    expect(deriveSessionPhase('iv-ketamine', events, at(81))).toMatchObject({ phase: 'discharged', since: at(80) });
  });

  it('counts a paused infusion as dosing', () => {
    const events: SessionEvent[] = [
      ...ivEvents().slice(0, 3),
      { type: 'infusion-paused', at: at(10), reason: 'nausea' },
    ];
    expect(deriveSessionPhase('iv-ketamine', events, at(12)).phase).toBe('dosing');
  });

  // Source: Spravato PI and REMS, at least 2 hours of monitoring; the clock starts at the last device (issue 5).
  it('keeps esketamine in dosing until the last planned device, then monitors for 120 min', () => {
    const events = eskEvents();
    expect(deriveSessionPhase('esketamine-nasal', events, at(6)).phase).toBe('dosing');
    expect(deriveSessionPhase('esketamine-nasal', events, at(11))).toMatchObject({
      phase: 'monitoring',
      monitoringStartedAt: at(10),
    });
    expect(deriveSessionPhase('esketamine-nasal', events, at(129)).phase).toBe('monitoring');
    expect(deriveSessionPhase('esketamine-nasal', events, at(130)).phase).toBe('ready-for-discharge');
  });
});

describe('chairStatus (clinic board)', () => {
  it('shows an esketamine chair between devices with its countdown', () => {
    const events = eskEvents().slice(0, 4); // plan of 3 devices, one given at 0
    const status = chairStatus({ modality: 'esketamine-nasal', events, now: at(2) });
    expect(status).toMatchObject({
      phase: 'dosing',
      overdueChecks: 0,
      devices: { givenCount: 1, nextDeviceNumber: 2, msUntilNextDevice: 3 * 60_000 },
    });
  });

  it('shows an IV chair in monitoring with its next check and overdue count', () => {
    const status = chairStatus({ modality: 'iv-ketamine', events: ivEvents(), now: at(47) });
    expect(status).toMatchObject({
      phase: 'monitoring',
      nextCheck: { id: 'infusion-end@0', status: 'overdue' },
      minutesUntilNextCheck: -7,
      overdueChecks: 1,
    });
    expect(status.devices).toBeUndefined();
  });

  it('treats an IV pain infusion like any IV infusion', () => {
    expect(chairStatus({ modality: 'iv-ketamine-pain', events: ivEvents(), now: at(20) }).phase).toBe('dosing');
  });
});

describe('blood-pressure checks need a blood pressure (issue 10 item 5)', () => {
  // Source: SPRAVATO US Prescribing Information, Dosage and Administration: "reassess blood pressure at approximately
  // 40 minutes (corresponding to Cmax) and subsequently as clinically warranted"; SPRAVATO REMS Patient Monitoring
  // Form: BP before administration, at ~40 minutes and before completion. A heart rate alone is not a blood pressure.
  it('leaves the esketamine 40-minute check open after a heart-rate-only entry, and closes it with a BP', () => {
    // Devices end at 10 min: the 40-minute check is due at 50.
    const hrOnly = dueChecks({
      modality: 'esketamine-nasal',
      events: eskEvents([{ type: 'vitals-recorded', at: at(50), hasBloodPressure: false }]),
      now: at(52),
    });
    const forty = hrOnly.checks.find((c) => c.id === 'post-dose@40');
    expect(forty?.requiresBloodPressure).toBe(true);
    expect(forty?.status).toBe('due');
    const withBp = dueChecks({
      modality: 'esketamine-nasal',
      events: eskEvents([{ type: 'vitals-recorded', at: at(50), hasBloodPressure: true }]),
      now: at(52),
    });
    expect(withBp.checks.find((c) => c.id === 'post-dose@40')).toMatchObject({ status: 'done', doneAt: at(50) });
  });

  it('an entry that does not say it holds a BP (older records) does not satisfy the 40-minute check', () => {
    const unknown = dueChecks({
      modality: 'esketamine-nasal',
      events: eskEvents([{ type: 'vitals-recorded', at: at(50) }]),
      now: at(52),
    });
    expect(unknown.checks.find((c) => c.id === 'post-dose@40')?.status).toBe('due');
  });

  it('refuses a clinic setting that switches the pre-discharge check off or moves the first esketamine check away from ~40 min', () => {
    expect(() =>
      validateMonitoringSettings({ ...DEFAULT_MONITORING_SETTINGS, checkBeforeDischarge: false }, 'monitoring'),
    ).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: 'monitoring.checkBeforeDischarge' })] }),
    );
    expect(() =>
      validateMonitoringSettings({ ...DEFAULT_MONITORING_SETTINGS, esketamineFirstCheckMin: 110 }, 'monitoring'),
    ).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: 'monitoring.esketamineFirstCheckMin' })] }),
    );
    expect(validateMonitoringSettings({ ...DEFAULT_MONITORING_SETTINGS, esketamineFirstCheckMin: 45 })).toEqual({
      ...DEFAULT_MONITORING_SETTINGS,
      esketamineFirstCheckMin: 45,
    });
  });
});
