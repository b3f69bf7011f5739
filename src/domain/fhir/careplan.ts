/**
 * Pure mapper from a treatment plan (protocol + planned sessions) to a FHIR R4 CarePlan. No I/O: the caller supplies
 * ids, the patient and author references and the creation time. Each dosing session becomes one activity (an
 * Appointment to be booked) carrying the product, the dose and the date; KAP preparation and integration sessions
 * become activities without a product.
 */
import type {
  Annotation,
  CarePlan,
  CarePlanActivity,
  Patient,
  Practitioner,
  PractitionerRole,
  Reference,
} from '@medplum/fhirtypes';
import { getProtocol } from '../protocols/definitions.js';
import { MODALITY_NAMES } from '../protocols/modality.js';
import type { Protocol, ProtocolId } from '../protocols/protocol.js';
import type { PlannedSession, PlanWarning, TherapySession } from '../protocols/preview.js';

export const PROTOCOL_URI_BASE = 'urn:ketaclinic:protocol';
export const MODALITY_SYSTEM = 'urn:ketaclinic:modality';
export const SESSION_PHASE_SYSTEM = 'urn:ketaclinic:session-phase';
export const UCUM_SYSTEM = 'http://unitsofmeasure.org';

/** `urn:ketaclinic:protocol:<id>|<version>`: which protocol version the plan instantiates. */
export function protocolUri(protocol: Pick<Protocol, 'id' | 'version'>): string {
  return `${PROTOCOL_URI_BASE}:${protocol.id}|${protocol.version}`;
}

export interface CarePlanInput {
  readonly protocol: ProtocolId | Protocol;
  readonly sessions: readonly PlannedSession[];
  readonly therapySessions?: readonly TherapySession[];
  readonly warnings?: readonly PlanWarning[];
  readonly subject: Reference<Patient>;
  readonly author?: Reference<Practitioner | PractitionerRole>;
  readonly id?: string;
  /** `draft` until a prescriber signs the plan, then `active`. */
  readonly status?: CarePlan['status'];
  /** ISO date-time the plan was created (passed in: the domain never reads the clock). */
  readonly created?: string;
}

function productText(protocol: Protocol, session: PlannedSession): string {
  if (protocol.modality === 'esketamine-nasal') return 'esketamine nasal spray 28 mg/device';
  return session.route === 'sublingual' ? 'ketamine sublingual' : 'ketamine hydrochloride injection';
}

function sessionActivity(protocol: Protocol, session: PlannedSession): CarePlanActivity {
  return {
    detail: {
      kind: 'Appointment',
      instantiatesUri: [protocolUri(protocol)],
      code: {
        coding: [{ system: SESSION_PHASE_SYSTEM, code: session.phase }],
        text: `${protocol.title}: session ${session.number} (${session.phase}, week ${session.week})`,
      },
      status: 'scheduled',
      scheduledPeriod: { start: session.date, end: session.date },
      productCodeableConcept: { text: productText(protocol, session) },
      quantity: { value: session.doseMg, unit: 'mg', system: UCUM_SYSTEM, code: 'mg' },
      description: `${session.doseMg} mg ${session.route}; dosing ${session.durationMin} min, then monitoring ${session.monitoringMin} min (chair time ${session.durationMin + session.monitoringMin} min)`,
    },
  };
}

function therapyActivity(protocol: Protocol, therapy: TherapySession): CarePlanActivity {
  const what =
    therapy.kind === 'preparation'
      ? 'Preparation session'
      : `Integration session after dosing session ${therapy.afterSession ?? '?'}`;
  return {
    detail: {
      kind: 'Appointment',
      instantiatesUri: [protocolUri(protocol)],
      code: { coding: [{ system: SESSION_PHASE_SYSTEM, code: therapy.kind }], text: what },
      status: 'scheduled',
      scheduledPeriod: { start: therapy.date, end: therapy.date },
      description: `${what} (psychotherapy, no dosing)`,
    },
  };
}

/** Maps a plan to an R4 CarePlan (status `draft` unless given, intent `plan`). Activities are in date order. */
export function planToCarePlan(input: CarePlanInput): CarePlan {
  const protocol = typeof input.protocol === 'string' ? getProtocol(input.protocol) : input.protocol;
  const dated: Array<{ readonly date: string; readonly order: number; readonly activity: CarePlanActivity }> = [
    ...input.sessions.map((s, i) => ({ date: s.date, order: i * 2 + 1, activity: sessionActivity(protocol, s) })),
    ...(input.therapySessions ?? []).map((t, i) => ({
      date: t.date,
      order: t.kind === 'preparation' ? -1 : (t.afterSession ?? i) * 2 + 2,
      activity: therapyActivity(protocol, t),
    })),
  ];
  dated.sort((a, b) => (a.date === b.date ? a.order - b.order : a.date < b.date ? -1 : 1));
  const dates = dated.map((d) => d.date);
  const note: Annotation[] = (input.warnings ?? []).map((w) => ({
    text: `Planning warning (${w.code}): ${w.message}`,
  }));
  const carePlan: CarePlan = {
    resourceType: 'CarePlan',
    status: input.status ?? 'draft',
    intent: 'plan',
    instantiatesUri: [protocolUri(protocol)],
    title: protocol.title,
    description: protocol.summary,
    category: [
      { coding: [{ system: MODALITY_SYSTEM, code: protocol.modality, display: MODALITY_NAMES[protocol.modality] }] },
    ],
    subject: input.subject,
    activity: dated.map((d) => d.activity),
  };
  if (input.id !== undefined) carePlan.id = input.id;
  if (input.author !== undefined) carePlan.author = input.author;
  if (input.created !== undefined) carePlan.created = input.created;
  if (dates.length > 0) carePlan.period = { start: dates[0] as string, end: dates.at(-1) as string };
  if (note.length > 0) carePlan.note = note;
  return carePlan;
}
