/**
 * The resource types served at /fhir/R4, one definition each: who may read it, its search parameters, and how a
 * read and a search load rows (fhir.repository.ts) and map them (src/domain/fhir). The routes, the
 * CapabilityStatement and the README's table are all built from this list: to serve a new type, add a definition.
 * A search returns every match in id order; the service pages through it (stable by id).
 */
import type { CarePlan, Observation, Resource } from '@medplum/fhirtypes';
import { planToCarePlan } from '../../domain/fhir/careplan.js';
import { instrumentForQuestionnaire } from '../../domain/fhir/questionnaire-response-import.js';
import { toFhirQuestionnaire, toQuestionnaireResponse } from '../../domain/fhir/questionnaire.js';
import {
  ENCOUNTER_STATUS, fhirMeta, MRN_SYSTEM, toFhirCondition, toFhirEncounter, toFhirOrganization, toFhirPatient, toFhirPractitioner,
} from '../../domain/fhir/resources.js';
import { vitalSignsToObservations } from '../../domain/fhir/observation-vitals.js';
import { getInstrument, INSTRUMENT_IDS, isInstrumentId } from '../../domain/instruments/index.js';
import type { PlannedSession, PlanWarning, TherapySession } from '../../domain/protocols/preview.js';
import { isProtocolId } from '../../domain/protocols/definitions.js';
import type { Permission } from '../auth/permissions.js';
import type { FhirRepository } from './fhir.repository.js';
import { matchesDates, matchesTokens, type SearchQuery } from './search-params.js';

export interface SearchParamDefinition {
  readonly name: string;
  readonly type: 'token' | 'reference' | 'date' | 'string' | 'uri';
  readonly documentation: string;
}

/** A served resource and the patient it is about (for the audit log), if any. */
export interface Served {
  readonly resource: Resource & { id: string };
  readonly patientId: string | null;
}

export interface FhirResourceDefinition {
  readonly type: Resource['resourceType'];
  readonly permission: Permission;
  readonly profiles?: readonly string[];
  readonly searchParams: readonly SearchParamDefinition[];
  read(repo: FhirRepository, clinicId: string, id: string): Promise<Served | undefined>;
  search(repo: FhirRepository, clinicId: string, query: SearchQuery): Promise<Served[]>;
}

/** When the instrument catalogue of this release was published: the Questionnaires' meta.lastUpdated. */
export const INSTRUMENT_CATALOGUE_DATE = new Date('2026-11-01T00:00:00Z');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const VITALS_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-(bp|hr|spo2|rr)$/;

const param = (name: string, type: SearchParamDefinition['type'], documentation: string): SearchParamDefinition => ({ name, type, documentation });
const ID = param('_id', 'token', 'Logical id (comma-separated for several)');
const PATIENT = param('patient', 'reference', 'The patient, as Patient/<id> or <id>');
const SUBJECT = param('subject', 'reference', 'Same as patient');

/** The patient ids a search is limited to (`patient` and `subject` together are ANDed), or undefined for all. */
function patientIds(query: SearchQuery): string[] | undefined {
  const a = query.references('patient', 'Patient');
  const b = query.references('subject', 'Patient');
  if (a && b) return a.filter((id) => b.includes(id));
  return a ?? b;
}

const byId = (a: Served, b: Served) => (a.resource.id < b.resource.id ? -1 : a.resource.id > b.resource.id ? 1 : 0);
const first = async (list: Promise<Served[]>) => (await list)[0];

// Patient ---------------------------------------------------------------------------------------------------------

async function patients(repo: FhirRepository, clinicId: string, query: SearchQuery | undefined, ids?: string[]): Promise<Served[]> {
  const identifiers = query?.tokens('identifier');
  const mrns = identifiers?.filter((t) => t.system === undefined || t.system === MRN_SYSTEM).map((t) => t.code);
  const rows = await repo.patients(clinicId, { ids: ids ?? query?.ids(), mrns, names: query?.strings('name') });
  const birthdate = query?.dates('birthdate');
  const genders = query?.tokens('gender');
  return rows
    .filter((r) => matchesDates(new Date(`${r.dateOfBirth}T00:00:00Z`), birthdate))
    .filter((r) => matchesTokens([{ system: 'http://hl7.org/fhir/administrative-gender', code: r.sex }], genders))
    .map((r) => ({ resource: toFhirPatient(r) as Served['resource'], patientId: r.id }));
}

const PatientDefinition: FhirResourceDefinition = {
  type: 'Patient',
  permission: 'patient:read',
  searchParams: [
    ID,
    param('identifier', 'token', `Medical record number: [${MRN_SYSTEM}|]<MRN>`),
    param('name', 'string', 'Start of the given or family name, case-insensitive (comma = either)'),
    param('birthdate', 'date', 'Date of birth, with eq/lt/le/gt/ge prefixes'),
    param('gender', 'token', 'male | female | other | unknown'),
  ],
  read: (repo, clinicId, id) => first(patients(repo, clinicId, undefined, [id])),
  search: (repo, clinicId, query) => patients(repo, clinicId, query),
};

// Observation -----------------------------------------------------------------------------------------------------

async function observations(repo: FhirRepository, clinicId: string, query: SearchQuery | undefined, id?: string): Promise<Served[]> {
  const vitalsId = id !== undefined ? VITALS_ID.exec(id) : null;
  const pids = query ? patientIds(query) : undefined;
  const ids = id !== undefined ? [id] : query?.ids();
  const out: Served[] = [];
  const scoreIds = ids?.filter((i) => UUID.test(i));
  if (!vitalsId) {
    for (const row of await repo.scoreObservations(clinicId, { ids: scoreIds, patientIds: pids })) {
      const resource = { ...(row.resource as unknown as Observation), id: row.id, meta: fhirMeta(1, row.recordedAt) };
      if (row.sessionId && !resource.encounter) resource.encounter = { reference: `Encounter/${row.sessionId}` };
      out.push({ resource: resource as Served['resource'], patientId: row.patientId });
    }
  }
  const entryIds = ids?.map((i) => VITALS_ID.exec(i)?.[1]).filter((i): i is string => i !== undefined);
  if (id === undefined || vitalsId) {
    const { rows, correctedIds } = await repo.vitalEntries(clinicId, { entryIds, patientIds: pids });
    for (const row of rows) {
      if (correctedIds.has(row.id)) continue; // superseded by its correction, which is served instead
      const data = row.data as Record<string, unknown>;
      // A check-in carries the pre-dose vitals with their own time; a vitals entry is the reading itself.
      const d = (row.kind === 'check-in' ? data.preDoseVitals : data) as Record<string, unknown> | undefined;
      if (!d) continue;
      const takenAt = typeof d.takenAt === 'string' ? new Date(d.takenAt) : row.occurredAt;
      const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : undefined);
      const reading = {
        takenAt,
        ...(num('systolic') !== undefined && num('diastolic') !== undefined ? { systolic: num('systolic'), diastolic: num('diastolic') } : {}),
        ...(num('heartRate') !== undefined ? { heartRate: num('heartRate') } : {}),
        ...(num('spo2') !== undefined ? { spo2: num('spo2') } : {}),
        ...(num('respiratoryRate') !== undefined ? { respiratoryRate: num('respiratoryRate') } : {}),
      };
      const mapped = vitalSignsToObservations(reading, {
        subject: { reference: `Patient/${row.patientId}` }, encounter: { reference: `Encounter/${row.sessionId}` },
        performer: [{ reference: `Practitioner/${row.recordedBy}` }], idPrefix: row.id, status: row.correctsId ? 'amended' : 'final',
      });
      for (const o of mapped) {
        const resource = { ...o, meta: { ...fhirMeta(1, row.recordedAt), profile: o.meta?.profile ?? [] } } as Served['resource'];
        if (ids && !ids.includes(resource.id)) continue;
        out.push({ resource, patientId: row.patientId });
      }
    }
  }
  const codes = query?.tokens('code');
  const categories = query?.tokens('category');
  const dates = query?.dates('date');
  return out.filter(({ resource }) => {
    const o = resource as Observation;
    return matchesTokens(o.code.coding ?? [], codes)
      && matchesTokens((o.category ?? []).flatMap((c) => c.coding ?? []), categories)
      && (dates === undefined || (o.effectiveDateTime !== undefined && matchesDates(new Date(o.effectiveDateTime), dates)));
  }).sort(byId);
}

const ObservationDefinition: FhirResourceDefinition = {
  type: 'Observation',
  permission: 'clinical:read',
  profiles: [
    'http://hl7.org/fhir/StructureDefinition/vitalsigns', 'http://hl7.org/fhir/StructureDefinition/bp',
    'http://hl7.org/fhir/StructureDefinition/heartrate', 'http://hl7.org/fhir/StructureDefinition/oxygensat',
    'http://hl7.org/fhir/StructureDefinition/resprate',
  ],
  searchParams: [
    ID, PATIENT, SUBJECT,
    param('code', 'token', 'LOINC code, e.g. http://loinc.org|44261-6 (PHQ-9 total), 44260-8 (PHQ-9 item 9), 85354-9 (blood pressure)'),
    param('category', 'token', 'survey (instrument scores) or vital-signs'),
    param('date', 'date', 'effectiveDateTime, with eq/lt/le/gt/ge prefixes'),
  ],
  read: (repo, clinicId, id) => first(observations(repo, clinicId, undefined, id)),
  search: (repo, clinicId, query) => observations(repo, clinicId, query),
};

// QuestionnaireResponse -------------------------------------------------------------------------------------------

async function questionnaireResponses(repo: FhirRepository, clinicId: string, query: SearchQuery | undefined, id?: string): Promise<Served[]> {
  const questionnaires = query?.strings('questionnaire');
  const instrumentIds = questionnaires?.map((q) => (isInstrumentId(q) ? q : instrumentForQuestionnaire(q)?.id ?? '')).filter(Boolean);
  const rows = await repo.measures(clinicId, { ids: id !== undefined ? [id] : query?.ids(), patientIds: query ? patientIds(query) : undefined, instrumentIds });
  const authored = query?.dates('authored');
  return rows.filter((r) => matchesDates(r.observedAt, authored)).map((r) => {
    const subject = { reference: `Patient/${r.patientId}` };
    const author = r.source === 'patient-link' ? subject : r.recordedBy ? { reference: `Practitioner/${r.recordedBy}` } : undefined;
    const resource = toQuestionnaireResponse({
      instrumentId: r.instrumentId, answers: r.answers, subject, authored: r.observedAt, id: r.id,
      ...(author ? { author } : {}), ...(r.sessionId ? { encounter: { reference: `Encounter/${r.sessionId}` } } : {}),
    });
    if (r.source === 'patient-link') resource.source = subject;
    return { resource: { ...resource, id: r.id, meta: fhirMeta(1, r.recordedAt) } as Served['resource'], patientId: r.patientId };
  });
}

const QuestionnaireResponseDefinition: FhirResourceDefinition = {
  type: 'QuestionnaireResponse',
  permission: 'clinical:read',
  searchParams: [
    ID, PATIENT, SUBJECT,
    param('questionnaire', 'reference', 'The Questionnaire: its canonical URL, its id (phq-9), or its LOINC panel URL (http://loinc.org/q/44249-1)'),
    param('authored', 'date', 'When the answers were given, with eq/lt/le/gt/ge prefixes'),
  ],
  read: (repo, clinicId, id) => first(questionnaireResponses(repo, clinicId, undefined, id)),
  search: (repo, clinicId, query) => questionnaireResponses(repo, clinicId, query),
};

// Questionnaire ---------------------------------------------------------------------------------------------------

function questionnaires(query: SearchQuery | undefined, id?: string): Served[] {
  const ids = id !== undefined ? [id] : query?.ids();
  const urls = query?.strings('url');
  const codes = query?.tokens('code');
  return INSTRUMENT_IDS.filter((i) => !ids || ids.includes(i)).map((i) => {
    const def = getInstrument(i);
    const resource = { ...toFhirQuestionnaire(def, 'loinc'), meta: fhirMeta(def.version, INSTRUMENT_CATALOGUE_DATE) };
    return { resource: resource as Served['resource'], patientId: null };
  }).filter(({ resource }) => {
    const q = resource as Served['resource'] & { url?: string; code?: Array<{ system?: string; code?: string }> };
    return (!urls || urls.some((u) => u.split('|')[0] === q.url)) && matchesTokens(q.code ?? [], codes);
  }).sort(byId);
}

const QuestionnaireDefinition: FhirResourceDefinition = {
  type: 'Questionnaire',
  permission: 'clinical:read',
  searchParams: [ID, param('url', 'uri', 'Canonical URL, e.g. https://ketaclinic.org/fhir/Questionnaire/phq-9'), param('code', 'token', 'LOINC panel code, e.g. 44249-1')],
  read: async (_repo, _clinicId, id) => questionnaires(undefined, id)[0],
  search: async (_repo, _clinicId, query) => questionnaires(query),
};

// Encounter -------------------------------------------------------------------------------------------------------

async function encounters(repo: FhirRepository, clinicId: string, query: SearchQuery | undefined, id?: string): Promise<Served[]> {
  const rows = await repo.sessions(clinicId, { ids: id !== undefined ? [id] : query?.ids(), patientIds: query ? patientIds(query) : undefined });
  const dates = query?.dates('date');
  const statuses = query?.tokens('status');
  return rows.filter((r) => matchesDates(r.startsAt, dates)).map((r) => {
    const lastUpdated = r.updatedAt ?? r.createdAt;
    return { resource: toFhirEncounter({ ...r, lastUpdated, versionId: String(lastUpdated.getTime()) }) as Served['resource'], patientId: r.patientId };
  }).filter(({ resource }) => matchesTokens([{ code: (resource as { status: string }).status }], statuses));
}

const EncounterDefinition: FhirResourceDefinition = {
  type: 'Encounter',
  permission: 'clinical:read',
  searchParams: [
    ID, PATIENT, SUBJECT,
    param('date', 'date', 'Start of the session, with eq/lt/le/gt/ge prefixes'),
    param('status', 'token', `planned | in-progress | finished | cancelled (from ${Object.keys(ENCOUNTER_STATUS).join(', ')})`),
  ],
  read: (repo, clinicId, id) => first(encounters(repo, clinicId, undefined, id)),
  search: (repo, clinicId, query) => encounters(repo, clinicId, query),
};

// Condition -------------------------------------------------------------------------------------------------------

async function conditions(repo: FhirRepository, clinicId: string, query: SearchQuery | undefined, id?: string): Promise<Served[]> {
  const pids = id !== undefined ? [id.slice(0, 36)] : query ? patientIds(query) : undefined;
  const ids = id !== undefined ? [id] : query?.ids();
  const codes = query?.tokens('code');
  const out: Served[] = [];
  for (const intake of await repo.latestIntakes(clinicId, { patientIds: pids })) {
    const diagnoses = (intake.data as { diagnoses?: Array<{ code?: unknown; name?: unknown }> }).diagnoses ?? [];
    for (const d of diagnoses) {
      if (typeof d.code !== 'string') continue;
      const resource = toFhirCondition({
        patientId: intake.patientId, code: d.code, name: typeof d.name === 'string' ? d.name : undefined,
        intakeVersion: intake.version, recordedAt: intake.createdAt, recorderId: intake.createdBy,
      }) as Served['resource'];
      if (ids && !ids.includes(resource.id)) continue;
      if (!matchesTokens((resource as { code?: { coding?: Array<{ system?: string; code?: string }> } }).code?.coding ?? [], codes)) continue;
      out.push({ resource, patientId: intake.patientId });
    }
  }
  return out.sort(byId);
}

const ConditionDefinition: FhirResourceDefinition = {
  type: 'Condition',
  permission: 'clinical:read',
  searchParams: [ID, PATIENT, SUBJECT, param('code', 'token', 'ICD-10-CM code, e.g. http://hl7.org/fhir/sid/icd-10-cm|F33.2')],
  read: (repo, clinicId, id) => first(conditions(repo, clinicId, undefined, id)),
  search: (repo, clinicId, query) => conditions(repo, clinicId, query),
};

// CarePlan --------------------------------------------------------------------------------------------------------

/** Plan status -> CarePlan.status: a discontinued plan is `revoked` (R4 request-status). */
const CAREPLAN_STATUS: Readonly<Record<string, CarePlan['status']>> = { draft: 'draft', active: 'active', completed: 'completed', discontinued: 'revoked' };

async function carePlans(repo: FhirRepository, clinicId: string, query: SearchQuery | undefined, id?: string): Promise<Served[]> {
  const rows = await repo.plans(clinicId, { ids: id !== undefined ? [id] : query?.ids(), patientIds: query ? patientIds(query) : undefined });
  const statuses = query?.tokens('status');
  const out: Served[] = [];
  for (const r of rows) {
    if (!isProtocolId(r.protocolId)) continue;
    const status = CAREPLAN_STATUS[r.status] ?? 'unknown';
    if (!matchesTokens([{ code: status }], statuses)) continue;
    const author = r.signedBy ?? r.createdBy;
    const changes = [r.createdAt, r.signedAt, r.discontinuedAt].filter((d): d is Date => d !== null);
    const lastUpdated = new Date(Math.max(...changes.map((d) => d.getTime())));
    const resource = planToCarePlan({
      protocol: r.protocolId, sessions: r.sessions as unknown as PlannedSession[], therapySessions: r.therapySessions as unknown as TherapySession[],
      warnings: r.warnings as unknown as PlanWarning[], subject: { reference: `Patient/${r.patientId}` },
      ...(author ? { author: { reference: `Practitioner/${author}` } } : {}), id: r.id, status, created: r.createdAt.toISOString(),
    });
    out.push({ resource: { ...resource, id: r.id, meta: fhirMeta(changes.length, lastUpdated) } as Served['resource'], patientId: r.patientId });
  }
  return out;
}

const CarePlanDefinition: FhirResourceDefinition = {
  type: 'CarePlan',
  permission: 'clinical:read',
  searchParams: [ID, PATIENT, SUBJECT, param('status', 'token', 'draft | active | completed | revoked')],
  read: (repo, clinicId, id) => first(carePlans(repo, clinicId, undefined, id)),
  search: (repo, clinicId, query) => carePlans(repo, clinicId, query),
};

// Practitioner and Organization -----------------------------------------------------------------------------------

async function practitioners(repo: FhirRepository, clinicId: string, query: SearchQuery | undefined, id?: string): Promise<Served[]> {
  const rows = await repo.staff(clinicId, { ids: id !== undefined ? [id] : query?.ids() });
  const names = query?.strings('name')?.map((n) => n.toLowerCase());
  return rows.filter((r) => !names || names.some((n) => r.displayName.toLowerCase().split(/\s+/).some((part) => part.startsWith(n))))
    .map((r) => ({ resource: toFhirPractitioner(r) as Served['resource'], patientId: null }));
}

const PractitionerDefinition: FhirResourceDefinition = {
  type: 'Practitioner',
  permission: 'clinical:read',
  searchParams: [ID, param('name', 'string', 'Start of any part of the name, case-insensitive')],
  read: (repo, clinicId, id) => first(practitioners(repo, clinicId, undefined, id)),
  search: (repo, clinicId, query) => practitioners(repo, clinicId, query),
};

async function organizations(repo: FhirRepository, clinicId: string, ids: readonly string[] | undefined): Promise<Served[]> {
  const clinic = await repo.clinic(clinicId);
  if (!clinic || (ids && !ids.includes(clinic.id))) return [];
  return [{ resource: toFhirOrganization(clinic) as Served['resource'], patientId: null }];
}

const OrganizationDefinition: FhirResourceDefinition = {
  type: 'Organization',
  permission: 'clinical:read',
  searchParams: [ID],
  read: (repo, clinicId, id) => first(organizations(repo, clinicId, [id])),
  search: (repo, clinicId, query) => organizations(repo, clinicId, query.ids()),
};

export const FHIR_RESOURCES: readonly FhirResourceDefinition[] = [
  PatientDefinition, ObservationDefinition, QuestionnaireResponseDefinition, QuestionnaireDefinition, EncounterDefinition,
  ConditionDefinition, CarePlanDefinition, PractitionerDefinition, OrganizationDefinition,
];
