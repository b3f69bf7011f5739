import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClinicEvent } from '../../realtime/clinic-event.js';
import { ClinicEventHub } from '../../realtime/clinic-event-hub.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import {
  acknowledgeQuestionnaires,
  administer,
  checkInPatient,
  enrolInRems,
  FASTED,
  bookedOnFirstPlan,
  type FirstPlanModality,
  PRE_DOSE,
  prepareIvDose,
  observe,
  prepareDose,
  verifyDose,
} from '../../testing/session-steps.js';
import { api, createTestApp, expectStatus, type Session, type TestApp } from '../../testing/test-app.js';
import { ELIGIBLE_INTAKE, saveIntake, signInStaffAt, type Staff } from '../plans/plan-scenarios.testing.js';

// The test clock starts on Monday 2026-11-02 15:00 UTC = 10:00 in the demo clinic (America/New_York).
const T0 = Date.parse('2026-11-02T15:00:00Z');
const at = (minutes: number): string => new Date(T0 + minutes * 60_000).toISOString();

describeEachDatabase('treatment day', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  let nurse: Session;
  let prescriber: Session;
  let admin: Session;

  /** A patient on FIRST_PLAN with session 1 booked today at `start` (local), in a chair of their own. */
  const bookedSession = (name: string, modality: FirstPlanModality, start: string) =>
    bookedOnFirstPlan(t.app, staff, admin, name, modality, start);

  /** Moves the clock and signs everyone in again (sign-ins expire after 15 idle minutes). */
  async function moveTo(ms: number): Promise<void> {
    ({ staff, prescriber, nurse, admin } = await signInStaffAt(t, ms));
  }

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await moveTo(T0);
  });

  describe('a full IV ketamine session through the API', () => {
    it('runs checklist, dose, verification, infusion, monitoring with an alert, an adverse event, discharge, note and billing', async () => {
      await moveTo(T0);
      const { sessionId } = await bookedSession('Ivy', 'iv-ketamine', '2026-11-02T10:30');
      const url = `/api/sessions/${sessionId}`;

      // Given a check-in without a ride home, the checklist blocks the dose and names the item.
      await expectStatus(
        api(t.app, nurse, 'POST', `${url}/check-in`, { identityChecked: true, preDoseVitals: PRE_DOSE, weightKg: 70 }),
        200,
      );
      const blocked = await prepareIvDose(t.app, nurse, url, 409);
      expect(blocked.code).toBe('checklist-blocked');
      expect(blocked.errors.map((e: { field: string }) => e.field)).toEqual(['checklist.ride-home']);

      // When the ride is confirmed (a new check-in version), only the questionnaire warning is left, and it needs a prescriber.
      const checkedIn = await checkInPatient(t.app, nurse, url, { weightKg: 70 });
      expect(checkedIn.checklist.blockingItems).toEqual([]);
      expect(checkedIn.checklist.unacknowledgedWarnings).toEqual(['questionnaires']);
      expect(checkedIn.phase.phase).toBe('pre-dose');
      const unacknowledged = await prepareIvDose(t.app, nurse, url, 409);
      expect(unacknowledged.code).toBe('checklist-warning-unacknowledged');
      await expectStatus(
        api(t.app, nurse, 'POST', `${url}/checklist/acknowledgements`, {
          item: 'questionnaires',
          reason: 'Completed on paper',
        }),
        403,
      );
      await expectStatus(
        api(t.app, prescriber, 'POST', `${url}/checklist/acknowledgements`, { item: 'ride-home', reason: 'x' }),
        409,
      );
      await acknowledgeQuestionnaires(t.app, prescriber, url, 'PHQ-9 done on paper this morning; reviewed');

      // The dose comes from the plan: 0.5 mg/kg x 70 kg = 35 mg, 3.5 mL at 10 mg/mL, over 40 min = 5.3 mL/h.
      await moveTo(T0 + 2 * 60_000);
      const notADraw = await prepareDose(
        t.app,
        nurse,
        url,
        {
          concentrationMgPerMl: 10,
          lotNumber: 'KET50-DEMO-A',
          lotExpiry: '2027-06-30',
          ledgerDrawId: '00000000-0000-4000-8000-000000000001',
        },
        400,
      );
      expect(notADraw.errors[0].field).toBe('ledgerDrawId');
      const dosed = await prepareIvDose(t.app, nurse, url);
      expect(dosed.dose).toMatchObject({
        doseMg: 35,
        volumeMl: 3.5,
        rateMlPerHour: 5.3,
        plannedDurationMin: 40,
        lotNumber: 'KET50-DEMO-A',
        verification: { required: true, verifiedBy: null },
      });

      // Second-person verification is on by default for IV: the preparer cannot verify, and nothing starts before it.
      const unverified = await administer(t.app, nurse, url, { event: 'infusion-started' }, 409);
      expect(unverified.code).toBe('dose-not-verified');
      expect((await verifyDose(t.app, nurse, url, 409)).code).toBe('verifier-is-preparer');
      await verifyDose(t.app, prescriber, url);

      await moveTo(T0 + 5 * 60_000);
      const started = await administer(t.app, nurse, url, { event: 'infusion-started' });
      expect(started.phase.phase).toBe('dosing');
      expect(started.checks.next).toMatchObject({ id: 'during-infusion@15', dueAt: at(20) });

      // Four vital-sign readings; the hypertensive one raises alerts from the cited clinic thresholds.
      await moveTo(T0 + 20 * 60_000);
      const first = await observe(t.app, nurse, url, {
        kind: 'vitals',
        vitals: { systolic: 134, diastolic: 84, heartRate: 76, spo2: 97, respiratoryRate: 14 },
      });
      expect(first.alerts).toEqual([]);
      await moveTo(T0 + 35 * 60_000);
      const high = await observe(t.app, nurse, url, {
        kind: 'vitals',
        vitals: { systolic: 186, diastolic: 104, heartRate: 88, spo2: 97, respiratoryRate: 16 },
      });
      // SBP 186 > 180 (clinic default) and a rise of 58 >= 40 over the 128 baseline (the size the Spravato label reports).
      expect(high.alerts).toEqual(['sbp-high', 'sbp-rise']);
      await observe(t.app, nurse, url, { kind: 'nausea', level: 'moderate' });

      // An adverse event with ondansetron, and the infusion paused and stopped.
      const nausea = (severity: string) => ({
        type: 'nausea-vomiting',
        severity,
        serious: false,
        startedAt: at(34),
        outcome: 'resolved',
        endedAt: at(35),
        interventions: [{ code: 'ondansetron', dose: '4 mg', route: 'IV', at: at(35) }],
      });
      const ae = await expectStatus(api(t.app, nurse, 'POST', `${url}/adverse-events`, nausea('moderate')), 201);
      expect(ae.session.adverseEvents[0]).toMatchObject({
        type: 'nausea-vomiting',
        interventions: [{ code: 'ondansetron', dose: '4 mg', route: 'IV' }],
      });
      // An adverse event is corrected like any entry: the new version is in force, the first stays in the timeline.
      const aeFixed = await expectStatus(
        api(t.app, nurse, 'POST', `${url}/entries/${ae.id}/corrections`, {
          reason: 'Vomited once; severity was mild',
          adverseEvent: nausea('mild'),
        }),
        201,
      );
      expect(aeFixed.adverseEvents).toEqual([expect.objectContaining({ id: ae.id, severity: 'mild' })]);
      expect(aeFixed.timeline.find((e: { id: string }) => e.id === ae.id)).toMatchObject({
        isCorrected: true,
        data: { severity: 'moderate' },
      });
      const badAe = await expectStatus(
        api(t.app, nurse, 'POST', `${url}/adverse-events`, {
          type: 'hypertension',
          severity: 'mild',
          serious: false,
          startedAt: at(34),
          outcome: 'resolved',
          interventions: [{ code: 'labetalol', route: 'IV', at: at(35) }],
        }),
        400,
      );
      expect(badAe.errors.map((e: { field: string }) => e.field)).toEqual(['adverseEvent.interventions.0.dose']);
      const noReason = await administer(t.app, nurse, url, { event: 'infusion-paused' }, 400);
      expect(noReason.errors[0].field).toBe('reason');
      await administer(t.app, nurse, url, {
        event: 'infusion-paused',
        reason: 'Blood pressure 186/104',
      });
      await moveTo(T0 + 40 * 60_000);
      await administer(t.app, nurse, url, { event: 'infusion-resumed' });
      await moveTo(T0 + 50 * 60_000);
      const stopped = await administer(t.app, nurse, url, { event: 'infusion-stopped', totalDeliveredMg: 35 });
      expect(stopped.phase.phase).toBe('monitoring');
      // 35 mg over 40 min = 0.875 mg/min, paused 5 of the 45 minutes: 35 mg delivered.
      expect(stopped.administration.estimatedDeliveredMg).toBe(35);
      // The PK curve names its model (Domino 1982 by default) and draws the planned and the actual (paused) infusion.
      const pk = await expectStatus(api(t.app, nurse, 'GET', `${url}/pk`), 200);
      expect(pk.model.id).toBe('domino-1982');
      expect(pk.planned.totalDoseMg).toBeCloseTo(35, 6);
      expect(pk.actual.infusions).toHaveLength(2);
      expect(pk.actual.totalDoseMg).toBeCloseTo(35, 6);
      expect((await expectStatus(api(t.app, nurse, 'GET', `${url}/pk?model=nonesuch`), 400)).errors[0].field).toBe(
        'model',
      );

      await observe(t.app, nurse, url, {
        kind: 'vitals',
        vitals: { systolic: 142, diastolic: 88, heartRate: 80, spo2: 98, respiratoryRate: 14 },
      });
      await moveTo(T0 + 76 * 60_000);
      const wrong = await observe(t.app, nurse, url, {
        kind: 'vitals',
        vitals: { systolic: 182, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 },
      });
      expect(wrong.alerts).toContain('sbp-high');
      // A typing error is corrected: the original stays on record, struck through, with the reason.
      const corrected = await expectStatus(
        api(t.app, nurse, 'POST', `${url}/entries/${wrong.entryId}/corrections`, {
          reason: 'Typed 182 for 128',
          observation: { vitals: { systolic: 128, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 } },
        }),
        201,
      );
      const original = corrected.timeline.find((e: { id: string }) => e.id === wrong.entryId);
      expect(original).toMatchObject({
        isCorrected: true,
        data: { systolic: 182 },
        corrections: [{ correctionReason: 'Typed 182 for 128', data: { systolic: 128 } }],
      });
      await observe(t.app, nurse, url, { kind: 'moaas', score: 5 });
      await observe(t.app, nurse, url, {
        kind: 'cadss',
        form: 'cadss-6',
        answers: { 1: 1, 2: 0, 3: 0, 4: 1, 5: 0, 6: 0 },
      });

      // Discharge at 79 min: 29 of the clinic's 30 min after the infusion ended, and four alerts still open (the corrected typing error's two stay until acknowledged).
      await moveTo(T0 + 79 * 60_000);
      const early = await expectStatus(
        api(t.app, nurse, 'GET', `${url}/discharge?clinicallyStable=true&ridePresent=true`),
        200,
      );
      expect(early.allowed).toBe(false);
      expect(early.reasons.map((r: { code: string }) => r.code)).toEqual([
        'monitoring-time-not-reached',
        'open-alerts',
      ]);
      const refused = await expectStatus(
        api(t.app, nurse, 'POST', `${url}/discharge`, { clinicallyStable: true, ridePresent: true }),
        409,
      );
      expect(refused.code).toBe('discharge-blocked');
      expect(refused.errors.map((e: { field: string }) => e.field)).toEqual([
        'monitoring-time-not-reached',
        'open-alerts',
      ]);

      const record = await expectStatus(api(t.app, nurse, 'GET', `${url}/treatment`), 200);
      // One alert per reading (issue 10 item 7): the reading and its correction each raised one, with both thresholds inside.
      expect(record.alerts.map((a: { codes: string[] }) => a.codes)).toEqual([
        ['sbp-high', 'sbp-rise'],
        ['sbp-high', 'sbp-rise'],
      ]);
      for (const alert of record.alerts) {
        await expectStatus(
          api(t.app, nurse, 'POST', `${url}/alerts/${alert.id}/acknowledgement`, {
            action: 'Prescriber informed; infusion paused; BP rechecked',
          }),
          200,
        );
      }
      await expectStatus(
        api(t.app, nurse, 'POST', `${url}/alerts/${record.alerts[0].id}/acknowledgement`, { action: 'again' }),
        409,
      );

      await moveTo(T0 + 80 * 60_000);
      const ready = await expectStatus(
        api(t.app, nurse, 'GET', `${url}/discharge?clinicallyStable=true&ridePresent=true`),
        200,
      );
      expect(ready).toMatchObject({ allowed: true, reasons: [] });
      await expectStatus(
        api(t.app, nurse, 'POST', `${url}/discharge`, { clinicallyStable: true, ridePresent: true }),
        200,
      );
      expect(
        (
          await expectStatus(
            api(t.app, nurse, 'POST', `${url}/discharge`, { clinicallyStable: true, ridePresent: true }),
            409,
          )
        ).code,
      ).toBe('already-discharged');

      // The note is composed from the record, signed, then locked: later changes are addenda.
      const note = await expectStatus(api(t.app, nurse, 'GET', `${url}/note`), 200);
      expect(note.composed).toMatch(/Ketamine 35 mg IV/);
      expect(note.composed).toMatch(/Ondansetron 4 mg IV/);
      expect(note.composed).toMatch(/Peak BP 186\/104/);
      const drafted = await expectStatus(
        api(t.app, nurse, 'PUT', `${url}/note`, { body: `${note.composed}\nTolerated well.`, baseVersion: 0 }),
        200,
      );
      expect(drafted.recordChangedSinceDraft).toBe(false);
      await expectStatus(api(t.app, nurse, 'PUT', `${url}/note`, { body: 'stale', baseVersion: 0 }), 409);
      // Something recorded after the draft was saved: the note says the draft no longer covers the whole record.
      await moveTo(T0 + 82 * 60_000);
      await observe(t.app, nurse, url, { kind: 'note', text: 'Ride arrived late' });
      expect((await expectStatus(api(t.app, nurse, 'GET', `${url}/note`), 200)).recordChangedSinceDraft).toBe(true);
      const signed = await expectStatus(api(t.app, nurse, 'POST', `${url}/note/signature`), 200);
      expect(signed.signed.body).toMatch(/Tolerated well\./);
      expect(
        (await expectStatus(api(t.app, nurse, 'PUT', `${url}/note`, { body: 'change', baseVersion: 2 }), 409)).code,
      ).toBe('note-signed');
      const addendum = await expectStatus(
        api(t.app, nurse, 'POST', `${url}/note/addenda`, { text: 'Called next day: well.' }),
        201,
      );
      expect(addendum.addenda).toHaveLength(1);

      // Billing: a 40-minute infusion (pause excluded) is 96365; the diagnosis comes from the intake.
      const billing = await expectStatus(api(t.app, nurse, 'POST', `${url}/billing`, {}), 201);
      expect(billing.lines.map((l: { code: string }) => l.code)).toEqual(['96365']);
      expect(billing.diagnoses[0].code).toBe('F33.2');

      // Every write is audited with the patient; nothing in the journal can be changed afterwards.
      const audit = await sql<{
        action: string;
      }>`select action from audit_event where resource_id = ${sessionId} order by seq`.execute(ctx.database.db);
      expect(audit.rows.map((r) => r.action)).toEqual(
        expect.arrayContaining([
          'check-in',
          'prepare-dose',
          'verify-dose',
          'administration:infusion-started',
          'record-vitals',
          'correct-entry',
          'discharge',
          'sign-note',
        ]),
      );
      await expect(
        sql`update treatment_day_entry set data = '{}' where session_id = ${sessionId}`.execute(ctx.database.db),
      ).rejects.toThrow(/append-only/);
    });
  });

  describe('an esketamine session', () => {
    it('refuses a device before 5 minutes unless overridden, and blocks discharge at 119 min after the last device but allows it at 120', async () => {
      await moveTo(T0 + 200 * 60_000);
      const { sessionId, patientId } = await bookedSession('Esme', 'esketamine-nasal', '2026-11-02T13:30');
      const url = `/api/sessions/${sessionId}`;
      const base = T0 + 200 * 60_000;
      const atMin = (m: number) => new Date(base + m * 60_000);

      const checkIn = await checkInPatient(t.app, nurse, url, FASTED);
      // Outpatient settings enrol the patient in the SPRAVATO REMS before the first treatment.
      expect(checkIn.checklist.blockingItems).toEqual(['rems-enrolment']);
      await enrolInRems(t.app, nurse, patientId, 'R-1');
      await acknowledgeQuestionnaires(t.app, prescriber, url);
      const dosed = await prepareDose(t.app, nurse, url, { lotNumber: 'SPR84-DEMO-B', lotExpiry: '2027-01-31' });
      // Session 1 of the TRD induction is 56 mg: two 28 mg devices.
      expect(dosed.dose).toMatchObject({ doseMg: 56, devices: 2, verification: { required: false } });

      // Spravato label: 5 minutes between devices.
      await administer(t.app, nurse, url, { event: 'device-administered' });
      await moveTo(atMin(4).getTime());
      const tooSoon = await administer(t.app, nurse, url, { event: 'device-administered' }, 422);
      expect(tooSoon.code).toBe('device-too-soon');
      const last = await administer(t.app, nurse, url, {
        event: 'device-administered',
        overrideReason: 'Patient asked to proceed; prescriber agreed',
      });
      expect(last.timeline.at(-1)).toMatchObject({
        kind: 'device-administered',
        data: { deviceNumber: 2, overrideReason: 'Patient asked to proceed; prescriber agreed' },
      });
      // The 2-hour monitoring clock starts at the last device.
      expect(last.phase).toMatchObject({
        phase: 'monitoring',
        monitoringStartedAt: atMin(4).toISOString(),
        minimumMonitoringEndsAt: atMin(124).toISOString(),
      });
      expect((await administer(t.app, nurse, url, { event: 'device-administered' }, 422)).code).toBe(
        'all-devices-given',
      );

      // Monitoring at 44 and 120 minutes: vital signs and a MOAA/S score each time ([minute, score, vitals]).
      const monitoring: [number, number, Record<string, number>][] = [
        [44, 4, { systolic: 138, diastolic: 86, heartRate: 78, spo2: 97, respiratoryRate: 14 }],
        [120, 5, { systolic: 126, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 }],
      ];
      for (const [minute, score, vitals] of monitoring) {
        await moveTo(atMin(minute).getTime());
        await observe(t.app, nurse, url, { kind: 'vitals', vitals });
        await observe(t.app, nurse, url, { kind: 'moaas', score });
      }

      // 119 minutes after the last device: blocked, and no prescriber may override the label's 2 hours (Spravato PI, REMS).
      await moveTo(atMin(123).getTime());
      const at119 = await expectStatus(
        api(t.app, nurse, 'GET', `${url}/discharge?clinicallyStable=true&ridePresent=true`),
        200,
      );
      expect(at119.allowed).toBe(false);
      expect(at119.reasons).toEqual([
        expect.objectContaining({ code: 'monitoring-time-not-reached', overridable: false }),
      ]);
      expect(at119.reasons[0].message).toMatch(/^119 of the required 120 min after the last device/);
      await expectStatus(
        api(t.app, prescriber, 'POST', `${url}/discharge`, {
          clinicallyStable: true,
          ridePresent: true,
          override: { reason: 'Wants to leave' },
        }),
        409,
      );
      await expectStatus(
        api(t.app, nurse, 'POST', `${url}/discharge`, {
          clinicallyStable: true,
          ridePresent: true,
          override: { reason: 'Wants to leave' },
        }),
        403,
      );

      const board = await expectStatus(api(t.app, nurse, 'GET', '/api/treatment-day/board'), 200);
      const chair = board.chairs.find((c: { sessionId: string }) => c.sessionId === sessionId);
      expect(chair).toMatchObject({
        patientInitials: 'ES',
        modality: 'esketamine-nasal',
        phase: 'monitoring',
        openAlerts: [],
      });
      // The front desk sees the board (initials, phase, times) but not the session itself.
      const deskBoard = await expectStatus(api(t.app, staff.desk, 'GET', '/api/treatment-day/board'), 200);
      expect(deskBoard.chairs.find((c: { sessionId: string }) => c.sessionId === sessionId)).toMatchObject({
        patientInitials: 'ES',
        phase: 'monitoring',
      });
      await expectStatus(api(t.app, staff.desk, 'GET', `${url}/treatment`), 403);

      await moveTo(atMin(124).getTime());
      expect(
        (await expectStatus(api(t.app, nurse, 'GET', `${url}/discharge?clinicallyStable=true&ridePresent=true`), 200))
          .allowed,
      ).toBe(true);
      await expectStatus(
        api(t.app, nurse, 'POST', `${url}/discharge`, { clinicallyStable: true, ridePresent: true }),
        200,
      );

      // The REMS Patient Monitoring Form: pre-filled from the record (and the demo clinic's setting); the clinician's answers are missing.
      const form = await expectStatus(api(t.app, nurse, 'GET', `${url}/rems-form`), 200);
      expect(form.prefilled.bloodPressure).toEqual({
        beforeAdministration: { systolic: 128, diastolic: 82 },
        fortyMinutesAfter: { systolic: 138, diastolic: 86 },
        beforeCompletion: { systolic: 126, diastolic: 80 },
      });
      expect(form.missing.map((m: { field: string }) => m.field)).toEqual([
        'concomitantMedications.benzodiazepines',
        'concomitantMedications.sedative-hypnotics',
        'concomitantMedications.opioids',
        'concomitantMedications.psychostimulants',
        'vitalSignsAcceptable.beforeAdministration',
        'vitalSignsAcceptable.beforeCompletion',
        'sedation',
        'dissociation',
      ]);
      expect(form.status).toMatchObject({
        status: 'due',
        deadline: new Date(atMin(124).getTime() + 7 * 24 * 60 * 60_000).toISOString(),
      });
      const incomplete = await expectStatus(
        api(t.app, nurse, 'POST', `${url}/rems-form/submission`, { submittedOn: '2026-11-02' }),
        422,
      );
      expect(incomplete.code).toBe('rems-form-incomplete');

      // An admin edits the clinic's REMS setting; a setting the label forbids is refused, naming the field.
      const lowered = await expectStatus(
        api(t.app, admin, 'PUT', '/api/clinic/treatment-day-settings', {
          monitoring: { esketamineMinimumMonitoringMin: 90 },
        }),
        400,
      );
      expect(lowered.errors.map((e: { field: string }) => e.field)).toEqual([
        'monitoring.esketamineMinimumMonitoringMin',
      ]);
      await expectStatus(api(t.app, nurse, 'PUT', '/api/clinic/treatment-day-settings', { rems: {} }), 403);
      const saved = await expectStatus(
        api(t.app, admin, 'PUT', '/api/clinic/treatment-day-settings', {
          rems: {
            healthcareSetting: { address1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62701' },
            monitoringContact: { phone: '555-0100', email: 'nurse@example.test' },
          },
        }),
        200,
      );
      expect(saved.settings.monitoring.esketamineMinimumMonitoringMin).toBe(120);
      const classes = form.concomitantClasses.map((c: { code: string }) => c.code) as string[];
      const answered = await expectStatus(
        api(t.app, nurse, 'PUT', `${url}/rems-form`, {
          concomitantMedications: Object.fromEntries(classes.map((c) => [c, false])),
          sedation: true,
          dissociation: false,
          vitalSignsAcceptable: { beforeAdministration: true, beforeCompletion: true },
        }),
        200,
      );
      expect(answered.missing).toEqual([]);
      expect(answered.form).toMatchObject({
        doseMg: 56,
        lotNumbers: ['SPR84-DEMO-B'],
        monitoringAfterLastDeviceMin: 120,
      });
      const pdf = await t.app.inject({ method: 'GET', url: `${url}/rems-form.pdf`, headers: { cookie: nurse.cookie } });
      expect(pdf.statusCode).toBe(200);
      expect(pdf.headers['content-type']).toBe('application/pdf');
      expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');

      await expectStatus(api(t.app, nurse, 'POST', `${url}/rems-form/submission`, { submittedOn: '2026-11-03' }), 400);
      await expectStatus(api(t.app, nurse, 'POST', `${url}/rems-form/submission`, { submittedOn: '2026-11-02' }), 200);
      const list = await expectStatus(api(t.app, nurse, 'GET', '/api/rems/sessions'), 200);
      expect(list.items.find((i: { sessionId: string }) => i.sessionId === sessionId)).toMatchObject({
        status: 'submitted',
        submittedOn: '2026-11-02',
        submittedLate: false,
      });

      const billing = await expectStatus(api(t.app, nurse, 'GET', `${url}/billing`), 200);
      // G2082: esketamine up to 56 mg, with 2 hours of observation.
      expect(billing.computed.lines.map((l: { code: string }) => l.code)).toEqual(['G2082']);
    });
  });

  describe('access and input', () => {
    it('answers 404 for a session of no clinic, 400 naming the field for implausible vitals, and 403 for a front-desk write', async () => {
      await moveTo(T0 + 300 * 60_000);
      await expectStatus(api(t.app, nurse, 'GET', '/api/sessions/00000000-0000-4000-8000-000000000000/treatment'), 404);
      const { sessionId, patientId } = await bookedSession('Val', 'iv-ketamine', '2026-11-02T16:00');
      const url = `/api/sessions/${sessionId}`;
      expect((await observe(t.app, nurse, url, { kind: 'vitals', vitals: { systolic: 120 } }, 409)).code).toBe(
        'not-checked-in',
      );
      const bad = await expectStatus(
        api(t.app, nurse, 'POST', `${url}/check-in`, {
          identityChecked: true,
          preDoseVitals: { ...PRE_DOSE, systolic: 900 },
        }),
        400,
      );
      expect(bad.errors[0].field).toBe('preDoseVitals.systolic');
      await expectStatus(api(t.app, staff.desk, 'POST', `${url}/check-in`, { identityChecked: true }), 403);
      await expectStatus(
        api(t.app, nurse, 'POST', `${url}/check-in`, { identityChecked: true, preDoseVitals: PRE_DOSE }),
        200,
      );
      const noBp = await observe(t.app, nurse, url, { kind: 'vitals', vitals: { systolic: 120 } }, 400);
      expect(noBp.errors[0].field).toBe('vitals.diastolic');
      const moaas = await observe(t.app, nurse, url, { kind: 'moaas', score: 7 }, 400);
      expect(moaas.errors[0].field).toBe('score');

      // An intake changed after the eligibility decision blocks until eligibility is evaluated again.
      await saveIntake(t.app, staff.desk, patientId, { ...ELIGIBLE_INTAKE, weightKg: 72 }, 1);
      const checklist = await expectStatus(api(t.app, nurse, 'GET', `${url}/checklist`), 200);
      expect(checklist.items.find((i: { code: string }) => i.code === 'eligibility')).toMatchObject({
        status: 'block',
        message: expect.stringMatching(/intake version 1.*version 2/),
      });
    });
  });

  describe('the checklist at the start of dosing', () => {
    it('is judged again: a blood pressure above the IV hold taken after the dose was prepared stops the infusion', async () => {
      await moveTo(T0 + 310 * 60_000);
      const { sessionId } = await bookedSession('Hal', 'iv-ketamine', '2026-11-02T16:00');
      const url = `/api/sessions/${sessionId}`;
      await checkInPatient(t.app, nurse, url, { weightKg: 80 });
      await acknowledgeQuestionnaires(t.app, prescriber, url, 'Done on paper');
      await prepareIvDose(t.app, nurse, url);
      await verifyDose(t.app, prescriber, url);
      // Clinic default: hold IV ketamine above 160/100 mmHg (clinical-reference.md section 1).
      await checkInPatient(t.app, nurse, url, {
        preDoseVitals: { ...PRE_DOSE, systolic: 172, diastolic: 104 },
        weightKg: 80,
      });
      const refused = await administer(t.app, nurse, url, { event: 'infusion-started' }, 409);
      expect(refused.code).toBe('checklist-blocked');
      expect(refused.errors.map((e: { field: string }) => e.field)).toEqual(['checklist.blood-pressure']);
    });
  });

  describe('the live channel', () => {
    let hub: ClinicEventHub;
    const received: ClinicEvent[] = [];
    beforeAll(async () => {
      hub = new ClinicEventHub({ database: ctx.database, backoff: { initialMs: 20, maxMs: 200 } });
      await hub.start();
      hub.subscribe(nurse.clinicId, (event) => received.push(event));
    });
    afterAll(async () => {
      await hub.stop();
    });

    const waitFor = async (condition: () => boolean): Promise<void> => {
      const deadline = performance.now() + 5_000;
      while (!condition()) {
        if (performance.now() > deadline) throw new Error('no board event within 5 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };

    it('tells board subscribers after each committed write, and says nothing for a refused one', async () => {
      await moveTo(T0 + 320 * 60_000);
      const { sessionId } = await bookedSession('Lena', 'iv-ketamine', '2026-11-02T16:00');
      await checkInPatient(t.app, nurse, `/api/sessions/${sessionId}`, { weightKg: 60 });
      await waitFor(() => received.some((e) => e.sessionId === sessionId && e.topic === 'board'));
      const before = received.length;
      await expectStatus(
        api(t.app, nurse, 'POST', `/api/sessions/${sessionId}/administration`, { event: 'infusion-started' }),
        409,
      );
      const minimal = await expectStatus(
        api(t.app, nurse, 'POST', `/api/sessions/${sessionId}/observations?return=minimal`, {
          kind: 'note',
          text: 'Settled in the chair',
        }),
        201,
      );
      expect(Object.keys(minimal).sort()).toEqual(['alerts', 'entryId']);
      await waitFor(() => received.length > before);
      // The refused start published nothing: the only new event is the note's.
      expect(received.slice(before)).toEqual([
        expect.objectContaining({ clinicId: nurse.clinicId, topic: 'board', sessionId }),
      ]);
    });

    it('discharges once when two discharges race', async () => {
      await moveTo(T0 + 330 * 60_000);
      const { sessionId } = await bookedSession('Rae', 'iv-ketamine', '2026-11-02T16:00');
      const url = `/api/sessions/${sessionId}`;
      await checkInPatient(t.app, nurse, url, { weightKg: 60 });
      const override = {
        clinicallyStable: true,
        ridePresent: true,
        override: { reason: 'Patient declined treatment after check-in; leaving with ride' },
      };
      const responses = await Promise.all([
        api(t.app, prescriber, 'POST', `${url}/discharge`, override),
        api(t.app, prescriber, 'POST', `${url}/discharge`, override),
      ]);
      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    });
  });

  // Issue 11: a reading's answer is built from the session as the write loaded it under its lock, plus what the write
  // added, instead of reading the whole session again. It must be exactly what a fresh read shows at that moment.
  describe('the session in the answer to a reading', () => {
    it('is the session a fresh read shows, with and without alerts, for a late-entered reading too', async () => {
      await moveTo(T0 + 300 * 60_000);
      const { sessionId } = await bookedSession('Fresh', 'iv-ketamine', '2026-11-02T15:30');
      const url = `/api/sessions/${sessionId}`;
      await checkInPatient(t.app, nurse, url, { weightKg: 70 });
      const readings = [
        { kind: 'vitals', vitals: { systolic: 132, diastolic: 80, heartRate: 74, spo2: 98 } },
        // Above the clinic's systolic limit: an alert.
        { kind: 'vitals', vitals: { systolic: 188, diastolic: 104, heartRate: 90 } },
        // Entered late, for a moment before the reading above, with an alert of its own: the alerts' order is by time.
        { kind: 'vitals', vitals: { spo2: 86 }, at: new Date(T0 + 299 * 60_000).toISOString() },
        { kind: 'moaas', score: 4 },
        { kind: 'nausea', level: 'mild' },
      ];
      for (const reading of readings) {
        const answer = await observe(t.app, nurse, url, reading);
        const fresh = await expectStatus(api(t.app, nurse, 'GET', `${url}/treatment`), 200);
        expect(answer.session).toEqual(fresh);
      }
      const final = await expectStatus(api(t.app, nurse, 'GET', `${url}/treatment`), 200);
      expect(final.alerts.map((a: { code: string }) => a.code)).toEqual(['spo2-low', 'sbp-high']);
    });
  });
});
