import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import {
  acknowledgeQuestionnaires,
  administer,
  checkInPatient,
  enrolInRems,
  FASTED,
  bookedOnFirstPlan,
  type FirstPlanModality,
  prepareIvDose,
  observe,
  prepareDose,
  verifyDose,
} from '../../testing/session-steps.js';
import { createTestApp, type Session, type TestApp } from '../../testing/test-app.js';
import { signInStaffAt, type Staff } from '../plans/plan-scenarios.testing.js';

// Checks due on the session screen, read through the API (issue 5, "Due-timers").
// The test clock starts on Monday 2026-11-02 15:00 UTC = 10:00 in the demo clinic (America/New_York).
const T0 = Date.parse('2026-11-02T15:00:00Z');
const atMin = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

const VITALS = { systolic: 132, diastolic: 84, heartRate: 76, spo2: 97, respiratoryRate: 14 };

describeEachDatabase('treatment day: checks due', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  let nurse: Session;
  let admin: Session;

  async function moveTo(minutes: number): Promise<void> {
    ({ staff, nurse, admin } = await signInStaffAt(t, T0 + minutes * 60_000));
  }

  /** A patient on FIRST_PLAN with session 1 booked today at `start` (local), in a chair of their own. */
  const bookedSession = (name: string, modality: FirstPlanModality, start: string) =>
    bookedOnFirstPlan(t.app, staff, admin, name, modality, start);

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await moveTo(0);
  });

  // Source: Spravato PI (BP before dosing, then about 40 min after dosing; 5 min between devices); the monitoring clock
  // starts at the last device (issue 5).
  it('between esketamine devices, names the expected 40-minute BP check and its time instead of no check', async () => {
    await moveTo(0);
    const { sessionId, patientId } = await bookedSession('Edda', 'esketamine-nasal', '2026-11-02T10:00');
    const url = `/api/sessions/${sessionId}`;
    await checkInPatient(t.app, nurse, url, FASTED);
    await enrolInRems(t.app, nurse, patientId, 'R-2');
    await acknowledgeQuestionnaires(t.app, staff.prescriber, url);
    const dosed = await prepareDose(t.app, nurse, url, { lotNumber: 'SPR84-DEMO-B', lotExpiry: '2027-01-31' });
    expect(dosed.dose).toMatchObject({ devices: 2 });

    await moveTo(1);
    const first = await administer(t.app, nurse, url, { event: 'device-administered' });
    expect(first.phase.phase).toBe('dosing');
    // Device 2 is expected at 6 min, so the 40-minute BP at 46 min.
    expect(first.checks.next).toMatchObject({
      id: 'post-dose@40',
      status: 'upcoming',
      dueAt: atMin(46),
      label: 'Blood pressure 40 min after dosing (expected: 1 device still to give)',
    });
    expect(first.checks.minutesUntilNext).toBe(45);
    expect(first.checks.overdue).toBe(0);

    await moveTo(6);
    const last = await administer(t.app, nurse, url, { event: 'device-administered' });
    expect(last.checks.next).toMatchObject({
      id: 'post-dose@40',
      dueAt: atMin(46),
      label: 'Blood pressure 40 min after dosing',
    });
  });

  // Source: clinic default (a check when the infusion stops; vital signs within 15 min after the stop count for it).
  it('counts vital signs taken 11 min after an early IV stop for the end-of-infusion check', async () => {
    await moveTo(60);
    const { sessionId } = await bookedSession('Ines', 'iv-ketamine', '2026-11-02T11:00');
    const url = `/api/sessions/${sessionId}`;
    await checkInPatient(t.app, nurse, url, { weightKg: 70 });
    await acknowledgeQuestionnaires(t.app, staff.prescriber, url);
    await prepareIvDose(t.app, nurse, url);
    await verifyDose(t.app, staff.prescriber, url);
    await moveTo(61);
    await administer(t.app, nurse, url, { event: 'infusion-started' });
    await moveTo(76);
    await observe(t.app, nurse, url, { kind: 'vitals', vitals: VITALS });
    await moveTo(83);
    await administer(t.app, nurse, url, { event: 'infusion-stopped', reason: 'Nausea' });

    await moveTo(94);
    const { session } = await observe(t.app, nurse, url, { kind: 'vitals', vitals: VITALS });
    const items = session.checks.items as Array<{ id: string; status: string; doneAt: string | null }>;
    expect(items.find((c) => c.id === 'infusion-end@0')).toMatchObject({ status: 'done', doneAt: atMin(94) });
    expect(session.checks.overdue).toBe(0);
    expect(session.checks.next).toMatchObject({ id: 'post-infusion@15', dueAt: atMin(98) });
  });
});
