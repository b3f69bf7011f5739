/**
 * Pure mappers from Ketaclinic records to FHIR R4 resources served at /fhir/R4: Patient, Encounter (one per
 * treatment session), Condition (a diagnosis from intake), Practitioner (a staff member) and Organization (the
 * clinic). No I/O and no clock: the caller passes rows and times in.
 * Code systems: ICD-10-CM `http://hl7.org/fhir/sid/icd-10-cm`; encounter class from v3 ActCode (AMB, ambulatory);
 * condition clinical/verification status from terminology.hl7.org, as the R4 Condition resource requires.
 */
import type { Condition, Encounter, Meta, Organization, Patient, Practitioner } from '@medplum/fhirtypes';

/** Canonical base of everything Ketaclinic defines (Questionnaires, identifier systems). */
export const KETACLINIC_FHIR_BASE = 'https://ketaclinic.org/fhir';
/** Identifier system of a clinic's medical record numbers. */
export const MRN_SYSTEM = `${KETACLINIC_FHIR_BASE}/sid/mrn`;
export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';

export function fhirMeta(versionId: string | number, lastUpdated: Date, profile?: readonly string[]): Meta {
  const meta: Meta = { versionId: String(versionId), lastUpdated: lastUpdated.toISOString() };
  if (profile && profile.length > 0) meta.profile = [...profile];
  return meta;
}

export interface PatientRecord {
  readonly id: string;
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly sex: 'female' | 'male' | 'other' | 'unknown';
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: { line?: string; city?: string; region?: string; postalCode?: string; country?: string } | null;
  readonly version: number;
  readonly updatedAt: Date;
  readonly clinicId: string;
}

export function toFhirPatient(p: PatientRecord): Patient {
  const patient: Patient = {
    resourceType: 'Patient',
    id: p.id,
    meta: fhirMeta(p.version, p.updatedAt),
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR', display: 'Medical record number' },
          ],
        },
        system: MRN_SYSTEM,
        value: p.mrn,
        assigner: { reference: `Organization/${p.clinicId}` },
      },
    ],
    active: true,
    name: [{ use: 'official', family: p.familyName, given: [p.givenName] }],
    gender: p.sex,
    birthDate: p.dateOfBirth,
    managingOrganization: { reference: `Organization/${p.clinicId}` },
  };
  const telecom = [
    ...(p.phone ? [{ system: 'phone' as const, value: p.phone }] : []),
    ...(p.email ? [{ system: 'email' as const, value: p.email }] : []),
  ];
  if (telecom.length > 0) patient.telecom = telecom;
  if (p.address && Object.values(p.address).some((v) => typeof v === 'string' && v.length > 0)) {
    const a = p.address;
    patient.address = [
      {
        ...(a.line ? { line: [a.line] } : {}),
        ...(a.city ? { city: a.city } : {}),
        ...(a.region ? { state: a.region } : {}),
        ...(a.postalCode ? { postalCode: a.postalCode } : {}),
        ...(a.country ? { country: a.country } : {}),
      },
    ];
  }
  return patient;
}

export interface SessionRecord {
  readonly id: string;
  readonly patientId: string;
  readonly clinicId: string;
  readonly modality: string;
  readonly sessionNumber: number | null;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly status: 'scheduled' | 'in-progress' | 'completed' | 'cancelled' | 'no-show';
  readonly staffId: string | null;
  readonly lastUpdated: Date;
  readonly versionId: string;
}

/**
 * R4 Encounter.status for a session: scheduled -> planned, in-progress -> in-progress, completed -> finished,
 * cancelled and no-show -> cancelled (R4 has no no-show status; see Encounter.status value set).
 */
export const ENCOUNTER_STATUS: Readonly<Record<SessionRecord['status'], Encounter['status']>> = {
  scheduled: 'planned',
  'in-progress': 'in-progress',
  completed: 'finished',
  cancelled: 'cancelled',
  'no-show': 'cancelled',
};

export function toFhirEncounter(s: SessionRecord): Encounter {
  const encounter: Encounter = {
    resourceType: 'Encounter',
    id: s.id,
    meta: fhirMeta(s.versionId, s.lastUpdated),
    status: ENCOUNTER_STATUS[s.status],
    class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
    type: [
      {
        coding: [{ system: `${KETACLINIC_FHIR_BASE}/CodeSystem/modality`, code: s.modality }],
        text: `${s.modality} treatment session${s.sessionNumber !== null ? ` ${s.sessionNumber}` : ''}`,
      },
    ],
    subject: { reference: `Patient/${s.patientId}` },
    period: { start: s.startsAt.toISOString(), end: s.endsAt.toISOString() },
    serviceProvider: { reference: `Organization/${s.clinicId}` },
  };
  if (s.staffId) encounter.participant = [{ individual: { reference: `Practitioner/${s.staffId}` } }];
  return encounter;
}

export interface DiagnosisRecord {
  readonly patientId: string;
  readonly code: string;
  readonly name?: string | undefined;
  /** The intake version the diagnosis comes from, and when it was recorded. */
  readonly intakeVersion: number;
  readonly recordedAt: Date;
  readonly recorderId: string | null;
}

/** A Condition id unique per patient and code, stable across intake versions: `<patient id>-<ICD-10-CM code>`. */
export function conditionId(patientId: string, code: string): string {
  return `${patientId}-${code}`;
}

export function toFhirCondition(d: DiagnosisRecord): Condition {
  const condition: Condition = {
    resourceType: 'Condition',
    id: conditionId(d.patientId, d.code),
    meta: fhirMeta(d.intakeVersion, d.recordedAt),
    clinicalStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
    },
    verificationStatus: {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }],
    },
    category: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/condition-category',
            code: 'encounter-diagnosis',
            display: 'Encounter Diagnosis',
          },
        ],
      },
    ],
    code: {
      coding: [{ system: ICD10CM_SYSTEM, code: d.code, ...(d.name ? { display: d.name } : {}) }],
      ...(d.name ? { text: d.name } : {}),
    },
    subject: { reference: `Patient/${d.patientId}` },
    recordedDate: d.recordedAt.toISOString(),
  };
  if (d.recorderId) condition.recorder = { reference: `Practitioner/${d.recorderId}` };
  return condition;
}

export interface StaffRecord {
  readonly id: string;
  readonly displayName: string;
  readonly email: string;
  readonly role: string;
  readonly isActive: boolean;
  readonly updatedAt: Date;
}

export function toFhirPractitioner(u: StaffRecord): Practitioner {
  const parts = u.displayName.trim().split(/\s+/);
  const family = parts.length > 1 ? parts.at(-1) : undefined;
  const given = parts.length > 1 ? parts.slice(0, -1) : parts;
  return {
    resourceType: 'Practitioner',
    id: u.id,
    meta: fhirMeta(u.updatedAt.getTime(), u.updatedAt),
    active: u.isActive,
    name: [{ text: u.displayName, ...(family ? { family } : {}), given }],
    telecom: [{ system: 'email', value: u.email, use: 'work' }],
  };
}

export interface ClinicRecord {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  readonly createdAt: Date;
}

export function toFhirOrganization(c: ClinicRecord): Organization {
  return {
    resourceType: 'Organization',
    id: c.id,
    meta: fhirMeta(1, c.createdAt),
    identifier: [{ system: `${KETACLINIC_FHIR_BASE}/sid/clinic`, value: c.slug }],
    active: true,
    type: [
      {
        coding: [
          {
            system: 'http://terminology.hl7.org/CodeSystem/organization-type',
            code: 'prov',
            display: 'Healthcare Provider',
          },
        ],
      },
    ],
    name: c.name,
  };
}
