import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import {
  addChair,
  decide,
  ELIGIBLE_INTAKE,
  newPatient,
  patientWithSignedPlan,
  saveIntake,
  signConsent,
  type PlanRequest,
  type Staff,
} from './plan-scenarios.testing.js';

describeEachDatabase('treatment plans', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    staff = { desk: await signIn(t.app, 'front_desk'), prescriber: await signIn(t.app, 'prescriber') };
  });

  const IV_FROM_4_NOVEMBER: PlanRequest = { protocol: 'iv-ketamine-induction', startDate: '2026-11-04' };
  const TRD_FROM_9_NOVEMBER: PlanRequest = { protocol: 'esketamine-trd', startDate: '2026-11-09' };
  /** Asks for a draft plan for the patient (the prescriber unless `who` says), answering the response as it is. */
  const proposePlan = (patientId: string, plan: PlanRequest, who: Session = staff.prescriber) =>
    api(t.app, who, 'POST', `/api/patients/${patientId}/plans`, plan);

  describe('POST /api/plans/preview', () => {
    it('gives esketamine-trd from a Monday as 8 sessions in weeks 1-4 and 4 in weeks 5-8, the first dose 56 mg', async () => {
      // Spravato label, section 2.2: induction twice weekly weeks 1-4 (day 1: 56 mg), maintenance weekly weeks 5-8.
      const response = await api(t.app, staff.desk, 'POST', '/api/plans/preview', {
        protocol: 'esketamine-trd',
        startDate: '2026-11-02',
        options: { inductionDoseMg: 84 },
      });
      expect(response.statusCode).toBe(200);
      const { sessions, warnings } = response.json();
      const inWeeks = (from: number, to: number) =>
        sessions.filter((s: { week: number }) => s.week >= from && s.week <= to);
      expect(inWeeks(1, 4)).toHaveLength(8);
      expect(inWeeks(5, 8)).toHaveLength(4);
      expect(sessions[0]).toEqual({
        number: 1,
        date: '2026-11-02',
        week: 1,
        phase: 'induction',
        doseMg: 56,
        route: 'intranasal',
        durationMin: 5,
        monitoringMin: 120,
      });
      expect(sessions[1]).toMatchObject({ date: '2026-11-05', doseMg: 84, durationMin: 10 });
      expect(
        sessions.every(
          (s: { date: string }) => !['0', '6'].includes(String(new Date(`${s.date}T12:00:00Z`).getUTCDay())),
        ),
      ).toBe(true);
      expect(warnings).toEqual([]);
    });

    it("uses the clinic's hours: a Saturday-open clinic gets Saturday infusions when they fit", async () => {
      const admin = await signIn(t.app, 'admin');
      const hours = {
        1: { open: '08:00', close: '18:00' },
        3: { open: '08:00', close: '18:00' },
        5: { open: '08:00', close: '18:00' },
        6: { open: '09:00', close: '13:00' },
      };
      const before = (await api(t.app, admin, 'GET', '/api/clinic/care-settings')).json();
      expect((await api(t.app, admin, 'PUT', '/api/clinic/care-settings', { clinicHours: hours })).statusCode).toBe(
        200,
      );
      try {
        const { sessions } = (
          await api(t.app, staff.desk, 'POST', '/api/plans/preview', {
            protocol: 'iv-ketamine-induction',
            startDate: '2026-11-02',
            weightKg: 70,
          })
        ).json();
        expect(sessions.map((s: { date: string }) => s.date)).toEqual([
          '2026-11-02',
          '2026-11-04',
          '2026-11-06',
          '2026-11-09',
          '2026-11-11',
          '2026-11-13',
        ]);
        expect(sessions[0]).toMatchObject({ doseMg: 35, durationMin: 40, monitoringMin: 60 });
      } finally {
        await api(t.app, admin, 'PUT', '/api/clinic/care-settings', { clinicHours: before.clinicHours });
      }
    });

    it('names the field of bad input (400) and refuses a dose above the cap with the reason (422)', async () => {
      const unknownOption = await api(t.app, staff.desk, 'POST', '/api/plans/preview', {
        protocol: 'esketamine-trd',
        startDate: '2026-11-02',
        options: { colour: 'blue' },
      });
      expect(unknownOption.statusCode).toBe(400);
      expect(unknownOption.json().errors[0].field).toBe('options.colour');
      const noWeight = await api(t.app, staff.desk, 'POST', '/api/plans/preview', {
        protocol: 'iv-ketamine-induction',
        startDate: '2026-11-02',
      });
      expect(noWeight.json().errors[0].field).toBe('weightKg');
      const badDate = await api(t.app, staff.desk, 'POST', '/api/plans/preview', {
        protocol: 'esketamine-trd',
        startDate: '2026-02-30',
      });
      expect(badDate.statusCode).toBe(400);
      const aboveCap = await api(t.app, staff.desk, 'POST', '/api/plans/preview', {
        protocol: 'iv-ketamine-induction',
        startDate: '2026-11-02',
        weightKg: 70,
        options: { mgPerKg: 1.5 },
      });
      expect(aboveCap.statusCode).toBe(422);
      expect(aboveCap.json()).toMatchObject({
        code: 'dose-above-cap-per-kg',
        detail: '1.5 mg/kg is above the protocol cap of 1 mg/kg',
      });
    });
  });

  describe('creating and signing a plan', () => {
    it('needs a current consent for the modality before a plan', async () => {
      const patientId = await newPatient(t.app, staff.desk, 'Unconsented');
      await saveIntake(t.app, staff.desk, patientId);
      await decide(t.app, staff.prescriber, patientId, 'iv-ketamine');
      const refused = await proposePlan(patientId, IV_FROM_4_NOVEMBER);
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'consent-required' });
      expect(refused.json().detail).toContain('No signed consent for iv-ketamine');
      // Consent for another modality does not count.
      await signConsent(t.app, staff.desk, patientId, 'esketamine-nasal');
      expect((await proposePlan(patientId, IV_FROM_4_NOVEMBER)).json().code).toBe('consent-required');
      await signConsent(t.app, staff.desk, patientId, 'iv-ketamine');
      const created = await proposePlan(patientId, IV_FROM_4_NOVEMBER);
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ status: 'draft', weightKg: 70, weightBasis: 'actual' });
      expect(created.json().sessions[0]).toMatchObject({ number: 1, date: '2026-11-04', doseMg: 35, booking: null });
    });

    it('needs an eligibility decision on the latest intake that allows the modality', async () => {
      const patientId = await newPatient(t.app, staff.desk, 'Undecided');
      await saveIntake(t.app, staff.desk, patientId);
      await signConsent(t.app, staff.desk, patientId, 'esketamine-nasal');
      const plan = { protocol: 'esketamine-trd', startDate: '2026-11-09' };
      expect((await proposePlan(patientId, plan)).json().code).toBe('no-eligibility-decision');
      await decide(t.app, staff.prescriber, patientId, 'esketamine-nasal');
      expect((await proposePlan(patientId, plan)).statusCode).toBe(201);
      // The intake changes: the decision no longer covers it.
      await saveIntake(t.app, staff.desk, patientId, { ...ELIGIBLE_INTAKE, weightKg: 71 }, 1);
      const stale = await proposePlan(patientId, plan);
      expect(stale.json()).toMatchObject({ status: 422, code: 'eligibility-intake-changed' });
    });

    it('refuses a plan against an absolute contraindication whatever is on record', async () => {
      const patientId = await newPatient(t.app, staff.desk, 'Bleed');
      await saveIntake(t.app, staff.desk, patientId, {
        ...ELIGIBLE_INTAKE,
        medicalHistory: { ...ELIGIBLE_INTAKE.medicalHistory, conditions: ['intracerebral-hemorrhage-history'] },
      });
      await decide(t.app, staff.prescriber, patientId, 'esketamine-nasal');
      await signConsent(t.app, staff.desk, patientId, 'esketamine-nasal');
      const refused = await proposePlan(patientId, TRD_FROM_9_NOVEMBER);
      expect(refused.json()).toMatchObject({ status: 422, code: 'eligibility-ineligible-absolute' });
    });

    it('is created and signed by a prescriber only; signing makes it active once', async () => {
      const patientId = await newPatient(t.app, staff.desk, 'Signed');
      await saveIntake(t.app, staff.desk, patientId);
      await decide(t.app, staff.prescriber, patientId, 'iv-ketamine');
      await signConsent(t.app, staff.desk, patientId, 'iv-ketamine');
      const nurse = await signIn(t.app, 'nurse');
      expect((await proposePlan(patientId, IV_FROM_4_NOVEMBER, nurse)).statusCode).toBe(403);
      const draft = (await proposePlan(patientId, { ...IV_FROM_4_NOVEMBER, options: { mgPerKg: 0.75 } })).json();
      expect(draft.sessions[0].doseMg).toBe(52.5);
      expect((await api(t.app, nurse, 'POST', `/api/plans/${draft.id}/sign`)).statusCode).toBe(403);
      const signed = await api(t.app, staff.prescriber, 'POST', `/api/plans/${draft.id}/sign`);
      expect(signed.json()).toMatchObject({ status: 'active', signedBy: { displayName: 'Dr Priya Prescriber' } });
      expect((await api(t.app, staff.prescriber, 'POST', `/api/plans/${draft.id}/sign`)).statusCode).toBe(409);
      const list = (await api(t.app, staff.desk, 'GET', `/api/patients/${patientId}/plans`)).json();
      expect(list.items.map((p: { id: string }) => p.id)).toEqual([draft.id]);
    });

    it('cannot be changed in the database once signed', async () => {
      const { planId } = await patientWithSignedPlan(t.app, staff, 'Frozen', 'iv-ketamine', {
        protocol: 'iv-ketamine-induction',
        startDate: '2026-11-04',
      });
      await expect(
        sql`update treatment_plan set options = '{"mgPerKg": 1}'::jsonb where id = ${planId}`.execute(ctx.database.db),
      ).rejects.toThrow(/signed treatment plan cannot be changed/);
      await expect(sql`delete from treatment_plan where id = ${planId}`.execute(ctx.database.db)).rejects.toThrow(
        /cannot be deleted/,
      );
    });
  });

  describe('the plan as FHIR and its end', () => {
    it('maps to an R4 CarePlan with one activity per session', async () => {
      const { planId, patientId } = await patientWithSignedPlan(t.app, staff, 'Fhir', 'esketamine-nasal', {
        protocol: 'esketamine-trd',
        startDate: '2026-11-02',
      });
      const carePlan = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}/careplan`)).json();
      expect(carePlan).toMatchObject({
        resourceType: 'CarePlan',
        id: planId,
        status: 'active',
        intent: 'plan',
        subject: { reference: `Patient/${patientId}` },
        instantiatesUri: ['urn:ketaclinic:protocol:esketamine-trd|1.1.0'],
        author: { reference: `Practitioner/${staff.prescriber.userId}` },
      });
      expect(carePlan.activity).toHaveLength(12);
      expect(carePlan.activity[0].detail.quantity).toMatchObject({ value: 56, unit: 'mg' });
    });

    it('is discontinued with a reason, which cancels its future sessions', async () => {
      const admin = await signIn(t.app, 'admin');
      const chairId = await addChair(t.app, admin, 'Discontinue chair');
      const { planId } = await patientWithSignedPlan(t.app, staff, 'Stopping', 'iv-ketamine', {
        protocol: 'iv-ketamine-induction',
        startDate: '2026-11-04',
      });
      const booked = await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/book`, { chairId, startTime: '14:00' });
      expect(booked.json().booked).toHaveLength(6);
      const stopped = await api(t.app, staff.prescriber, 'POST', `/api/plans/${planId}/discontinue`, {
        reason: 'Patient moved away',
      });
      expect(stopped.json()).toMatchObject({
        status: 'discontinued',
        discontinueReason: 'Patient moved away',
        bookedSessions: 0,
      });
      const day = (
        await api(
          t.app,
          staff.desk,
          'GET',
          `/api/schedule?from=2026-11-04&to=2026-11-04&chairId=${chairId}&includeCancelled=true`,
        )
      ).json();
      expect(day.sessions[0]).toMatchObject({ status: 'cancelled', cancelReasonCode: 'plan-discontinued' });
      expect(
        (
          await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, {
            chairId,
            start: '2026-11-04T14:00',
          })
        ).json().code,
      ).toBe('plan-not-active');
    });
  });
  describe('end-of-induction review (esketamine TRD)', () => {
    // Source: SPRAVATO US PI section 2, Dosage and Administration (TRD): evaluate therapeutic benefit at the end of
    // the induction phase to determine the need for continued treatment. Before protocol 1.1.0 all 12 sessions of
    // weeks 1-8 were booked in one call with no review in between.
    it('holds weeks 5-8 until a prescriber records benefit after induction, then books them', async () => {
      const admin = await signIn(t.app, 'admin');
      const nurse = await signIn(t.app, 'nurse');
      const chairId = await addChair(t.app, admin, 'Review chair');
      const { planId } = await patientWithSignedPlan(t.app, staff, 'Induction', 'esketamine-nasal', {
        protocol: 'esketamine-trd',
        startDate: '2026-11-09',
      });
      const plan = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}`)).json();
      expect(plan.reviewGates).toEqual([
        expect.objectContaining({
          code: 'end-of-induction',
          afterSessionNumber: 8,
          dueFrom: '2026-12-03',
          holdsSessions: [9, 10, 11, 12],
          status: 'pending',
        }),
      ]);
      expect(plan.sessions.map((s: { heldForReview: string | null }) => s.heldForReview)).toEqual([
        ...Array(8).fill(null),
        ...Array(4).fill('end-of-induction'),
      ]);
      expect(plan.missedSessions.map((m: { phase: string }) => m.phase)).toEqual(['induction', 'maintenance']);

      const booking = (
        await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/book`, { chairId, startTime: '13:00' })
      ).json();
      expect(booking.booked).toHaveLength(8);
      expect(booking.unplaced.map((u: { number: number; reason: string }) => [u.number, u.reason])).toEqual([
        [9, 'review-required'],
        [10, 'review-required'],
        [11, 'review-required'],
        [12, 'review-required'],
      ]);
      const one = await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/sessions/9/booking`, {
        chairId,
        start: '2026-12-07T13:00',
      });
      expect(one.statusCode).toBe(422);
      expect(one.json().code).toBe('review-required');

      const review = { code: 'end-of-induction', benefit: 'response', decision: 'continue', note: 'MADRS 36 -> 15' };
      expect((await api(t.app, nurse, 'POST', `/api/plans/${planId}/reviews`, review)).statusCode).toBe(403);
      const early = await api(t.app, staff.prescriber, 'POST', `/api/plans/${planId}/reviews`, review);
      expect(early.statusCode).toBe(422);
      expect(early.json()).toMatchObject({ code: 'review-too-early', errors: [{ field: 'code' }] });

      t.clock.set(new Date('2026-12-03T20:00:00Z'));
      try {
        // A month later: sign in again (sessions expire).
        const later = { desk: await signIn(t.app, 'front_desk'), prescriber: await signIn(t.app, 'prescriber') };
        const noNote = await api(t.app, later.prescriber, 'POST', `/api/plans/${planId}/reviews`, {
          code: 'end-of-induction',
          benefit: 'no-benefit',
          decision: 'continue',
        });
        expect(noNote.statusCode).toBe(400);
        expect(noNote.json().errors[0].field).toBe('note');
        const recorded = await api(t.app, later.prescriber, 'POST', `/api/plans/${planId}/reviews`, review);
        expect(recorded.statusCode).toBe(201);
        expect(recorded.json().reviewGates[0].status).toBe('open');
        expect(recorded.json().reviews).toEqual([
          expect.objectContaining({
            code: 'end-of-induction',
            benefit: 'response',
            decision: 'continue',
            recordedBy: expect.objectContaining({ id: later.prescriber.userId }),
          }),
        ]);
        const rest = (
          await api(t.app, later.desk, 'POST', `/api/plans/${planId}/book`, { chairId, startTime: '13:00' })
        ).json();
        expect(rest.booked.map((s: { sessionNumber: number }) => s.sessionNumber)).toEqual([9, 10, 11, 12]);
        const audit = await sql<{
          action: string;
        }>`select action from audit_event where resource_type = 'PlanReview' and patient_id = ${recorded.json().patientId}`.execute(
          ctx.database.db,
        );
        expect(audit.rows.map((r) => r.action)).toEqual(['create']);

        // Source: SPRAVATO US PI section 2, Missed Treatment Session(s): a missed maintenance session shows the rule.
        const week5 = (await api(t.app, later.desk, 'GET', `/api/plans/${planId}`)).json().sessions[8].booking;
        expect(
          (
            await api(t.app, later.desk, 'POST', `/api/sessions/${week5.sessionId}/cancel`, {
              reasonCode: 'patient-request',
            })
          ).statusCode,
        ).toBe(200);
        const after = (await api(t.app, later.desk, 'GET', `/api/plans/${planId}`)).json();
        expect(after.missedSessionAdvice).toEqual([expect.objectContaining({ phase: 'maintenance', sessions: [9] })]);
        expect(after.missedSessionAdvice[0].rule).toContain('previous dosing schedule');
      } finally {
        t.clock.set(new Date('2026-11-02T15:00:00Z'));
      }
    });
  });
  describe('the protocol matches the esketamine indication and the current rules', () => {
    // Source: SPRAVATO US PI sections 1 and 2: the MDSI schedule (84 mg twice weekly for 4 weeks) is for MDD with
    // acute suicidal ideation together with an oral antidepressant, not for TRD alone.
    it('refuses an MDSI plan for a patient whose facts establish TRD only, naming the protocol field', async () => {
      const patientId = await newPatient(t.app, staff.desk, 'Mismatch');
      await saveIntake(t.app, staff.desk, patientId);
      await decide(t.app, staff.prescriber, patientId, 'esketamine-nasal');
      await signConsent(t.app, staff.desk, patientId, 'esketamine-nasal');
      const refused = await proposePlan(patientId, {
        protocol: 'esketamine-mdsi',
        startDate: '2026-11-09',
      });
      expect(refused.statusCode).toBe(422);
      expect(refused.json()).toMatchObject({ code: 'protocol-indication-mismatch', errors: [{ field: 'protocol' }] });
      expect((await proposePlan(patientId, TRD_FROM_9_NOVEMBER)).statusCode).toBe(201);
    });

    // Issue 10 item 11: a decision names the rule set it used; one made under other rules is made again first.
    it('refuses to plan on a decision made under another rule-set version', async () => {
      const patientId = await newPatient(t.app, staff.desk, 'Oldrules');
      await saveIntake(t.app, staff.desk, patientId);
      const decision = await decide(t.app, staff.prescriber, patientId, 'esketamine-nasal');
      await signConsent(t.app, staff.desk, patientId, 'esketamine-nasal');
      await sql`alter table eligibility_decision disable trigger user`.execute(ctx.database.db);
      await sql`update eligibility_decision set rule_set_version = '1.0.0' where id = ${decision.id}`.execute(
        ctx.database.db,
      );
      await sql`alter table eligibility_decision enable trigger user`.execute(ctx.database.db);
      const refused = await proposePlan(patientId, TRD_FROM_9_NOVEMBER);
      expect(refused.statusCode).toBe(422);
      expect(refused.json().code).toBe('eligibility-rules-changed');
      await decide(t.app, staff.prescriber, patientId, 'esketamine-nasal');
      expect((await proposePlan(patientId, TRD_FROM_9_NOVEMBER)).statusCode).toBe(201);
    });
  });
});
