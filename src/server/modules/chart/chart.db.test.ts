import { beforeAll, expect, it } from 'vitest';
import type { PatientSessionList, PatientSummary } from '../../../contract/chart.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, type Session, type TestApp } from '../../testing/test-app.js';
import {
  bookedFirstSession,
  newPatient,
  saveIntake,
  signInStaff,
  ELIGIBLE_INTAKE,
  type Staff,
} from '../plans/plan-scenarios.testing.js';

/** PHQ-9 answers adding up to `total` (items 1-8, item 9 = 0). PHQ-9 scoring: Kroenke, Spitzer, Williams 2001. */
const phq9 = (total: number): Record<string, number> => {
  const answers: Record<string, number> = {};
  let left = total;
  for (let i = 1; i <= 8; i += 1) {
    const v = Math.min(3, Math.max(0, left));
    answers[String(i)] = v;
    left -= v;
  }
  answers['9'] = 0;
  return answers;
};

describeEachDatabase('the chart at a glance', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  let nurse: Session;
  let admin: Session;
  let patientId: string;
  let sessionId: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    ({ staff, nurse, admin } = await signInStaff(t.app));
    // Given an esketamine plan signed on Monday 2 November with session 1 booked for Wednesday 4 November 10:00,
    ({ patientId, sessionId } = await bookedFirstSession(
      t.app,
      staff,
      admin,
      'Glance',
      'esketamine-nasal',
      { protocol: 'esketamine-trd', startDate: '2026-11-04' },
      '2026-11-04T10:00',
    ));
    // an intake that records a penicillin allergy,
    await saveIntake(
      t.app,
      staff.prescriber,
      patientId,
      { ...ELIGIBLE_INTAKE, allergies: [{ substance: 'penicillin', reaction: 'hives' }] },
      1,
    );
    // and two PHQ-9 scores before treatment: 21 and then 17.
    for (const [observedAt, total] of [
      ['2026-10-20T15:00:00Z', 21],
      ['2026-11-01T15:00:00Z', 17],
    ] as const) {
      await expectStatus(
        api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
          instrument: 'phq-9',
          answers: phq9(total),
          context: 'baseline',
          observedAt,
        }),
        201,
      );
    }
  });

  it('shows plan and phase, next session, latest PHQ-9 with its direction, consent, REMS and allergies to a prescriber', async () => {
    const summary: PatientSummary = await expectStatus(
      api(t.app, staff.prescriber, 'GET', `/api/patients/${patientId}/summary`),
      200,
    );
    expect(summary.patient).toMatchObject({ id: patientId, givenName: 'Glance', ageYears: 46 });
    expect(summary.plan).toMatchObject({
      modality: 'esketamine-nasal',
      protocolId: 'esketamine-trd',
      status: 'active',
      phase: 'induction',
      sessionsCompleted: 0,
    });
    expect(summary.plan!.sessionsPlanned).toBeGreaterThan(1);
    expect(summary.nextSession).toMatchObject({
      id: sessionId,
      startsAt: '2026-11-04T15:00:00.000Z',
      sessionNumber: 1,
      status: 'scheduled',
    });
    expect(summary.scores).toEqual([
      expect.objectContaining({
        instrument: 'phq-9',
        shortName: 'PHQ-9',
        latest: expect.objectContaining({ total: 17 }),
        previousTotal: 21,
        direction: 'down',
        recent: [21, 17],
      }),
    ]);
    expect(summary.consent).toEqual([expect.objectContaining({ modality: 'esketamine-nasal', current: true })]);
    expect(summary.rems).toEqual({ enrolled: false, enrolledOn: null });
    expect(summary.allergies).toEqual([{ substance: 'penicillin', reaction: 'hives' }]);
    expect(summary.openAlerts).toEqual({ count: 0, highestSeverity: null });
  });

  it('gives the front desk the plan and next session but no scores or allergies (minimum necessary)', async () => {
    const summary: PatientSummary = await expectStatus(
      api(t.app, staff.desk, 'GET', `/api/patients/${patientId}/summary`),
      200,
    );
    expect(summary.clinicalVisible).toBe(false);
    expect(summary.plan?.protocolId).toBe('esketamine-trd');
    expect(summary.nextSession?.id).toBe(sessionId);
    expect(summary.scores).toEqual([]);
    expect(summary.allergies).toBeNull();
  });

  it('records who read the summary in the audit log', async () => {
    await expectStatus(api(t.app, nurse, 'GET', `/api/patients/${patientId}/summary`), 200);
    const rows = await ctx.database.db
      .selectFrom('auditEvent')
      .select(['action', 'userId'])
      .where('patientId', '=', patientId)
      .where('resourceType', '=', 'PatientSummary')
      .execute();
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(rows.every((r) => r.action === 'read')).toBe(true);
  });

  it('shows a newly registered patient with nothing yet: no plan, no session, no scores', async () => {
    const fresh = await newPatient(t.app, staff.desk, 'Fresh');
    const summary: PatientSummary = await expectStatus(
      api(t.app, staff.prescriber, 'GET', `/api/patients/${fresh}/summary`),
      200,
    );
    expect(summary).toMatchObject({
      plan: null,
      nextSession: null,
      scores: [],
      consent: [],
      rems: null,
      allergies: null,
    });
  });

  it("lists the patient's sessions, the booked one upcoming", async () => {
    const list: PatientSessionList = await expectStatus(
      api(t.app, staff.desk, 'GET', `/api/patients/${patientId}/sessions`),
      200,
    );
    expect(list.items).toEqual([
      expect.objectContaining({
        id: sessionId,
        status: 'scheduled',
        isUpcoming: true,
        hasSignedNote: false,
        sessionNumber: 1,
      }),
    ]);
    expect(list.items[0]!.chairName).toBe('Chair for Glance');
  });

  it('answers 404 for a patient of no clinic and 400 for a malformed id', async () => {
    await expectStatus(
      api(t.app, staff.prescriber, 'GET', '/api/patients/00000000-0000-4000-8000-000000000000/summary'),
      404,
    );
    await expectStatus(api(t.app, staff.prescriber, 'GET', '/api/patients/nope/sessions'), 400);
  });
});
