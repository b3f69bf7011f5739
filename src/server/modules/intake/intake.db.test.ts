import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { ELIGIBLE_INTAKE, newPatient } from '../plans/plan-scenarios.testing.js';

describeEachDatabase('intake', (ctx) => {
  let t: TestApp;
  let desk: Session;
  let nurse: Session;
  let prescriber: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
  });

  it('starts empty, then keeps every save as a new version with the facts derived from it', async () => {
    const patientId = await newPatient(t.app, desk, 'Versioned');
    expect((await api(t.app, nurse, 'GET', `/api/patients/${patientId}/intake`)).json()).toMatchObject({
      version: null,
      intake: null,
    });

    const first = await api(t.app, prescriber, 'PUT', `/api/patients/${patientId}/intake`, {
      baseVersion: 0,
      intake: ELIGIBLE_INTAKE,
    });
    expect(first.statusCode).toBe(200);
    // The test clock's date is 2026-11-02; born 1980-06-15.
    expect(first.json()).toMatchObject({
      version: 1,
      facts: { age: 46, weightKg: 70, systolic: 122, diastolic: 78, diagnoses: ['F33.2'] },
      savedBy: { displayName: 'Dr Priya Prescriber' },
    });
    expect(first.json().treatmentResistance).toMatchObject({ isTreatmentResistant: true });

    const second = await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, {
      baseVersion: 1,
      intake: {
        ...ELIGIBLE_INTAKE,
        weightKg: 72,
        psychiatricHistory: { ...ELIGIBLE_INTAKE.psychiatricHistory, substanceUse: 'active' },
      },
    });
    expect(second.json()).toMatchObject({
      version: 2,
      facts: { weightKg: 72, conditions: ['substance-use-disorder-active'] },
    });

    const stale = await api(t.app, prescriber, 'PUT', `/api/patients/${patientId}/intake`, {
      baseVersion: 1,
      intake: ELIGIBLE_INTAKE,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().errors[0].field).toBe('baseVersion');

    const history = (await api(t.app, nurse, 'GET', `/api/patients/${patientId}/intake/history`)).json();
    expect(history.map((v: { version: number }) => v.version)).toEqual([2, 1]);
    expect(history[0]).toMatchObject({
      changedSections: ['weightKg', 'psychiatricHistory'],
      savedBy: { displayName: 'Nora Nurse' },
    });
    expect(history[1].intake.weightKg).toBe(70);
    await expect(
      sql`update patient_intake set data = '{}'::jsonb where patient_id = ${patientId}`.execute(ctx.database.db),
    ).rejects.toThrow(/append-only/);
  });

  it('lets only one of two simultaneous saves on the same version through', async () => {
    const patientId = await newPatient(t.app, desk, 'Racing');
    const responses = await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, {
          baseVersion: 0,
          intake: { ...ELIGIBLE_INTAKE, weightKg: 60 + i },
        }),
      ),
    );
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(4);
  });

  it.each([
    [{ medicalHistory: { conditions: ['broken-leg'] } }, 'intake.medicalHistory.conditions.0'],
    [{ diagnoses: [{ code: 'depression' }] }, 'intake.diagnoses.0.code'],
    [
      {
        trials: [
          {
            drug: 'sertraline',
            doseMgPerDay: 100,
            weeks: 8,
            adherence: 'excellent',
            outcome: 'no-response',
            currentEpisode: true,
          },
        ],
      },
      'intake.trials.0.adherence',
    ],
    [{ weightKg: 0 }, 'intake.weightKg'],
    [{ favouriteColour: 'blue' }, 'intake.favouriteColour'],
  ])('refuses bad intake with a 400 naming the field (%#)', async (intake, field) => {
    const patientId = await newPatient(t.app, desk, 'Bad');
    const response = await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
  });

  it('names the reading when the diastolic pressure is not below the systolic', async () => {
    const patientId = await newPatient(t.app, desk, 'Pressure');
    const response = await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, {
      baseVersion: 0,
      intake: {
        medicalHistory: {
          hypertension: {
            diagnosed: true,
            readings: [{ systolic: 90, diastolic: 95, takenAt: '2026-10-01T10:00:00Z' }],
          },
        },
      },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('intake.diastolic');
  });

  it('is written by nurses and prescribers, not by therapists, admins or the front desk', async () => {
    const patientId = await newPatient(t.app, desk, 'Roles');
    for (const role of ['therapist', 'admin', 'front_desk'] as const) {
      const session = await signIn(t.app, role);
      expect(
        (await api(t.app, session, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake: {} }))
          .statusCode,
      ).toBe(403);
    }
  });

  // Issue 10, item 16. HIPAA minimum necessary (45 CFR 164.502(b), 164.514(d)): the front desk registers the patient
  // and never reads or rewrites the clinical history (diagnoses, psychiatric history, the suicidal-ideation flag).
  describe('registration (the front desk) and clinical history (clinicians)', () => {
    const REGISTRATION = {
      demographics: { preferredName: 'Sam', pronouns: 'they/them', language: 'English' },
      emergencyContact: { name: 'Alex Partner', relationship: 'partner', phone: '555-0100' },
      insurance: {
        payer: 'Blue Shield',
        memberId: 'XKJ123456',
        groupNumber: 'G-77',
        subscriberRelationship: 'self' as const,
      },
      ride: { name: 'Alex Partner', relationship: 'partner', phone: '555-0100' },
    };
    const CLINICAL_HISTORY = {
      ...ELIGIBLE_INTAKE,
      psychiatricHistory: { ...ELIGIBLE_INTAKE.psychiatricHistory, acuteSuicidalIdeation: true },
    };

    it('keeps the front desk out of the clinical intake, its history and the eligibility built on it', async () => {
      const patientId = await newPatient(t.app, desk, 'Private');
      await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake: CLINICAL_HISTORY });
      for (const [method, url, body] of [
        ['GET', `/api/patients/${patientId}/intake`, undefined],
        ['GET', `/api/patients/${patientId}/intake/history`, undefined],
        [
          'PUT',
          `/api/patients/${patientId}/intake`,
          { baseVersion: 1, intake: { ...CLINICAL_HISTORY, psychiatricHistory: {} } },
        ],
        ['GET', `/api/patients/${patientId}/eligibility`, undefined],
      ] as const) {
        expect((await api(t.app, desk, method, url, body)).statusCode, `${method} ${url}`).toBe(403);
      }
      const intake = (await api(t.app, nurse, 'GET', `/api/patients/${patientId}/intake`)).json();
      expect(intake).toMatchObject({ version: 1, intake: { psychiatricHistory: { acuteSuicidalIdeation: true } } });
    });

    it('lets the front desk register demographics, contacts, insurance and the ride, keeping the clinical history unseen and unchanged', async () => {
      const patientId = await newPatient(t.app, desk, 'Registered');
      expect((await api(t.app, desk, 'GET', `/api/patients/${patientId}/registration`)).json()).toMatchObject({
        version: null,
        registration: null,
      });
      await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, { baseVersion: 0, intake: CLINICAL_HISTORY });

      const seen = (await api(t.app, desk, 'GET', `/api/patients/${patientId}/registration`)).json();
      expect(seen).toMatchObject({ version: 1, registration: {} });
      expect(JSON.stringify(seen)).not.toMatch(
        /diagnoses|psychiatricHistory|acuteSuicidalIdeation|F33|medications|trials|facts/,
      );

      const saved = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/registration`, {
        baseVersion: 1,
        registration: REGISTRATION,
      });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toEqual({
        patientId,
        version: 2,
        registration: REGISTRATION,
        savedAt: expect.any(String),
        savedBy: { id: desk.userId, displayName: 'Fran Frontdesk' },
      });

      // The clinician's view keeps its shape, with the registered sections added and the history as it was.
      const clinical = (await api(t.app, nurse, 'GET', `/api/patients/${patientId}/intake`)).json();
      expect(Object.keys(clinical).sort()).toEqual([
        'facts',
        'intake',
        'patientId',
        'savedAt',
        'savedBy',
        'source',
        'treatmentResistance',
        'version',
      ]);
      expect(clinical.intake).toEqual({ ...CLINICAL_HISTORY, ...REGISTRATION });
      expect(clinical.facts).toMatchObject({ weightKg: 70, diagnoses: ['F33.2'] });
      const history = (await api(t.app, nurse, 'GET', `/api/patients/${patientId}/intake/history`)).json();
      expect(history[0]).toMatchObject({
        version: 2,
        changedSections: ['demographics', 'emergencyContact', 'insurance', 'ride'],
      });

      // A later clinician save keeps what the front desk registered when the clinician sends it back.
      const amended = await api(t.app, nurse, 'PUT', `/api/patients/${patientId}/intake`, {
        baseVersion: 2,
        intake: { ...clinical.intake, weightKg: 71 },
      });
      expect(amended.json()).toMatchObject({
        version: 3,
        intake: { insurance: { memberId: 'XKJ123456' }, weightKg: 71 },
      });

      const audited = await ctx.database.db
        .selectFrom('auditEvent')
        .select(['action', 'resourceType', 'detail'])
        .where('patientId', '=', patientId)
        .where('userId', '=', desk.userId)
        .where('resourceType', 'like', 'Intake%')
        .orderBy('seq')
        .execute();
      expect(audited.map((a) => [a.action, a.resourceType])).toEqual([
        ['read', 'IntakeRegistration'],
        ['read', 'IntakeRegistration'],
        ['update', 'Intake'],
        ['read', 'IntakeRegistration'],
      ]);
      expect(audited[2]!.detail).toMatchObject({ version: 2, part: 'registration' });
    });

    it('refuses clinical sections in a registration (400 naming the field) and a stale base version (409)', async () => {
      const patientId = await newPatient(t.app, desk, 'Strict');
      for (const [section, value] of [
        ['diagnoses', [{ code: 'F33.2' }]],
        ['psychiatricHistory', { acuteSuicidalIdeation: false }],
        ['weightKg', 70],
      ] as const) {
        const refused = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/registration`, {
          baseVersion: 0,
          registration: { [section]: value },
        });
        expect(refused.statusCode).toBe(400);
        expect(refused.json().errors.map((e: { field: string }) => e.field)).toContain(`registration.${section}`);
      }
      const badPhone = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/registration`, {
        baseVersion: 0,
        registration: { ride: { phone: 'call me' } },
      });
      expect(badPhone.json().errors[0].field).toBe('registration.ride.phone');
      expect(
        (
          await api(t.app, desk, 'PUT', `/api/patients/${patientId}/registration`, {
            baseVersion: 0,
            registration: { ride: { name: 'Kim' } },
          })
        ).statusCode,
      ).toBe(200);
      const stale = await api(t.app, desk, 'PUT', `/api/patients/${patientId}/registration`, {
        baseVersion: 0,
        registration: { ride: { name: 'Lee' } },
      });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().errors[0].field).toBe('baseVersion');
    });
  });
});
