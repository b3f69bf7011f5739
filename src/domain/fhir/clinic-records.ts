/**
 * Pure mappers for the rest of a clinic's records served at /fhir/R4: Consent (a signed treatment consent),
 * AllergyIntolerance (an allergy recorded at intake), AdverseEvent (one recorded during a session), Location (chairs
 * and rooms) and Group (the patients with a plan on one treatment protocol). No I/O, no clock.
 *
 * Code systems are R4's own (https://hl7.org/fhir/R4/terminologies-systems.html): consentscope `treatment`,
 * LOINC 59284-0 "Patient Consent" as the consent category (R4 consent-category value set), allergyintolerance
 * clinical and verification status, adverse-event seriousness / severity / outcome, location-physical-type
 * (`ro` room, `bd` bed: R4 has no "chair"; a treatment chair is the place a patient is given care, as a bed is).
 * The kinds of adverse event are Ketaclinic's catalogue (src/domain/session/adverse-events.ts).
 */
import type {
  AdverseEvent,
  AllergyIntolerance,
  Consent,
  Group,
  Location,
  MedicationStatement,
} from '@medplum/fhirtypes';
import { adverseEventLabel, type AdverseEvent as SessionAdverseEvent } from '../session/adverse-events.js';
import { MODALITY_SYSTEM } from './careplan.js';
import { fhirMeta, KETACLINIC_FHIR_BASE } from './resources.js';

export const ADVERSE_EVENT_TYPE_SYSTEM = `${KETACLINIC_FHIR_BASE}/CodeSystem/adverse-event-type`;
export const PROTOCOL_SYSTEM = `${KETACLINIC_FHIR_BASE}/CodeSystem/protocol`;
const TERMINOLOGY = 'http://terminology.hl7.org/CodeSystem';

// Consent -----------------------------------------------------------------------------------------------------------

export interface ConsentRecord {
  readonly id: string;
  readonly clinicId: string;
  readonly patientId: string;
  readonly modality: string;
  readonly documentId: string;
  readonly documentVersion: string;
  readonly documentTitle?: string;
  readonly agreed: boolean;
  readonly signedAt: Date;
}

/** A signature on a consent document: active when the patient agreed, rejected when they declined. */
export function toFhirConsent(c: ConsentRecord): Consent {
  const title = `${c.documentTitle ?? c.documentId}, version ${c.documentVersion}`;
  return {
    resourceType: 'Consent',
    id: c.id,
    meta: fhirMeta(1, c.signedAt),
    status: c.agreed ? 'active' : 'rejected',
    scope: { coding: [{ system: `${TERMINOLOGY}/consentscope`, code: 'treatment', display: 'Treatment' }] },
    category: [{ coding: [{ system: 'http://loinc.org', code: '59284-0', display: 'Patient Consent' }] }],
    patient: { reference: `Patient/${c.patientId}` },
    dateTime: c.signedAt.toISOString(),
    performer: [{ reference: `Patient/${c.patientId}` }],
    organization: [{ reference: `Organization/${c.clinicId}` }],
    sourceAttachment: { contentType: 'text/markdown', title },
    policy: [{ uri: `${KETACLINIC_FHIR_BASE}/consent-document/${c.documentId}/${c.documentVersion}` }],
    provision: {
      type: c.agreed ? 'permit' : 'deny',
      code: [{ coding: [{ system: MODALITY_SYSTEM, code: c.modality }] }],
    },
  };
}

// AllergyIntolerance ------------------------------------------------------------------------------------------------

/** 32-bit FNV-1a of a text, as 8 hex digits: a stable, short id part for a substance name. */
export function shortHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** `<patient id>-allergy-<hash of the substance>`: the same substance keeps its id across intake versions. */
export function allergyId(patientId: string, substance: string): string {
  return `${patientId}-allergy-${shortHash(substance.trim().toLowerCase())}`;
}

export interface AllergyRecord {
  readonly patientId: string;
  readonly substance: string;
  readonly reaction?: string;
  readonly intakeVersion: number;
  readonly recordedAt: Date;
  /** Staff who recorded the intake; absent when the patient filled it in through a link. */
  readonly recorderId?: string;
  readonly reportedByPatient: boolean;
}

/**
 * An allergy as the intake records it: free text, reported by the patient, so `unconfirmed` (no one has tested it)
 * and `active`.
 */
export function toFhirAllergy(a: AllergyRecord): AllergyIntolerance {
  const resource: AllergyIntolerance = {
    resourceType: 'AllergyIntolerance',
    id: allergyId(a.patientId, a.substance),
    meta: fhirMeta(a.intakeVersion, a.recordedAt),
    clinicalStatus: {
      coding: [{ system: `${TERMINOLOGY}/allergyintolerance-clinical`, code: 'active', display: 'Active' }],
    },
    verificationStatus: {
      coding: [
        { system: `${TERMINOLOGY}/allergyintolerance-verification`, code: 'unconfirmed', display: 'Unconfirmed' },
      ],
    },
    code: { text: a.substance },
    patient: { reference: `Patient/${a.patientId}` },
    recordedDate: a.recordedAt.toISOString(),
    asserter: { reference: `Patient/${a.patientId}` },
  };
  if (a.recorderId) resource.recorder = { reference: `Practitioner/${a.recorderId}` };
  else if (a.reportedByPatient) resource.recorder = { reference: `Patient/${a.patientId}` };
  if (a.reaction) resource.reaction = [{ manifestation: [{ text: a.reaction }] }];
  return resource;
}

// MedicationStatement -----------------------------------------------------------------------------------------------

/** `<patient id>-medication-<hash of the name>`: the same medicine keeps its id across intake versions. */
export function medicationStatementId(patientId: string, name: string): string {
  return `${patientId}-medication-${shortHash(name.trim().toLowerCase())}`;
}

export interface MedicationStatementRecord {
  readonly patientId: string;
  readonly name: string;
  readonly dose?: string;
  readonly intakeVersion: number;
  readonly recordedAt: Date;
  /** Staff who recorded the intake; absent when the patient filled it in through a link. */
  readonly recorderId?: string;
  readonly reportedByPatient: boolean;
}

/**
 * A medicine the latest intake lists as taken now (R4 MedicationStatement, status `active`): named as recorded
 * (free text), with the dose as the intake gives it; the source is the staff member who recorded the intake or the
 * patient who filled it in.
 */
export function toFhirMedicationStatement(m: MedicationStatementRecord): MedicationStatement {
  const resource: MedicationStatement = {
    resourceType: 'MedicationStatement',
    id: medicationStatementId(m.patientId, m.name),
    meta: fhirMeta(m.intakeVersion, m.recordedAt),
    status: 'active',
    medicationCodeableConcept: { text: m.name },
    subject: { reference: `Patient/${m.patientId}` },
    dateAsserted: m.recordedAt.toISOString(),
  };
  if (m.recorderId) resource.informationSource = { reference: `Practitioner/${m.recorderId}` };
  else if (m.reportedByPatient) resource.informationSource = { reference: `Patient/${m.patientId}` };
  if (m.dose) resource.dosage = [{ text: m.dose }];
  return resource;
}

// AdverseEvent ------------------------------------------------------------------------------------------------------

/** Ketaclinic's outcome -> R4 adverse-event-outcome (`transferred` and `other` say nothing of recovery: unknown). */
export const ADVERSE_EVENT_OUTCOME: Readonly<Record<SessionAdverseEvent['outcome'], string>> = {
  resolved: 'resolved',
  resolving: 'recovering',
  ongoing: 'ongoing',
  transferred: 'unknown',
  other: 'unknown',
};

export interface AdverseEventRecord {
  /** The journal entry's id (a correction keeps the original's). */
  readonly id: string;
  readonly patientId: string;
  readonly sessionId: string;
  readonly event: SessionAdverseEvent;
  readonly recordedAt: Date;
  readonly recorderId: string;
  /** The session's MedicationAdministration, when a dose was given: the suspected cause. */
  readonly administrationId?: string;
  readonly versionId: string;
  readonly lastUpdated: Date;
}

export function toFhirAdverseEvent(r: AdverseEventRecord): AdverseEvent {
  const e = r.event;
  const label = adverseEventLabel(e.type);
  const resource: AdverseEvent = {
    resourceType: 'AdverseEvent',
    id: r.id,
    meta: fhirMeta(r.versionId, r.lastUpdated),
    actuality: 'actual',
    event: {
      coding: [{ system: ADVERSE_EVENT_TYPE_SYSTEM, code: e.type, display: label }],
      text: e.description ?? label,
    },
    subject: { reference: `Patient/${r.patientId}` },
    encounter: { reference: `Encounter/${r.sessionId}` },
    date: e.startedAt.toISOString(),
    recordedDate: r.recordedAt.toISOString(),
    recorder: { reference: `Practitioner/${r.recorderId}` },
    seriousness: {
      coding: [
        {
          system: `${TERMINOLOGY}/adverse-event-seriousness`,
          code: e.serious ? 'serious' : 'non-serious',
          display: e.serious ? 'Serious' : 'Non-serious',
        },
      ],
    },
    severity: { coding: [{ system: `${TERMINOLOGY}/adverse-event-severity`, code: e.severity }] },
    outcome: { coding: [{ system: `${TERMINOLOGY}/adverse-event-outcome`, code: ADVERSE_EVENT_OUTCOME[e.outcome] }] },
  };
  if (r.administrationId)
    resource.suspectEntity = [{ instance: { reference: `MedicationAdministration/${r.administrationId}` } }];
  return resource;
}

// Location ----------------------------------------------------------------------------------------------------------

export interface PlaceRecord {
  readonly id: string;
  readonly clinicId: string;
  readonly kind: 'chair' | 'room';
  readonly name: string;
  readonly isActive: boolean;
  readonly updatedAt: Date;
  /** A chair's room, when it names one the clinic has. */
  readonly roomId?: string;
}

export function toFhirLocation(p: PlaceRecord): Location {
  const type = p.kind === 'room' ? { code: 'ro', display: 'Room' } : { code: 'bd', display: 'Bed' };
  const resource: Location = {
    resourceType: 'Location',
    id: p.id,
    meta: fhirMeta(p.updatedAt.getTime(), p.updatedAt),
    status: p.isActive ? 'active' : 'inactive',
    name: p.name,
    mode: 'instance',
    physicalType: {
      coding: [{ system: `${TERMINOLOGY}/location-physical-type`, ...type }],
      text: p.kind === 'room' ? 'Room' : 'Treatment chair',
    },
    managingOrganization: { reference: `Organization/${p.clinicId}` },
  };
  if (p.roomId) resource.partOf = { reference: `Location/${p.roomId}` };
  return resource;
}

// Group -------------------------------------------------------------------------------------------------------------

export interface ProtocolGroupRecord {
  readonly protocolId: string;
  readonly title: string;
  readonly clinicId: string;
  /** One per patient with a plan on the protocol; `isActive` when one of those plans is active. */
  readonly members: ReadonlyArray<{ readonly patientId: string; readonly since: Date; readonly isActive: boolean }>;
  readonly lastUpdated: Date;
}

/**
 * The patients with a treatment plan on one protocol (actual group of persons); a member whose plans are all
 * draft, completed or discontinued is `inactive`.
 */
export function toFhirProtocolGroup(g: ProtocolGroupRecord): Group {
  return {
    resourceType: 'Group',
    id: g.protocolId,
    meta: fhirMeta(g.lastUpdated.getTime(), g.lastUpdated),
    active: true,
    type: 'person',
    actual: true,
    code: { coding: [{ system: PROTOCOL_SYSTEM, code: g.protocolId, display: g.title }] },
    name: `Patients on ${g.title}`,
    quantity: g.members.length,
    managingEntity: { reference: `Organization/${g.clinicId}` },
    ...(g.members.length > 0
      ? {
          member: g.members.map((m) => ({
            entity: { reference: `Patient/${m.patientId}` },
            period: { start: m.since.toISOString() },
            inactive: !m.isActive,
          })),
        }
      : {}),
  };
}
