import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, TEST_PASSWORD, type Session, type TestApp } from '../../testing/test-app.js';
import { decide, ELIGIBLE_INTAKE, newPatient, saveIntake, signConsent } from '../plans/plan-scenarios.testing.js';
import type { Intake } from '../../../contract/intake.js';

const withConditions = (...conditions: NonNullable<NonNullable<Intake['medicalHistory']>['conditions']>): Intake => ({
  ...ELIGIBLE_INTAKE,
  medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, conditions },
});

describeEachDatabase('eligibility', (ctx) => {
  let t: TestApp;
  let desk: Session;
  let prescriber: Session;
  let secondPrescriber: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
    prescriber = await signIn(t.app, 'prescriber');
    const clinicId = desk.clinicId;
    await t.services.users.create(clinicId, {
      email: 'second.prescriber@demo.ketaclinic.test',
      displayName: 'Dr Sam Second',
      role: 'prescriber',
      password: TEST_PASSWORD,
    });
    secondPrescriber = await signIn(t.app, {
      email: 'second.prescriber@demo.ketaclinic.test',
      password: TEST_PASSWORD,
    });
  });

  /** A new patient whose otherwise eligible intake records a pregnancy (a relative reason against esketamine). */
  async function pregnantPatient(name: string): Promise<string> {
    const patientId = await newPatient(t.app, desk, name);
    await saveIntake(t.app, desk, patientId, {
      ...ELIGIBLE_INTAKE,
      medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, pregnancy: { status: 'pregnant' } },
    });
    return patientId;
  }

  const override = (by: Session, decisionId: string, reason: string) =>
    api(t.app, by, 'POST', `/api/eligibility-decisions/${decisionId}/override`, { reason });
  const countersign = (by: Session, decisionId: string, body: { note?: string }) =>
    api(t.app, by, 'POST', `/api/eligibility-decisions/${decisionId}/override/countersignature`, body);

  describe('POST /api/eligibility/evaluate (stores nothing)', () => {
    it('finds esketamine ineligible after an intracerebral haemorrhage, with that reason and its source', async () => {
      // Spravato label, section 4 Contraindications: history of intracerebral hemorrhage.
      const count = async () =>
        (await sql<{ n: number }>`select count(*)::int as n from eligibility_decision`.execute(ctx.database.db)).rows[0]
          ?.n;
      const before = await count();
      const response = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', {
        modality: 'esketamine-nasal',
        facts: {
          age: 52,
          weightKg: 80,
          systolic: 128,
          diastolic: 80,
          conditions: ['intracerebral-hemorrhage-history'],
          diagnoses: ['F33.2'],
          acuteSuicidalIdeation: true,
        },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.decision).toBe('ineligible');
      expect(body.reasons[0]).toMatchObject({
        code: 'intracerebral-hemorrhage-history',
        severity: 'absolute',
        blocking: false,
      });
      expect(body.reasons[0].message).toContain('History of intracerebral haemorrhage');
      expect(body.reasons[0].source.source).toContain('SPRAVATO');
      expect(body.overridePolicy).toMatchObject({ allowed: false, prescribersRequired: 0 });
      expect(await count()).toBe(before);
    });

    it('answers 400 naming the field for an unknown condition code or modality', async () => {
      const unknownCode = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', {
        modality: 'iv-ketamine',
        facts: { conditions: ['schizophrenia', 'broken-leg'] },
      });
      expect(unknownCode.statusCode).toBe(400);
      expect(unknownCode.json().errors).toEqual([expect.objectContaining({ field: 'facts.conditions.1' })]);
      const unknownFact = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', {
        modality: 'iv-ketamine',
        facts: { shoeSize: 44 },
      });
      expect(unknownFact.json().errors[0].field).toBe('facts.shoeSize');
      const unknownModality = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', {
        modality: 'ketamine-lollipop',
        facts: {},
      });
      expect(unknownModality.statusCode).toBe(400);
      expect(unknownModality.json().errors[0].field).toBe('modality');
    });

    it('shows the treatment-resistance reasoning when trials are given', async () => {
      const body = (
        await api(t.app, desk, 'POST', '/api/eligibility/evaluate', {
          modality: 'esketamine-nasal',
          facts: {
            age: 40,
            systolic: 120,
            diastolic: 75,
            pregnant: false,
            diagnoses: ['F33.1'],
            trials: ELIGIBLE_INTAKE.trials,
          },
        })
      ).json();
      expect(body.decision).toBe('eligible');
      expect(body.treatmentResistance).toMatchObject({ isTreatmentResistant: true, failedAdequateTrials: 2 });
    });
  });

  describe('stored decisions and overrides', () => {
    it('evaluates the stored intake, keeps the reasons and rule-set version, and refuses without an intake', async () => {
      const patientId = await newPatient(t.app, desk, 'Noform');
      expect(
        (
          await api(t.app, prescriber, 'POST', `/api/patients/${patientId}/eligibility`, { modality: 'iv-ketamine' })
        ).json().code,
      ).toBe('no-intake');
      await saveIntake(t.app, desk, patientId, withConditions('intracerebral-hemorrhage-history'));
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect(decision).toMatchObject({
        decision: 'ineligible',
        ruleSetVersion: '2.0.0',
        intakeVersion: 1,
        standing: { mayPlan: false, code: 'ineligible-absolute' },
      });
      expect(decision.reasons.map((r) => r.code)).toContain('intracerebral-hemorrhage-history');
      const listed = (await api(t.app, prescriber, 'GET', `/api/patients/${patientId}/eligibility`)).json();
      expect(listed.current.map((d: { modality: string }) => d.modality)).toEqual(['esketamine-nasal']);
    });

    it('never lets an absolute reason be overridden', async () => {
      const patientId = await newPatient(t.app, desk, 'Absolute');
      await saveIntake(t.app, desk, patientId, withConditions('aneurysmal-vascular-disease'));
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      const refused = await override(prescriber, decision.id, 'Patient insists, benefits outweigh risks');
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'override-not-allowed' });
      expect(refused.json().detail).toContain('aneurysmal-vascular-disease');
    });

    it('lets one prescriber override a review with a documented reason', async () => {
      // Spravato label, 5.3 Increase in blood pressure: assess before dosing; 140/90 general guide.
      const patientId = await newPatient(t.app, desk, 'Review');
      await saveIntake(t.app, desk, patientId, {
        ...ELIGIBLE_INTAKE,
        medicalHistory: {
          ...ELIGIBLE_INTAKE.medicalHistory,
          hypertension: {
            diagnosed: true,
            controlled: true,
            readings: [{ systolic: 148, diastolic: 88, takenAt: '2026-10-30T14:00:00Z' }],
          },
        },
      });
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect(decision.decision).toBe('review');
      expect((await override(desk, decision.id, 'Front desk cannot do this')).statusCode).toBe(403);
      expect((await override(prescriber, decision.id, 'short')).statusCode).toBe(400);
      const overridden = await override(
        prescriber,
        decision.id,
        'Repeat BP 132/84 after rest; cardiology review on file',
      );
      expect(overridden.statusCode).toBe(201);
      expect(overridden.json()).toMatchObject({
        override: { prescribersRequired: 1, status: 'effective', signedBy: { displayName: 'Dr Priya Prescriber' } },
        standing: { mayPlan: true, code: 'review-overridden' },
      });
      expect((await override(secondPrescriber, decision.id, 'A second override of the same decision')).statusCode).toBe(
        409,
      );
      expect((await countersign(secondPrescriber, decision.id, {})).json().code).toBe('countersignature-not-needed');
      await signConsent(t.app, desk, patientId, 'esketamine-nasal');
      expect(
        (
          await api(t.app, prescriber, 'POST', `/api/patients/${patientId}/plans`, {
            protocol: 'esketamine-trd',
            startDate: '2026-11-09',
          })
        ).statusCode,
      ).toBe(201);
    });

    it('needs a second prescriber to countersign an override of a relative-only ineligible decision', async () => {
      // Spravato label, 8.1 Pregnancy: not recommended; shipped as a blocking relative reason (README).
      const patientId = await pregnantPatient('Pregnant');
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect(decision.decision).toBe('ineligible');
      expect(decision.reasons.every((r) => r.severity !== 'absolute')).toBe(true);
      const overridden = (
        await override(prescriber, decision.id, 'Severe TRD with failed ECT; obstetric team consulted')
      ).json();
      expect(overridden).toMatchObject({
        override: { prescribersRequired: 2, status: 'awaiting-countersignature' },
        standing: { mayPlan: false, code: 'ineligible-needs-countersignature' },
      });
      const self = await countersign(prescriber, decision.id, { note: 'Me again' });
      expect(self.json()).toMatchObject({ status: 422, code: 'second-prescriber-required' });
      const countersigned = await countersign(secondPrescriber, decision.id, { note: 'Agree' });
      expect(countersigned.json()).toMatchObject({
        override: { status: 'effective', countersignedBy: { displayName: 'Dr Sam Second' }, countersignNote: 'Agree' },
        standing: { mayPlan: true, code: 'ineligible-overridden' },
      });
      expect((await countersign(secondPrescriber, decision.id, {})).statusCode).toBe(409);
    });

    it('keeps decisions and overrides unchangeable in the database', async () => {
      const patientId = await pregnantPatient('Immutable');
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      await expect(
        sql`update eligibility_decision set decision = 'eligible' where id = ${decision.id}`.execute(ctx.database.db),
      ).rejects.toThrow(/append-only/);
      await override(prescriber, decision.id, 'Documented reason for going ahead');
      await expect(
        sql`update eligibility_override set countersigned_by = signed_by, countersigned_at = now() where decision_id = ${decision.id}`.execute(
          ctx.database.db,
        ),
      ).rejects.toThrow(/eligibility_override_second_prescriber/);
      await expect(
        sql`update eligibility_override set reason = 'changed' where decision_id = ${decision.id}`.execute(
          ctx.database.db,
        ),
      ).rejects.toThrow(/only the countersignature/);
    });

    it('a newer decision supersedes the old one for overrides', async () => {
      const patientId = await pregnantPatient('Superseded');
      const first = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect((await override(prescriber, first.id, 'Overriding the old decision')).json().code).toBe(
        'decision-superseded',
      );
    });
  });
  describe('clinic rule settings: esketamine label rules can only be made stricter (issue 10, item 11)', () => {
    // Source: SPRAVATO US PI section 8.4 (adults only), section 8.1 and Warnings: Embryo-fetal Toxicity (pregnancy),
    // Warnings: Increase in Blood Pressure (> 140/90 mmHg as a general guide), section 1 (indications).
    const child = { age: 12, pregnant: true, systolic: 200, diastolic: 120, diagnoses: ['F43.10'] };
    const put = (session: Session, eligibilityRuleOverrides: unknown) =>
      api(t.app, session, 'PUT', '/api/clinic/care-settings', { eligibilityRuleOverrides });

    it('refuses each setting that once made a 12-year-old, pregnant, BP 200/120, PTSD only come back eligible', async () => {
      const admin = await signIn(t.app, 'admin');
      const weakenings = [
        [
          { 'blood-pressure-elevated': { threshold: { systolicAbove: 250, diastolicAbove: 150 } } },
          'eligibilityRuleOverrides.esketamine-nasal.blood-pressure-elevated.threshold.systolicAbove',
        ],
        [
          { 'age-under-minimum': { enabled: false } },
          'eligibilityRuleOverrides.esketamine-nasal.age-under-minimum.enabled',
        ],
        [{ pregnancy: { enabled: false } }, 'eligibilityRuleOverrides.esketamine-nasal.pregnancy.enabled'],
        [
          { 'esketamine-indication-not-established': { severity: 'info' } },
          'eligibilityRuleOverrides.esketamine-nasal.esketamine-indication-not-established.severity',
        ],
      ] as const;
      for (const [change, field] of weakenings) {
        const refused = await put(admin, { 'esketamine-nasal': change });
        expect(refused.statusCode, field).toBe(422);
        expect(refused.json()).toMatchObject({ code: 'label-rule-locked', errors: [{ field }] });
      }
      const settings = (await api(t.app, admin, 'GET', '/api/clinic/care-settings')).json();
      expect(settings).toMatchObject({ eligibilityRuleOverrides: {}, eligibilityRuleSetVersion: '2.0.0' });
      const body = (
        await api(t.app, desk, 'POST', '/api/eligibility/evaluate', { modality: 'esketamine-nasal', facts: child })
      ).json();
      expect(body.decision).toBe('ineligible');
      expect(body.reasons.map((r: { code: string }) => r.code)).toEqual(
        expect.arrayContaining([
          'age-under-minimum',
          'pregnancy',
          'blood-pressure-elevated',
          'esketamine-indication-not-established',
        ]),
      );
    });

    it('gives each saved change its own version, stores it on the decision, and audits the values before and after', async () => {
      const admin = await signIn(t.app, 'admin');
      const stricter = {
        'esketamine-nasal': { 'blood-pressure-elevated': { threshold: { systolicAbove: 135, diastolicAbove: 85 } } },
      };
      const first = await put(admin, stricter);
      expect(first.statusCode).toBe(200);
      const firstVersion = first.json().eligibilityRuleSetVersion as string;
      expect(firstVersion).toMatch(/^2\.0\.0\+clinic\.\d+$/);
      const second = (
        await put(admin, {
          'esketamine-nasal': { 'blood-pressure-elevated': { threshold: { systolicAbove: 130, diastolicAbove: 85 } } },
        })
      ).json();
      expect(second.eligibilityRuleSetVersion).not.toBe(firstVersion);
      expect(second.eligibilityRuleSetVersion).toMatch(/^2\.0\.0\+clinic\.\d+$/);

      const patientId = await newPatient(t.app, desk, 'Versioned');
      await saveIntake(t.app, desk, patientId, {
        ...ELIGIBLE_INTAKE,
        medicalHistory: {
          ...ELIGIBLE_INTAKE.medicalHistory,
          hypertension: {
            diagnosed: false,
            readings: [{ systolic: 132, diastolic: 80, takenAt: '2026-10-30T14:00:00Z' }],
          },
        },
      });
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect(decision).toMatchObject({ decision: 'review', ruleSetVersion: second.eligibilityRuleSetVersion });
      expect(decision.reasons.map((r) => r.code)).toEqual(['blood-pressure-elevated']);

      const audit = await sql<{
        detail: { eligibilityRules?: { fromVersion: string; toVersion: string; before: unknown; after: unknown } };
      }>`
        select detail from audit_event where resource_type = 'ClinicSettings' order by seq desc limit 1`.execute(
        ctx.database.db,
      );
      expect(audit.rows[0]?.detail.eligibilityRules).toEqual({
        fromVersion: firstVersion,
        toVersion: second.eligibilityRuleSetVersion,
        before: stricter,
        after: {
          'esketamine-nasal': { 'blood-pressure-elevated': { threshold: { systolicAbove: 130, diastolicAbove: 85 } } },
        },
      });
    });

    it('does not apply a weaker setting stored before the lock, and lists it for the admin', async () => {
      const admin = await signIn(t.app, 'admin');
      await sql`update clinic set settings = settings || ${JSON.stringify({ eligibilityRuleOverrides: { 'esketamine-nasal': { pregnancy: { enabled: false }, 'age-under-minimum': { enabled: false } } } })}::jsonb
        where id = ${admin.clinicId}`.execute(ctx.database.db);
      const settings = (await api(t.app, admin, 'GET', '/api/clinic/care-settings')).json();
      expect(settings.eligibilityRuleEditsRefused.map((r: { field: string }) => r.field)).toEqual([
        'eligibilityRuleOverrides.esketamine-nasal.pregnancy',
        'eligibilityRuleOverrides.esketamine-nasal.age-under-minimum',
      ]);
      const body = (
        await api(t.app, desk, 'POST', '/api/eligibility/evaluate', { modality: 'esketamine-nasal', facts: child })
      ).json();
      expect(body.reasons.map((r: { code: string }) => r.code)).toEqual(
        expect.arrayContaining(['age-under-minimum', 'pregnancy']),
      );
      expect((await put(admin, {})).statusCode).toBe(200);
    });
  });
});
