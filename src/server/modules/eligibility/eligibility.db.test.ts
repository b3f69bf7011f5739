import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, TEST_PASSWORD, type Session, type TestApp } from '../../testing/test-app.js';
import { decide, ELIGIBLE_INTAKE, newPatient, saveIntake, signConsent } from '../plans/plan-scenarios.testing.js';
import type { Intake } from '../intake/intake.schemas.js';

const withConditions = (...conditions: NonNullable<NonNullable<Intake['medicalHistory']>['conditions']>): Intake => ({
  ...ELIGIBLE_INTAKE, medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, conditions },
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
    await t.services.users.create(clinicId, { email: 'second.prescriber@demo.ketaclinic.test', displayName: 'Dr Sam Second', role: 'prescriber', password: TEST_PASSWORD });
    secondPrescriber = await signIn(t.app, { email: 'second.prescriber@demo.ketaclinic.test', password: TEST_PASSWORD });
  });

  describe('POST /api/eligibility/evaluate (stores nothing)', () => {
    it('finds esketamine ineligible after an intracerebral haemorrhage, with that reason and its source', async () => {
      // Spravato label, section 4 Contraindications: history of intracerebral hemorrhage.
      const count = async () => (await sql<{ n: number }>`select count(*)::int as n from eligibility_decision`.execute(ctx.database.db)).rows[0]?.n;
      const before = await count();
      const response = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', {
        modality: 'esketamine-nasal',
        facts: { age: 52, weightKg: 80, systolic: 128, diastolic: 80, conditions: ['intracerebral-hemorrhage-history'], diagnoses: ['F33.2'], acuteSuicidalIdeation: true },
      });
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body.decision).toBe('ineligible');
      expect(body.reasons[0]).toMatchObject({ code: 'intracerebral-hemorrhage-history', severity: 'absolute', blocking: false });
      expect(body.reasons[0].message).toContain('History of intracerebral haemorrhage');
      expect(body.reasons[0].source.source).toContain('SPRAVATO');
      expect(body.overridePolicy).toMatchObject({ allowed: false, prescribersRequired: 0 });
      expect(await count()).toBe(before);
    });

    it('answers 400 naming the field for an unknown condition code or modality', async () => {
      const unknownCode = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', { modality: 'iv-ketamine', facts: { conditions: ['schizophrenia', 'broken-leg'] } });
      expect(unknownCode.statusCode).toBe(400);
      expect(unknownCode.json().errors).toEqual([expect.objectContaining({ field: 'facts.conditions.1' })]);
      const unknownFact = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', { modality: 'iv-ketamine', facts: { shoeSize: 44 } });
      expect(unknownFact.json().errors[0].field).toBe('facts.shoeSize');
      const unknownModality = await api(t.app, desk, 'POST', '/api/eligibility/evaluate', { modality: 'ketamine-lollipop', facts: {} });
      expect(unknownModality.statusCode).toBe(400);
      expect(unknownModality.json().errors[0].field).toBe('modality');
    });

    it('shows the treatment-resistance reasoning when trials are given', async () => {
      const body = (await api(t.app, desk, 'POST', '/api/eligibility/evaluate', { modality: 'esketamine-nasal', facts: { age: 40, systolic: 120, diastolic: 75, diagnoses: ['F33.1'], trials: ELIGIBLE_INTAKE.trials } })).json();
      expect(body.decision).toBe('eligible');
      expect(body.treatmentResistance).toMatchObject({ isTreatmentResistant: true, failedAdequateTrials: 2 });
    });
  });

  describe('stored decisions and overrides', () => {
    it('evaluates the stored intake, keeps the reasons and rule-set version, and refuses without an intake', async () => {
      const patientId = await newPatient(t.app, desk, 'Noform');
      expect((await api(t.app, prescriber, 'POST', `/api/patients/${patientId}/eligibility`, { modality: 'iv-ketamine' })).json().code).toBe('no-intake');
      await saveIntake(t.app, desk, patientId, withConditions('intracerebral-hemorrhage-history'));
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect(decision).toMatchObject({ decision: 'ineligible', ruleSetVersion: '1.0.0', intakeVersion: 1, standing: { mayPlan: false, code: 'ineligible-absolute' } });
      expect(decision.reasons.map((r) => r.code)).toContain('intracerebral-hemorrhage-history');
      const listed = (await api(t.app, prescriber, 'GET', `/api/patients/${patientId}/eligibility`)).json();
      expect(listed.current.map((d: { modality: string }) => d.modality)).toEqual(['esketamine-nasal']);
    });

    it('never lets an absolute reason be overridden', async () => {
      const patientId = await newPatient(t.app, desk, 'Absolute');
      await saveIntake(t.app, desk, patientId, withConditions('aneurysmal-vascular-disease'));
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      const refused = await api(t.app, prescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override`, { reason: 'Patient insists, benefits outweigh risks' });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'override-not-allowed' });
      expect(refused.json().detail).toContain('aneurysmal-vascular-disease');
    });

    it('lets one prescriber override a review with a documented reason', async () => {
      // Spravato label, 5.3 Increase in blood pressure: assess before dosing; 140/90 general guide.
      const patientId = await newPatient(t.app, desk, 'Review');
      await saveIntake(t.app, desk, patientId, {
        ...ELIGIBLE_INTAKE,
        medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, hypertension: { diagnosed: true, controlled: true, readings: [{ systolic: 148, diastolic: 88, takenAt: '2026-10-30T14:00:00Z' }] } },
      });
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect(decision.decision).toBe('review');
      expect((await api(t.app, desk, 'POST', `/api/eligibility-decisions/${decision.id}/override`, { reason: 'Front desk cannot do this' })).statusCode).toBe(403);
      expect((await api(t.app, prescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override`, { reason: 'short' })).statusCode).toBe(400);
      const overridden = await api(t.app, prescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override`, { reason: 'Repeat BP 132/84 after rest; cardiology review on file' });
      expect(overridden.statusCode).toBe(201);
      expect(overridden.json()).toMatchObject({
        override: { prescribersRequired: 1, status: 'effective', signedBy: { displayName: 'Dr Priya Prescriber' } },
        standing: { mayPlan: true, code: 'review-overridden' },
      });
      expect((await api(t.app, secondPrescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override`, { reason: 'A second override of the same decision' })).statusCode).toBe(409);
      expect((await api(t.app, secondPrescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override/countersignature`, {})).json().code).toBe('countersignature-not-needed');
      await signConsent(t.app, desk, patientId, 'esketamine-nasal');
      expect((await api(t.app, prescriber, 'POST', `/api/patients/${patientId}/plans`, { protocol: 'esketamine-trd', startDate: '2026-11-09' })).statusCode).toBe(201);
    });

    it('needs a second prescriber to countersign an override of a relative-only ineligible decision', async () => {
      // Spravato label, 8.1 Pregnancy: not recommended; shipped as a blocking relative reason (README).
      const patientId = await newPatient(t.app, desk, 'Pregnant');
      await saveIntake(t.app, desk, patientId, { ...ELIGIBLE_INTAKE, medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, pregnancy: { status: 'pregnant' } } });
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect(decision.decision).toBe('ineligible');
      expect(decision.reasons.every((r) => r.severity !== 'absolute')).toBe(true);
      const overridden = (await api(t.app, prescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override`, { reason: 'Severe TRD with failed ECT; obstetric team consulted' })).json();
      expect(overridden).toMatchObject({ override: { prescribersRequired: 2, status: 'awaiting-countersignature' }, standing: { mayPlan: false, code: 'ineligible-needs-countersignature' } });
      const self = await api(t.app, prescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override/countersignature`, { note: 'Me again' });
      expect(self.json()).toMatchObject({ status: 422, code: 'second-prescriber-required' });
      const countersigned = await api(t.app, secondPrescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override/countersignature`, { note: 'Agree' });
      expect(countersigned.json()).toMatchObject({
        override: { status: 'effective', countersignedBy: { displayName: 'Dr Sam Second' }, countersignNote: 'Agree' },
        standing: { mayPlan: true, code: 'ineligible-overridden' },
      });
      expect((await api(t.app, secondPrescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override/countersignature`, {})).statusCode).toBe(409);
    });

    it('keeps decisions and overrides unchangeable in the database', async () => {
      const patientId = await newPatient(t.app, desk, 'Immutable');
      await saveIntake(t.app, desk, patientId, { ...ELIGIBLE_INTAKE, medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, pregnancy: { status: 'pregnant' } } });
      const decision = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      await expect(sql`update eligibility_decision set decision = 'eligible' where id = ${decision.id}`.execute(ctx.database.db)).rejects.toThrow(/append-only/);
      await api(t.app, prescriber, 'POST', `/api/eligibility-decisions/${decision.id}/override`, { reason: 'Documented reason for going ahead' });
      await expect(sql`update eligibility_override set countersigned_by = signed_by, countersigned_at = now() where decision_id = ${decision.id}`.execute(ctx.database.db))
        .rejects.toThrow(/eligibility_override_second_prescriber/);
      await expect(sql`update eligibility_override set reason = 'changed' where decision_id = ${decision.id}`.execute(ctx.database.db)).rejects.toThrow(/only the countersignature/);
    });

    it('a newer decision supersedes the old one for overrides', async () => {
      const patientId = await newPatient(t.app, desk, 'Superseded');
      await saveIntake(t.app, desk, patientId, { ...ELIGIBLE_INTAKE, medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, pregnancy: { status: 'pregnant' } } });
      const first = await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      await decide(t.app, prescriber, patientId, 'esketamine-nasal');
      expect((await api(t.app, prescriber, 'POST', `/api/eligibility-decisions/${first.id}/override`, { reason: 'Overriding the old decision' })).json().code).toBe('decision-superseded');
    });
  });
});
