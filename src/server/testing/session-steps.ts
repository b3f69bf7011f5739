/**
 * The steps a treatment session goes through before and at dosing, as the database tests arrange them through the API:
 * check-in, REMS enrolment, the prescriber's acknowledgement of the questionnaires and an IV ketamine dose. Each step
 * expects the status that means it worked, so a test that uses one still fails when the step breaks.
 */
import { bookedFirstSession, type PlanRequest, type Staff } from '../modules/plans/plan-scenarios.testing.js';
import { api, expectStatus, type Session, type TestApp } from './test-app.js';

type App = TestApp['app'];

export const RIDE = { name: 'Sam Driver', phone: '555-0199', confirmed: true };
export const PRE_DOSE = { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98, respiratoryRate: 14 };
/** Nothing eaten or drunk today (the esketamine checklist asks for fasting). */
export const FASTED = { fasting: { lastFoodAt: 'none-today', lastLiquidAt: 'none-today' } };

/** The signed plan for a first session on Monday 2 November 2026: IV induction, or esketamine for TRD at 84 mg. */
export const FIRST_PLAN: Record<'iv-ketamine' | 'esketamine-nasal', PlanRequest> = {
  'iv-ketamine': { protocol: 'iv-ketamine-induction', startDate: '2026-11-02' },
  'esketamine-nasal': { protocol: 'esketamine-trd', startDate: '2026-11-02', options: { inductionDoseMg: 84 } },
};
export type FirstPlanModality = keyof typeof FIRST_PLAN;

/** A new patient on the modality's FIRST_PLAN with session 1 booked at `start` (local), in a chair of their own. */
export function bookedOnFirstPlan(
  app: App,
  staff: Staff,
  admin: Session,
  name: string,
  modality: FirstPlanModality,
  start: string,
): Promise<{ sessionId: string; patientId: string }> {
  return bookedFirstSession(app, staff, admin, name, modality, FIRST_PLAN[modality], start);
}

/** Checks the patient in (identity checked, PRE_DOSE vitals, a confirmed ride); `more` adds or replaces fields. */
export function checkInPatient(app: App, nurse: Session, url: string, more: Record<string, unknown> = {}) {
  return expectStatus(
    api(app, nurse, 'POST', `${url}/check-in`, { identityChecked: true, preDoseVitals: PRE_DOSE, ride: RIDE, ...more }),
    200,
  );
}

/** Records the patient's SPRAVATO REMS enrolment of 30 October 2026. */
export function enrolInRems(app: App, nurse: Session, patientId: string, remsPatientId?: string) {
  return expectStatus(
    api(app, nurse, 'POST', `/api/patients/${patientId}/rems-enrolment`, { enrolledOn: '2026-10-30', remsPatientId }),
    201,
  );
}

/** The prescriber acknowledges the questionnaires checklist item with a reason. */
export function acknowledgeQuestionnaires(app: App, prescriber: Session, url: string, reason = 'Reviewed verbally') {
  return expectStatus(
    api(app, prescriber, 'POST', `${url}/checklist/acknowledgements`, { item: 'questionnaires', reason }),
    200,
  );
}

/** Prepares a dose at the chair (IV: `{ concentrationMgPerMl, lotNumber, lotExpiry }`; esketamine: the lot). */
export function prepareDose(app: App, nurse: Session, url: string, dose: Record<string, unknown>, status = 200) {
  return expectStatus(api(app, nurse, 'POST', `${url}/dose`, dose), status);
}

/** The IV ketamine dose from the demo lot KET50-DEMO-A at 10 mg/mL. */
export const IV_DOSE = { concentrationMgPerMl: 10, lotNumber: 'KET50-DEMO-A', lotExpiry: '2027-06-30' };

/** Prepares the IV ketamine dose from the demo lot KET50-DEMO-A at 10 mg/mL (`status`: what the test expects). */
export function prepareIvDose(app: App, nurse: Session, url: string, status = 200) {
  return prepareDose(app, nurse, url, IV_DOSE, status);
}

/** The prescriber verifies the prepared dose (the second check IV ketamine needs). */
export function verifyDose(app: App, prescriber: Session, url: string, status = 200) {
  return expectStatus(api(app, prescriber, 'POST', `${url}/dose/verification`, {}), status);
}

/** Records an event at the chair (`{ event: 'infusion-started' }`, `{ event: 'device-administered' }`, ...). */
export function administer(
  app: App,
  nurse: Session,
  url: string,
  body: { event: string } & Record<string, unknown>,
  status = 200,
) {
  return expectStatus(api(app, nurse, 'POST', `${url}/administration`, body), status);
}

/** Records a reading at the chair (`{ kind: 'vitals', vitals }`, `{ kind: 'moaas', score }`, ...); 201 when taken. */
export function observe(app: App, nurse: Session, url: string, reading: Record<string, unknown>, status = 201) {
  return expectStatus(api(app, nurse, 'POST', `${url}/observations`, reading), status);
}
