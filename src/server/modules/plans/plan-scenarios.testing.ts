/**
 * Scenario builders for the issue-4 database tests: a patient taken through the API the way the web app will do
 * it (intake -> eligibility -> consent -> plan -> signature), so each test states only what differs.
 */
import { CONSENT_DOCUMENTS, consentDocumentSha256, currentConsentFor } from '../../../domain/consent/index.js';
import type { Modality } from '../../../domain/protocols/index.js';
import type { App } from '../../http.js';
import { api, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import type { Intake } from '../../../contract/intake.js';
import { FAILED_SERTRALINE_TRIAL } from '../../../domain/eligibility/trials.testing.js';

/** MDD with two adequate failed trials in this episode, normal blood pressure, nothing contraindicated. */
export const ELIGIBLE_INTAKE: Intake = {
  heightCm: 172,
  weightKg: 70,
  diagnoses: [{ code: 'F33.2', name: 'Major depressive disorder, recurrent, severe without psychotic features' }],
  psychiatricHistory: { psychosis: 'never', mania: 'never', substanceUse: 'none', acuteSuicidalIdeation: false },
  medicalHistory: {
    conditions: [],
    hypertension: { diagnosed: false, readings: [{ systolic: 122, diastolic: 78, takenAt: '2026-10-30T14:00:00Z' }] },
    pregnancy: { status: 'not-applicable' },
  },
  medications: [{ name: 'sertraline', dose: '150 mg daily' }],
  allergies: [],
  trials: [
    FAILED_SERTRALINE_TRIAL,
    {
      drug: 'bupropion',
      doseMgPerDay: 300,
      weeks: 7,
      adherence: 'good',
      outcome: 'partial-response',
      currentEpisode: true,
    },
  ],
};

export interface Staff {
  readonly desk: Session;
  readonly prescriber: Session;
}

/** The demo front desk, prescriber, nurse and admin, signed in afresh (sign-ins lapse after 15 idle minutes). */
export async function signInStaff(
  app: App,
): Promise<{ staff: Staff; prescriber: Session; nurse: Session; admin: Session }> {
  const staff = { desk: await signIn(app, 'front_desk'), prescriber: await signIn(app, 'prescriber') };
  return { staff, prescriber: staff.prescriber, nurse: await signIn(app, 'nurse'), admin: await signIn(app, 'admin') };
}

/** Moves the test clock to `at` (epoch ms) and signs the demo staff in again there, as `signInStaff` does. */
export function signInStaffAt(t: Pick<TestApp, 'app' | 'clock'>, at: number): ReturnType<typeof signInStaff> {
  t.clock.set(new Date(at));
  return signInStaff(t.app);
}

/** Registers a patient (Scenario, born 15 June 1980, female unless `details` says otherwise) and answers the id. */
export async function newPatient(
  app: App,
  desk: Session,
  givenName: string,
  details: Record<string, unknown> = {},
): Promise<string> {
  const response = await api(app, desk, 'POST', '/api/patients', {
    givenName,
    familyName: 'Scenario',
    dateOfBirth: '1980-06-15',
    sex: 'female',
    ...details,
  });
  if (response.statusCode !== 201) throw new Error(`patient: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string }>().id;
}

/**
 * Saves the whole intake as `caller`. Its clinical history is written by clinicians only (issue 10, item 16): when
 * the caller may not (older call sites pass the front desk's session), the demo nurse of a test app saves it.
 */
export async function saveIntake(
  app: App,
  caller: Session,
  patientId: string,
  intake: Intake = ELIGIBLE_INTAKE,
  baseVersion = 0,
) {
  const body = { baseVersion, intake };
  let response = await api(app, caller, 'PUT', `/api/patients/${patientId}/intake`, body);
  if (response.statusCode === 403)
    response = await api(app, await signIn(app, 'nurse'), 'PUT', `/api/patients/${patientId}/intake`, body);
  if (response.statusCode !== 200) throw new Error(`intake: ${response.statusCode} ${response.body}`);
  return response.json<{ version: number }>();
}

export async function decide(app: App, prescriber: Session, patientId: string, modality: Modality) {
  const response = await api(app, prescriber, 'POST', `/api/patients/${patientId}/eligibility`, { modality });
  if (response.statusCode !== 201) throw new Error(`eligibility: ${response.statusCode} ${response.body}`);
  return response.json<{
    id: string;
    decision: string;
    reasons: Array<{ code: string; severity: string; message: string }>;
  }>();
}

export async function signConsent(app: App, desk: Session, patientId: string, modality: Modality) {
  const document = currentConsentFor(modality, CONSENT_DOCUMENTS);
  const response = await api(app, desk, 'POST', `/api/patients/${patientId}/consents`, {
    modality,
    documentId: document.id,
    version: document.version,
    sha256: consentDocumentSha256(document),
    typedName: 'Pat Scenario',
    agreed: true,
  });
  if (response.statusCode !== 201) throw new Error(`consent: ${response.statusCode} ${response.body}`);
  return response.json();
}

export interface PlanRequest {
  readonly protocol: string;
  readonly startDate: string;
  readonly options?: Record<string, unknown>;
}

/** A patient with an eligible intake, a decision, a signed consent and a signed (active) plan. */
export async function patientWithSignedPlan(
  app: App,
  staff: Staff,
  givenName: string,
  modality: Modality,
  plan: PlanRequest,
): Promise<{ patientId: string; planId: string }> {
  const patientId = await newPatient(app, staff.desk, givenName);
  await saveIntake(app, staff.prescriber, patientId);
  await decide(app, staff.prescriber, patientId, modality);
  await signConsent(app, staff.desk, patientId, modality);
  const created = await api(app, staff.prescriber, 'POST', `/api/patients/${patientId}/plans`, plan);
  if (created.statusCode !== 201) throw new Error(`plan: ${created.statusCode} ${created.body}`);
  const planId = created.json<{ id: string }>().id;
  const signed = await api(app, staff.prescriber, 'POST', `/api/plans/${planId}/sign`);
  if (signed.statusCode !== 200) throw new Error(`sign: ${signed.statusCode} ${signed.body}`);
  return { patientId, planId };
}

export async function addChair(app: App, admin: Session, name: string): Promise<string> {
  const response = await api(app, admin, 'POST', '/api/chairs', { name, room: 'Suite A' });
  if (response.statusCode !== 201) throw new Error(`chair: ${response.statusCode} ${response.body}`);
  return response.json<{ id: string }>().id;
}

/** A new patient's signed plan with session 1 booked at `start` (clinic-local) in a chair of the patient's own. */
export async function bookedFirstSession(
  app: App,
  staff: Staff,
  admin: Session,
  givenName: string,
  modality: Modality,
  plan: PlanRequest,
  start: string,
): Promise<{ sessionId: string; patientId: string; planId: string }> {
  const { planId, patientId } = await patientWithSignedPlan(app, staff, givenName, modality, plan);
  const chair = await addChair(app, admin, `Chair for ${givenName}`);
  const booked = await api(app, staff.desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, {
    chairId: chair,
    start,
  });
  if (booked.statusCode !== 201) throw new Error(`booking: ${booked.statusCode} ${booked.body}`);
  return { sessionId: booked.json<{ id: string }>().id, patientId, planId };
}
