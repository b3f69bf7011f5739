/**
 * Demo intake, eligibility, consent, plans and today's chair schedule, built through the same services as the API.
 *
 *   clinic hours   Mon-Fri 08:00-18:00, Sat 09:00-13:00 (clinic time zone)
 *   chairs         Chair 1 and Chair 2 (Room A), Chair 3 (Room B); the nurse and the prescriber on shift today
 *   Diego Salazar    IV ketamine induction: eligible, consented, signed plan; session 1 today 1 h before the start, Chair 1
 *   Hannah Oyelaran  esketamine (TRD): eligible, consented, signed plan, REMS enrolled; session 1 today 75 min before, Chair 2
 *   Tomasz Nowicki   IV ketamine: review (lamotrigine), overridden by the prescriber; session 1 today 1 h after, Chair 1
 *   Sofia Marquez    IV ketamine maintenance after her induction (demo-measures.ts): booster today 100 min before, Chair 3
 *   Leila Haddad   history of intracerebral haemorrhage: esketamine ineligible (absolute), no plan
 *   River Calloway intake only: no consent, no decision yet
 * Today's sessions are booked at times relative to `now` (the server's start; a server started at 10:00 books them
 * at 09:00, 08:45, 11:00 and 08:20), so the doses demo-treatment-day.ts gives fall inside their booked slots.
 * Every other patient with sessions in the past (the measures and ledger histories) has an intake, an eligibility
 * decision, a consent and a signed plan starting on the day of their first session; esketamine patients are
 * enrolled in the SPRAVATO REMS before it.
 * Patients the measurement-based-care tests rely on (Feldman, Whitfield) are left alone.
 * "Today" is the clinic's date at `now`, so the day view always has sessions to show; on a day the clinic is closed
 * they are booked anyway (demo only). Later sessions go on their planned dates, at a fixed time of day.
 */
import type { Services } from '../app.js';
import { CONSENT_DOCUMENTS, consentDocumentSha256, currentConsentFor } from '../../domain/consent/index.js';
import type { Modality } from '../../domain/protocols/index.js';
import type { StaffRole } from '../db/schema.js';
import type { RequestContext } from '../http.js';
import type { Intake } from '../../contract/intake.js';
import { instantToLocal, localDateOf } from '../modules/clinics/clinic-time.js';
import { demoSeedContext } from './demo-data.js';

export const DEMO_CLINIC_HOURS = {
  0: 'closed',
  1: { open: '08:00', close: '18:00' },
  2: { open: '08:00', close: '18:00' },
  3: { open: '08:00', close: '18:00' },
  4: { open: '08:00', close: '18:00' },
  5: { open: '08:00', close: '18:00' },
  6: { open: '09:00', close: '13:00' },
} as const;

const TRD_TRIALS: Intake['trials'] = [
  {
    drug: 'escitalopram',
    doseMgPerDay: 20,
    weeks: 10,
    adherence: 'good',
    outcome: 'no-response',
    currentEpisode: true,
  },
  {
    drug: 'venlafaxine',
    doseMgPerDay: 225,
    weeks: 8,
    adherence: 'good',
    outcome: 'partial-response',
    currentEpisode: true,
  },
];

function intake(
  overrides: Partial<Intake> & {
    systolic?: number;
    diastolic?: number;
    conditions?: NonNullable<Intake['medicalHistory']>['conditions'];
  },
): Intake {
  const { systolic = 124, diastolic = 78, conditions = [], ...rest } = overrides;
  return {
    demographics: { language: 'English' },
    emergencyContact: { name: 'Alex Contact', relationship: 'partner', phone: '555-0142' },
    heightCm: 172,
    weightKg: 74,
    diagnoses: [{ code: 'F33.2', name: 'Major depressive disorder, recurrent, severe without psychotic features' }],
    psychiatricHistory: {
      psychosis: 'never',
      mania: 'never',
      substanceUse: 'none',
      priorKetamine: { received: false },
      acuteSuicidalIdeation: false,
    },
    medicalHistory: {
      conditions,
      hypertension: {
        diagnosed: false,
        readings: [{ systolic, diastolic, takenAt: '2026-01-05T15:00:00Z', position: 'seated' }],
      },
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
  /**
   * Today's session: its start, in minutes from `now` (rounded down to 5 minutes), and its chair; the plan's later
   * sessions are booked at `laterTime`, inside clinic hours.
   */
  readonly today?: { readonly minutesFromNow: number; readonly chair: number; readonly laterTime: string };
}

const PATIENTS: readonly SeededPatient[] = [
  {
    index: 12,
    intake: intake({ weightKg: 82 }),
    modality: 'iv-ketamine',
    decide: true,
    consent: true,
    plan: { protocol: 'iv-ketamine-induction' },
    today: { minutesFromNow: -60, chair: 0, laterTime: '09:00' },
  },
  {
    index: 11,
    intake: intake({ weightKg: 61 }),
    modality: 'esketamine-nasal',
    decide: true,
    consent: true,
    plan: { protocol: 'esketamine-trd', options: { inductionDoseMg: 84 } },
    today: { minutesFromNow: -75, chair: 1, laterTime: '10:00' },
  },
  {
    index: 8,
    intake: intake({
      medications: [
        { name: 'lamotrigine', dose: '100 mg daily' },
        { name: 'sertraline', dose: '150 mg daily' },
      ],
    }),
    modality: 'iv-ketamine',
    decide: true,
    consent: true,
    override:
      'Lamotrigine is for mood stabilisation and is not to be stopped; patient informed that response may be blunted.',
    plan: { protocol: 'iv-ketamine-induction' },
    today: { minutesFromNow: 60, chair: 0, laterTime: '11:00' },
  },
  {
    index: 3,
    intake: intake({
      weightKg: 66,
      psychiatricHistory: {
        psychosis: 'never',
        mania: 'never',
        substanceUse: 'none',
        priorKetamine: { received: true, modality: 'IV ketamine', response: 'good' },
      },
    }),
    modality: 'iv-ketamine',
    decide: true,
    consent: true,
    plan: { protocol: 'iv-ketamine-maintenance' },
    today: { minutesFromNow: -100, chair: 2, laterTime: '11:00' },
  },
  {
    index: 9,
    intake: intake({ conditions: ['intracerebral-hemorrhage-history'] }),
    modality: 'esketamine-nasal',
    decide: true,
    consent: false,
  },
  { index: 10, intake: intake({ weightKg: 70 }), modality: 'iv-ketamine', decide: false, consent: false },
];

export interface DemoScheduleInput {
  readonly clinicId: string;
  readonly users: Record<StaffRole, string>;
  readonly patientIds: readonly string[];
  readonly now: Date;
}

export async function seedDemoSchedule(services: Services, input: DemoScheduleInput): Promise<void> {
  const as = (role: StaffRole): RequestContext => demoSeedContext(input.clinicId, input.users, role);
  const admin = as('admin');
  const desk = as('front_desk');
  const prescriber = as('prescriber');

  const settings = await services.careSettings.update(admin, { clinicHours: DEMO_CLINIC_HOURS });
  const today = localDateOf(input.now, settings.timeZone);
  const chairs = [
    await services.chairsShifts.createChair(admin, { name: 'Chair 1', room: 'Room A' }),
    await services.chairsShifts.createChair(admin, { name: 'Chair 2', room: 'Room A' }),
    await services.chairsShifts.createChair(admin, { name: 'Chair 3', room: 'Room B' }),
  ];
  // Today's sessions are booked relative to now when they all fall on today and one shift (at most 16 hours, inside
  // the day) can cover the usual 07:30-18:30 and every one of them; otherwise (at night, late evening) they take their
  // fixed times of day, inside the usual shift. A server started at 03:00 or 21:00 must still seed.
  const relativeStart = (booking: NonNullable<SeededPatient['today']>): string =>
    instantToLocal(roundedDown(new Date(input.now.getTime() + booking.minutesFromNow * MINUTE)), settings.timeZone);
  const relativeStarts = PATIENTS.flatMap((p) => (p.today ? [relativeStart(p.today)] : []));
  const shiftFrom = Math.min(DEMO_SHIFT.from, ...relativeStarts.map(minuteOfDay));
  const shiftTo = Math.max(DEMO_SHIFT.to, ...relativeStarts.map((s) => minuteOfDay(s) + LONGEST_CHAIR_TIME_MIN));
  const isRelative =
    relativeStarts.every((s) => s.slice(0, 10) === today) && shiftTo < 24 * 60 && shiftTo - shiftFrom <= 16 * 60;
  for (const role of ['nurse', 'prescriber'] as const) {
    await services.chairsShifts.addShift(desk, {
      userId: input.users[role],
      start: `${today}T${clockText(isRelative ? shiftFrom : DEMO_SHIFT.from)}`,
      end: `${today}T${clockText(isRelative ? shiftTo : DEMO_SHIFT.to)}`,
      note: 'Demo shift',
    });
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
        modality: p.modality,
        documentId: document.id,
        version: document.version,
        sha256: consentDocumentSha256(document),
        typedName: 'Demo Patient',
        agreed: true,
      });
    }
    if (!p.plan) continue;
    const draft = await services.plans.create(prescriber, patientId, {
      protocol: p.plan.protocol,
      startDate: today,
      options: p.plan.options,
    });
    await services.plans.sign(prescriber, draft.id);
    if (p.today) {
      const chair = chairs[p.today.chair]!;
      const start = isRelative ? relativeStart(p.today) : `${today}T${p.today.laterTime}`;
      const session = await services.scheduling.bookSession(
        desk,
        draft.id,
        1,
        { chairId: chair.id, start, staffId: input.users.nurse },
        { ignoreClinicHoursAndPast: true },
      );
      if (p.modality === 'esketamine-nasal')
        await services.sessionReminders.confirm(as('nurse'), session.id, { code: 'ride-home', note: 'Sister drives' });
      // The sessions already under way (dosed by demo-treatment-day.ts) had their preparation confirmed beforehand.
      if (isRelative && p.today.minutesFromNow < 0) {
        await services.sessionReminders.confirm(desk, session.id, {
          code: 'fasting',
          note: 'Reminder call the day before',
        });
        if (p.modality === 'esketamine-nasal')
          await services.sessionReminders.confirm(desk, session.id, {
            code: 'nasal-medication-timing',
            note: 'No nasal sprays in use',
          });
      }
    }
    await services.scheduling.bookPlan(desk, draft.id, {
      chairId: chairs[p.today?.chair ?? 0]!.id,
      startTime: p.today?.laterTime ?? '09:00',
    });
  }

  // The histories: a patient with past sessions was taken in, decided on, consented and planned before them.
  for (const h of HISTORIES) {
    const patientId = input.patientIds[h.index];
    if (!patientId) continue;
    const firstSession = new Date(input.now.getTime() - h.firstSessionDaysAgo * DAY);
    firstSession.setUTCHours(15, 0, 0, 0);
    const startDate = localDateOf(firstSession, settings.timeZone);
    await services.intake.save(desk, patientId, { baseVersion: 0, intake: intake({ weightKg: h.weightKg }) });
    await services.eligibility.decide(prescriber, patientId, h.modality);
    const document = currentConsentFor(h.modality, CONSENT_DOCUMENTS);
    await services.consent.sign(desk, patientId, {
      modality: h.modality,
      documentId: document.id,
      version: document.version,
      sha256: consentDocumentSha256(document),
      typedName: 'Demo Patient',
      agreed: true,
    });
    if (h.modality === 'esketamine-nasal') {
      await services.treatmentDay.recordRemsEnrolment(as('nurse'), patientId, {
        enrolledOn: localDateOf(new Date(firstSession.getTime() - 7 * DAY), settings.timeZone),
        remsPatientId: `DEMO-REMS-00${h.index}`,
      });
    }
    const draft = await services.plans.create(prescriber, patientId, {
      protocol: h.protocol,
      startDate,
      options: h.options,
    });
    await services.plans.sign(prescriber, draft.id);
  }
}

const MINUTE = 60_000;
const DAY = 86_400_000;

/** An instant rounded down to a 5-minute mark (booked times read 08:45, not 08:47). */
/** The demo staff's usual shift, in minutes of the day: 07:30 to 18:30. */
const DEMO_SHIFT = { from: 7 * 60 + 30, to: 18 * 60 + 30 } as const;
/** Longer than any demo session's chair time (dose and monitoring; an IV session takes 160 minutes). */
const LONGEST_CHAIR_TIME_MIN = 240;

/** 'YYYY-MM-DDTHH:MM' -> minutes since the day's 00:00 on the wall clock. */
function minuteOfDay(local: string): number {
  return Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16));
}

function clockText(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

function roundedDown(at: Date): Date {
  return new Date(Math.floor(at.getTime() / (5 * MINUTE)) * 5 * MINUTE);
}

/**
 * Patients with past sessions from the other demo seeds: the IV inductions of demo-measures.ts (first session 19
 * days ago; Marquez, index 3, is planned above) and the ledger's sessions in demo-ledger.ts (17: IV 14 and 7 days
 * ago; 18 and 19: esketamine 10 and 3 days ago, 84 mg and 56 mg). Their past sessions are at 15:00 UTC.
 */
const HISTORIES: ReadonlyArray<{
  index: number;
  modality: Modality;
  protocol: string;
  options?: Record<string, unknown>;
  firstSessionDaysAgo: number;
  weightKg: number;
}> = [
  ...[0, 1, 2, 4, 5].map((index) => ({
    index,
    modality: 'iv-ketamine' as const,
    protocol: 'iv-ketamine-induction',
    firstSessionDaysAgo: 19,
    weightKg: 64 + index * 3,
  })),
  { index: 17, modality: 'iv-ketamine', protocol: 'iv-ketamine-induction', firstSessionDaysAgo: 14, weightKg: 70 },
  {
    index: 18,
    modality: 'esketamine-nasal',
    protocol: 'esketamine-trd',
    options: { inductionDoseMg: 84 },
    firstSessionDaysAgo: 10,
    weightKg: 68,
  },
  {
    index: 19,
    modality: 'esketamine-nasal',
    protocol: 'esketamine-trd',
    options: { inductionDoseMg: 56 },
    firstSessionDaysAgo: 3,
    weightKg: 58,
  },
];
