/**
 * Demo intake, eligibility, consent, plans and today's chair schedule, built through the same services as the API.
 *
 *   clinic hours   Mon-Fri 08:00-18:00, Sat 09:00-13:00 (clinic time zone)
 *   chairs         Chair 1 and Chair 2 (Room A), Chair 3 (Room B); the nurse and the prescriber on shift today
 *   Diego Salazar    IV ketamine induction: eligible, consented, signed plan; session 1 today 09:00 in Chair 1
 *   Hannah Oyelaran  esketamine (TRD): eligible, consented, signed plan; session 1 today 10:00 in Chair 2
 *   Tomasz Nowicki   IV ketamine: review (lamotrigine), overridden by the prescriber; session 1 today 11:00 in Chair 1
 *   Sofia Marquez    IV ketamine maintenance after her induction (demo-measures.ts): booster today 11:00 in Chair 3
 *   Leila Haddad   history of intracerebral haemorrhage: esketamine ineligible (absolute), no plan
 *   River Calloway intake only: no consent, no decision yet
 * Patients the measurement-based-care tests rely on (Feldman, Whitfield) are left alone.
 * "Today" is the clinic's date at `now` (the server's start), so the day view always has sessions to show; on a
 * day the clinic is closed they are booked anyway (demo only). Later sessions go on their planned dates.
 */
import type { Services } from '../app.js';
import { CONSENT_DOCUMENTS, consentDocumentSha256, currentConsentFor } from '../../domain/consent/index.js';
import type { Modality } from '../../domain/protocols/index.js';
import type { StaffRole } from '../db/schema.js';
import type { RequestContext } from '../http.js';
import type { Intake } from '../../contract/intake.js';
import { localDateOf } from '../modules/scheduling/clinic-time.js';
import { demoEmail } from './demo-data.js';

export const DEMO_CLINIC_HOURS = {
  0: 'closed',
  1: { open: '08:00', close: '18:00' }, 2: { open: '08:00', close: '18:00' }, 3: { open: '08:00', close: '18:00' },
  4: { open: '08:00', close: '18:00' }, 5: { open: '08:00', close: '18:00' },
  6: { open: '09:00', close: '13:00' },
} as const;

const TRD_TRIALS: Intake['trials'] = [
  { drug: 'escitalopram', doseMgPerDay: 20, weeks: 10, adherence: 'good', outcome: 'no-response', currentEpisode: true },
  { drug: 'venlafaxine', doseMgPerDay: 225, weeks: 8, adherence: 'good', outcome: 'partial-response', currentEpisode: true },
];

function intake(overrides: Partial<Intake> & { systolic?: number; diastolic?: number; conditions?: NonNullable<Intake['medicalHistory']>['conditions'] }): Intake {
  const { systolic = 124, diastolic = 78, conditions = [], ...rest } = overrides;
  return {
    demographics: { language: 'English' },
    emergencyContact: { name: 'Alex Contact', relationship: 'partner', phone: '555-0142' },
    heightCm: 172,
    weightKg: 74,
    diagnoses: [{ code: 'F33.2', name: 'Major depressive disorder, recurrent, severe without psychotic features' }],
    psychiatricHistory: { psychosis: 'never', mania: 'never', substanceUse: 'none', priorKetamine: { received: false }, acuteSuicidalIdeation: false },
    medicalHistory: {
      conditions,
      hypertension: { diagnosed: false, readings: [{ systolic, diastolic, takenAt: '2026-01-05T15:00:00Z', position: 'seated' }] },
      pregnancy: { status: 'not-applicable' },
    },
    medications: [{ name: 'venlafaxine', dose: '225 mg daily' }],
    allergies: [{ substance: 'penicillin', reaction: 'rash' }],
    trials: TRD_TRIALS,
    ...rest,
  };
}

interface SeededPatient {
  readonly index: number;
  readonly intake: Intake;
  readonly modality: Modality;
  readonly decide: boolean;
  readonly consent: boolean;
  readonly override?: string;
  readonly plan?: { readonly protocol: string; readonly options?: Record<string, unknown> };
  /** Today's session: local start time and chair index. */
  readonly today?: { readonly time: string; readonly chair: number };
}

const PATIENTS: readonly SeededPatient[] = [
  { index: 12, intake: intake({ weightKg: 82 }), modality: 'iv-ketamine', decide: true, consent: true, plan: { protocol: 'iv-ketamine-induction' }, today: { time: '09:00', chair: 0 } },
  { index: 11, intake: intake({ weightKg: 61 }), modality: 'esketamine-nasal', decide: true, consent: true, plan: { protocol: 'esketamine-trd', options: { inductionDoseMg: 84 } }, today: { time: '10:00', chair: 1 } },
  {
    index: 8, intake: intake({ medications: [{ name: 'lamotrigine', dose: '100 mg daily' }, { name: 'sertraline', dose: '150 mg daily' }] }),
    modality: 'iv-ketamine', decide: true, consent: true,
    override: 'Lamotrigine is for mood stabilisation and is not to be stopped; patient informed that response may be blunted.',
    plan: { protocol: 'iv-ketamine-induction' }, today: { time: '11:00', chair: 0 },
  },
  { index: 3, intake: intake({ weightKg: 66, psychiatricHistory: { psychosis: 'never', mania: 'never', substanceUse: 'none', priorKetamine: { received: true, modality: 'IV ketamine', response: 'good' } } }), modality: 'iv-ketamine', decide: true, consent: true, plan: { protocol: 'iv-ketamine-maintenance' }, today: { time: '11:00', chair: 2 } },
  { index: 9, intake: intake({ conditions: ['intracerebral-hemorrhage-history'] }), modality: 'esketamine-nasal', decide: true, consent: false },
  { index: 10, intake: intake({ weightKg: 70 }), modality: 'iv-ketamine', decide: false, consent: false },
];

export interface DemoScheduleInput {
  readonly clinicId: string;
  readonly users: Record<StaffRole, string>;
  readonly patientIds: readonly string[];
  readonly now: Date;
}

export async function seedDemoSchedule(services: Services, input: DemoScheduleInput): Promise<void> {
  const as = (role: StaffRole): RequestContext => ({
    principal: { userId: input.users[role], clinicId: input.clinicId, role, email: demoEmail(role), displayName: 'Demo seed', sessionId: 'seed' },
    clientIp: null,
  });
  const admin = as('admin');
  const desk = as('front_desk');
  const prescriber = as('prescriber');

  const settings = await services.careSettings.update(admin, { clinicHours: DEMO_CLINIC_HOURS });
  const today = localDateOf(input.now, settings.timeZone);
  const chairs = [
    await services.scheduling.createChair(admin, { name: 'Chair 1', room: 'Room A' }),
    await services.scheduling.createChair(admin, { name: 'Chair 2', room: 'Room A' }),
    await services.scheduling.createChair(admin, { name: 'Chair 3', room: 'Room B' }),
  ];
  for (const role of ['nurse', 'prescriber'] as const) {
    await services.scheduling.addShift(desk, { userId: input.users[role], start: `${today}T07:30`, end: `${today}T18:30`, note: 'Demo shift' });
  }

  for (const p of PATIENTS) {
    const patientId = input.patientIds[p.index];
    if (!patientId) continue;
    await services.intake.save(desk, patientId, { baseVersion: 0, intake: p.intake });
    if (p.decide) {
      const decision = await services.eligibility.decide(prescriber, patientId, p.modality);
      if (p.override) await services.eligibility.override(prescriber, decision.id, p.override);
    }
    if (p.consent) {
      const document = currentConsentFor(p.modality, CONSENT_DOCUMENTS);
      await services.consent.sign(desk, patientId, {
        modality: p.modality, documentId: document.id, version: document.version, sha256: consentDocumentSha256(document), typedName: 'Demo Patient', agreed: true,
      });
    }
    if (!p.plan) continue;
    const draft = await services.plans.create(prescriber, patientId, { protocol: p.plan.protocol, startDate: today, options: p.plan.options });
    await services.plans.sign(prescriber, draft.id);
    if (p.today) {
      const chair = chairs[p.today.chair]!;
      const session = await services.scheduling.bookSession(desk, draft.id, 1, { chairId: chair.id, start: `${today}T${p.today.time}`, staffId: input.users.nurse }, { ignoreClinicHoursAndPast: true });
      if (p.modality === 'esketamine-nasal') await services.scheduling.confirm(as('nurse'), session.id, { code: 'ride-home', note: 'Sister drives' });
    }
    await services.scheduling.bookPlan(desk, draft.id, { chairId: chairs[p.today?.chair ?? 0]!.id, startTime: p.today?.time ?? '09:00' });
  }
}
