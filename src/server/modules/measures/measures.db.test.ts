import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';

const phq9 = (total: number, item9 = 0): Record<string, number> => {
  // Spread `total` over items 1-8 (0-3 each), item 9 as given. PHQ-9 scoring: Kroenke 2001.
  const answers: Record<string, number> = {};
  let left = total - item9;
  for (let i = 1; i <= 8; i += 1) {
    const v = Math.min(3, Math.max(0, left));
    answers[String(i)] = v;
    left -= v;
  }
  answers['9'] = item9;
  return answers;
};

describeEachDatabase('measurement-based care', (ctx) => {
  let t: TestApp;
  let nurse: Session;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    nurse = await signIn(t.app, 'nurse');
    patientId = (await api(t.app, nurse, 'GET', '/api/patients?q=feldman')).json().items[0].id;
  });
  beforeEach(async () => {
    nurse = await signIn(t.app, 'nurse');
  });

  describe('instruments', () => {
    it('serves each instrument as a FHIR Questionnaire and scores without storing', async () => {
      const q = (await api(t.app, nurse, 'GET', '/api/instruments/gad-7')).json();
      expect(q).toMatchObject({ resourceType: 'Questionnaire', id: 'gad-7' });
      expect((await api(t.app, nurse, 'GET', '/api/instruments/nope')).statusCode).toBe(404);
      const scored = await api(t.app, nurse, 'POST', '/api/instruments/phq-9/score', { answers: phq9(20) });
      // PHQ-9 20-27 = severe (Kroenke 2001).
      expect(scored.json()).toMatchObject({ instrument: 'phq-9', total: 20, band: 'severe', flags: [] });
    });

    it('refuses an out-of-range answer, an unknown item and a string score with a 400 naming the item', async () => {
      const outOfRange = await api(t.app, nurse, 'POST', '/api/instruments/phq-9/score', {
        answers: { ...phq9(5), '3': 4 },
      });
      expect(outOfRange.statusCode).toBe(400);
      expect(outOfRange.json().errors.map((e: { field: string }) => e.field)).toContain('answers.3');
      const unknown = await api(t.app, nurse, 'POST', '/api/instruments/phq-9/score', {
        answers: { ...phq9(5), '10': 1 },
      });
      expect(unknown.json().errors.map((e: { field: string }) => e.field)).toContain('answers.10');
      const text = await api(t.app, nurse, 'POST', '/api/instruments/phq-9/score', {
        answers: { ...phq9(5), '2': '1' },
      });
      expect(text.statusCode).toBe(400);
      expect(text.json().errors.map((e: { field: string }) => e.field)).toContain('answers.2');
    });
  });

  describe('recording and trajectories', () => {
    it('stores a QuestionnaireResponse and LOINC-coded Observations, and derives baseline, response and remission', async () => {
      const { db } = ctx.database;
      const clinicId = nurse.clinicId;
      // Baseline PHQ-9 18 the day before the first infusion, then 8 and 4 after it.
      await sql`insert into treatment_session (clinic_id, patient_id, modality, session_number, starts_at, ends_at, status, created_at)
        values (${clinicId}, ${patientId}, 'iv-ketamine', 1, '2026-10-20T15:00:00Z', '2026-10-20T16:30:00Z', 'completed', now())`.execute(
        db,
      );
      const record = (observedAt: string, total: number) =>
        api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
          instrument: 'phq-9',
          answers: phq9(total),
          context: 'follow-up',
          observedAt,
        });
      const first = await record('2026-10-19T15:00:00Z', 18);
      expect(first.statusCode).toBe(201);
      await record('2026-10-21T15:00:00Z', 8);
      await record('2026-10-30T15:00:00Z', 4);

      const qr = (await api(t.app, nurse, 'GET', `/api/measures/${first.json().id}/questionnaire-response`)).json();
      expect(qr).toMatchObject({
        resourceType: 'QuestionnaireResponse',
        status: 'completed',
        subject: { reference: `Patient/${patientId}` },
      });
      const codes = await sql<{
        code: string;
      }>`select code from observation where measure_id = ${first.json().id}`.execute(db);
      expect(codes.rows.map((r) => r.code)).toContain('44261-6'); // LOINC PHQ-9 total score

      const outcomes = (await api(t.app, nurse, 'GET', `/api/patients/${patientId}/outcomes`)).json();
      const series = outcomes.instruments.find((i: { instrument: string }) => i.instrument === 'phq-9');
      expect(series.points.map((p: { total: number }) => p.total)).toEqual([18, 8, 4]);
      // Response: >= 50% fall from baseline; remission: PHQ-9 < 5; rapid response: response within 24 h of the first treatment.
      expect(series.summary).toMatchObject({
        baseline: { total: 18 },
        latest: { total: 4 },
        isRespondingNow: true,
        isRemittedNow: true,
        rapidResponse: true,
      });
      expect(series.bands.map((b: { code: string }) => b.code)).toEqual([
        'minimal',
        'mild',
        'moderate',
        'moderately-severe',
        'severe',
      ]);
      expect(outcomes.sessions).toHaveLength(1);

      const overview = (await api(t.app, nurse, 'GET', '/api/measures/overview')).json();
      // The demo clinic's six seeded trajectories (4 responders, 2 remitted; see seed/demo-measures.ts) plus this patient.
      expect(overview.instruments.find((i: { instrument: string }) => i.instrument === 'phq-9')).toMatchObject({
        withBaseline: 7,
        responding: 5,
        remitted: 3,
      });
    });

    it('refuses a measure for a session of another patient and a measure in the future', async () => {
      const future = await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
        instrument: 'gad-7',
        answers: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0 },
        context: 'weekly',
        observedAt: '2030-01-01T00:00:00Z',
      });
      expect(future.statusCode).toBe(400);
      expect(future.json().errors[0].field).toBe('observedAt');
    });

    it('shows what is due: with a session tomorrow, the pre-session PHQ-9 and C-SSRS are upcoming or due', async () => {
      const { db } = ctx.database;
      const other = (await api(t.app, nurse, 'GET', '/api/patients?q=whitfield')).json().items[0].id;
      const tomorrow = new Date(t.clock.now().getTime() + 24 * 3_600_000);
      await sql`insert into treatment_session (clinic_id, patient_id, modality, session_number, starts_at, ends_at, status, created_at)
        values (${nurse.clinicId}, ${other}, 'iv-ketamine', 1, ${tomorrow}, ${new Date(tomorrow.getTime() + 90 * 60_000)}, 'scheduled', now())`.execute(
        db,
      );
      const schedule = (await api(t.app, nurse, 'GET', `/api/patients/${other}/measurement-schedule`)).json();
      expect(schedule.isClinicDefault).toBe(true);
      const due = schedule.items.map((i: { instrument: string; timing: string }) => `${i.instrument}:${i.timing}`);
      expect(due).toEqual(
        expect.arrayContaining(['phq-9:baseline', 'phq-9:pre-session', 'c-ssrs-screener:pre-session']),
      );
      const updated = await api(t.app, nurse, 'PUT', `/api/patients/${other}/measurement-schedule`, {
        rules: [{ instrument: 'gad-7', timing: 'weekly' }],
      });
      expect(updated.json()).toMatchObject({ version: 1, isClinicDefault: false });
    });

    it('lists on the clinic page exactly what the patient’s own schedule says is due, however long the history', async () => {
      // The clinic page reads only the history that can still make a measure due (domain dueInputHorizon); the
      // patient's schedule reads everything. A session 60 h ago closes the next pre-session window's start: a PHQ-9
      // taken 61 h ago (before that session) does not count for the session in 10 h, so that PHQ-9 is due.
      const { db } = ctx.database;
      const created = await api(t.app, nurse, 'POST', '/api/patients', {
        givenName: 'Longa',
        familyName: 'Historia',
        dateOfBirth: '1970-03-03',
        sex: 'female',
      });
      expect(created.statusCode).toBe(201);
      const id = created.json().id as string;
      const now = t.clock.now().getTime();
      const hoursAgo = (h: number) => new Date(now - h * 3_600_000);
      for (const [n, h, status] of [
        [1, 24 * 200, 'completed'],
        [2, 24 * 100, 'completed'],
        [3, 24 * 20, 'completed'],
        [4, 60, 'completed'],
        [5, -10, 'scheduled'],
      ] as const) {
        await sql`insert into treatment_session (clinic_id, patient_id, modality, session_number, starts_at, ends_at, status, created_at)
          values (${nurse.clinicId}, ${id}, 'iv-ketamine', ${n}, ${hoursAgo(h)}, ${hoursAgo(h - 1.5)}, ${status}, now())`.execute(
          db,
        );
      }
      for (const h of [24 * 199, 24 * 30, 61]) {
        const stored = await api(t.app, nurse, 'POST', `/api/patients/${id}/measures`, {
          instrument: 'phq-9',
          answers: phq9(12),
          context: 'follow-up',
          observedAt: hoursAgo(h).toISOString(),
        });
        expect(stored.statusCode).toBe(201);
      }
      const key = (i: { instrument: string; timing: string; dueAt: string; status: string }) =>
        `${i.instrument}:${i.timing}:${i.dueAt}:${i.status}`;
      const own = (await api(t.app, nurse, 'GET', `/api/patients/${id}/measurement-schedule`))
        .json()
        .items.filter((i: { status: string }) => i.status === 'due' || i.status === 'overdue')
        .map(key)
        .sort();
      const overview = (await api(t.app, nurse, 'GET', '/api/measures/overview')).json();
      const onClinicPage = overview.due
        .filter((d: { patient: { id: string } }) => d.patient.id === id)
        .map(key)
        .sort();
      expect(own).toContain(`phq-9:pre-session:${hoursAgo(-10).toISOString()}:due`);
      expect(onClinicPage).toEqual(own);
    });
  });

  describe('single-use links answered at home', () => {
    it('stores the answers, shows crisis resources at once after a suicide-risk answer, raises one alert, and works only once', async () => {
      const link = await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measure-links`, {
        instruments: ['phq-9', 'gad-7'],
        context: 'weekly',
      });
      expect(link.statusCode).toBe(201);
      const { token, path } = link.json();
      expect(path).toBe(`/q/${token}`);

      const page = await t.app.inject({ method: 'GET', url: `/api/measure-links/${token}` });
      expect(page.statusCode).toBe(200);
      expect(page.json()).toMatchObject({ status: 'open', clinicName: 'Demo Clinic' });
      expect(page.json().instruments.map((i: { id: string; copyright: string }) => i.id)).toEqual(['phq-9', 'gad-7']);
      expect(page.body).not.toContain('Feldman');

      // A bad answer: 400 naming the item, and the link stays open so nothing is lost.
      const bad = await t.app.inject({
        method: 'POST',
        url: `/api/measure-links/${token}/responses`,
        payload: {
          responses: [
            { instrument: 'phq-9', answers: { ...phq9(10, 1), '9': 7 } },
            { instrument: 'gad-7', answers: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1 } },
          ],
        },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().errors.map((e: { field: string }) => e.field)).toContain('responses.0.answers.9');

      const alertsBefore = (await api(t.app, nurse, 'GET', `/api/alerts?patientId=${patientId}`)).json().items.length;
      const good = await t.app.inject({
        method: 'POST',
        url: `/api/measure-links/${token}/responses`,
        payload: {
          responses: [
            { instrument: 'phq-9', answers: phq9(10, 1) },
            { instrument: 'gad-7', answers: { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1 } },
          ],
        },
      });
      expect(good.statusCode).toBe(200);
      expect(Object.keys(good.json())[0]).toBe('completed');
      expect(good.json().crisis.resources[0].name).toContain('988');
      expect((await api(t.app, nurse, 'GET', `/api/alerts?patientId=${patientId}`)).json().items.length).toBe(
        alertsBefore + 1,
      );

      const again = await t.app.inject({
        method: 'POST',
        url: `/api/measure-links/${token}/responses`,
        payload: {
          responses: [
            { instrument: 'phq-9', answers: phq9(1) },
            { instrument: 'gad-7', answers: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0 } },
          ],
        },
      });
      expect(again.statusCode).toBe(410);
      expect((await t.app.inject({ method: 'GET', url: `/api/measure-links/${token}` })).json()).toMatchObject({
        status: 'used',
        instruments: [],
      });
    });

    it('says plainly when a link has expired', async () => {
      const { token } = (
        await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measure-links`, {
          instruments: ['gad-7'],
          context: 'weekly',
          expiresInHours: 1,
        })
      ).json();
      t.clock.advanceMinutes(61);
      const page = (await t.app.inject({ method: 'GET', url: `/api/measure-links/${token}` })).json();
      expect(page).toMatchObject({
        status: 'expired',
        message: 'This link has expired. Please ask your clinic for a new one.',
      });
      const submit = await t.app.inject({
        method: 'POST',
        url: `/api/measure-links/${token}/responses`,
        payload: { responses: [{ instrument: 'gad-7', answers: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0, 6: 0, 7: 0 } }] },
      });
      expect(submit.statusCode).toBe(410);
    });

    it('refuses a clinician-rated instrument in a home link', async () => {
      const response = await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measure-links`, {
        instruments: ['madrs'],
        context: 'weekly',
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].field).toBe('instruments.0');
    });
  });

  describe('safety plan', () => {
    it('keeps every version', async () => {
      const plan = {
        warningSigns: ['Not sleeping'],
        internalCopingStrategies: ['Walk the dog'],
        peopleAndSocialSettings: [{ name: 'Coffee shop' }],
        peopleToAskForHelp: [{ name: 'Sister', phone: '555-0111' }],
        professionalsAndAgencies: [{ name: '988 Lifeline', phone: '988' }],
        makingEnvironmentSafe: ['Medicines kept by partner'],
      };
      expect((await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/safety-plan`, { plan })).statusCode).toBe(200);
      const second = await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/safety-plan`, {
        plan: { ...plan, warningSigns: ['Not sleeping', 'Withdrawing'] },
      });
      expect(second.json().current.version).toBe(2);
      expect(second.json().history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
      const invalid = await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/safety-plan`, {
        plan: { ...plan, peopleToAskForHelp: [{ name: 'Sister' }] },
      });
      expect(invalid.statusCode).toBe(400);
      expect(invalid.json().errors[0].field).toContain('peopleToAskForHelp');
    });
  });
});
