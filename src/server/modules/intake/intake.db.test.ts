import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { ELIGIBLE_INTAKE, newPatient } from '../plans/plan-scenarios.testing.js';

describeEachDatabase('intake', (ctx) => {
  let t: TestApp;
  let desk: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
  });

  it('starts empty, then keeps every save as a new version with the facts derived from it', async () => {
    const patientId = await newPatient(t.app, desk, 'Versioned');
    expect((await api(t.app, desk, 'GET', `/api/patients/${patientId}/intake`)).json()).toMatchObject({ version: null, intake: null });

    const first = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake: ELIGIBLE_INTAKE });
    expect(first.statusCode).toBe(200);
    // The test clock's date is 2026-11-02; born 1980-06-15.
    expect(first.json()).toMatchObject({ version: 1, facts: { age: 46, weightKg: 70, systolic: 122, diastolic: 78, diagnoses: ['F33.2'] }, savedBy: { displayName: 'Fran Frontdesk' } });
    expect(first.json().treatmentResistance).toMatchObject({ isTreatmentResistant: true });

    const nurse = await signIn(t.app, 'nurse');
    const second = await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, {
      baseVersion: 1, intake: { ...ELIGIBLE_INTAKE, weightKg: 72, psychiatricHistory: { ...ELIGIBLE_INTAKE.psychiatricHistory, substanceUse: 'active' } },
    });
    expect(second.json()).toMatchObject({ version: 2, facts: { weightKg: 72, conditions: ['substance-use-disorder-active'] } });

    const stale = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 1, intake: ELIGIBLE_INTAKE });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].field).toBe('baseVersion');

    const history = (await api(t.app, desk, 'GET', `/api/patients/${patientId}/intake/history`)).json();
    expect(history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history[0]).toMatchObject({ changedSections: ['weightKg', 'psychiatricHistory'], savedBy: { displayName: 'Nora Nurse' } });
    expect(history[1].intake.weightKg).toBe(70);
    await expect(sql`update patient_intake set data = '{}'::jsonb where patient_id = ${patientId}`.execute(ctx.database.db)).rejects.toThrow(/append-only/);
  });

  it('lets only one of two simultaneous saves on the same version through', async () => {
    const patientId = await newPatient(t.app, desk, 'Racing');
    const responses = await Promise.all([0, 1, 2, 3, 4].map((i) =>
      api(t.app, desk, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake: { ...ELIGIBLE_INTAKE, weightKg: 60 + i } })));
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(4);
  });

  it.each([
    [{ medicalHistory: { conditions: ['broken-leg'] } }, 'intake.medicalHistory.conditions.0'],
    [{ diagnoses: [{ code: 'depression' }] }, 'intake.diagnoses.0.code'],
    [{ trials: [{ drug: 'sertraline', doseMgPerDay: 100, weeks: 8, adherence: 'excellent', outcome: 'no-response', currentEpisode: true }] }, 'intake.trials.0.adherence'],
    [{ weightKg: 0 }, 'intake.weightKg'],
    [{ favouriteColour: 'blue' }, 'intake.favouriteColour'],
  ])('refuses bad intake with a 400 naming the field (%#)', async (intake, field) => {
    const patientId = await newPatient(t.app, desk, 'Bad');
    const response = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('names the reading when the diastolic pressure is not below the systolic', async () => {
    const patientId = await newPatient(t.app, desk, 'Pressure');
    const response = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/intake`, {
      baseVersion: 0, intake: { medicalHistory: { hypertension: { diagnosed: true, readings: [{ systolic: 90, diastolic: 95, takenAt: '2026-10-01T10:00:00Z' }] } } },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('intake.diastolic');
  });

  it('is written by front desk, nurses and prescribers, not by therapists or admins', async () => {
    const patientId = await newPatient(t.app, desk, 'Roles');
    for (const role of ['therapist', 'admin'] as const) {
      const session = await signIn(t.app, role);
      expect((await api(t.app, session, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake: {} })).statusCode).toBe(403);
    }
  });
});
