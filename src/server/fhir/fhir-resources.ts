/**
 * The resource types served at /fhir/R4, one definition each: who may read it, its search parameters, and how a
 * read and a search load rows (fhir.repository.ts) and map them (src/domain/fhir). The routes, the
 * CapabilityStatement and the README's table are all built from this list: to serve a new type, add a definition.
 * A search returns every match in id order; the service pages through it (stable by id).
 */
import type { AllergyIntolerance, CarePlan, MedicationStatement, Observation, Resource } from '@medplum/fhirtypes';
import { planToCarePlan } from '../../domain/fhir/careplan.js';
import { instrumentForQuestionnaire } from '../../domain/fhir/questionnaire-response-import.js';
import { toFhirQuestionnaire, toQuestionnaireResponse } from '../../domain/fhir/questionnaire.js';
import {
  ENCOUNTER_STATUS,
  fhirMeta,
  MRN_SYSTEM,
  toFhirCondition,
  toFhirEncounter,
  toFhirOrganization,
  toFhirPatient,
  toFhirPractitioner,
} from '../../domain/fhir/resources.js';
import { vitalSignsToObservations } from '../../domain/fhir/observation-vitals.js';
import { getInstrument, INSTRUMENT_IDS, isInstrumentId } from '../../domain/instruments/index.js';
import type { PlannedSession, PlanWarning, TherapySession } from '../../domain/protocols/preview.js';
import { isProtocolId } from '../../domain/protocols/definitions.js';
import { ESKETAMINE_MG_PER_DEVICE } from '../../domain/dosing/index.js';
import {
  drugOf,
  medicationConcept,
  medicationRequestId,
  routeOf,
  toMedicationAdministration,
  toMedicationRequest,
  type AdministrationRecord,
} from '../../domain/fhir/medication.js';
import {
  toFhirAdverseEvent,
  toFhirAllergy,
  toFhirMedicationStatement,
  toFhirConsent,
  toFhirLocation,
  toFhirProtocolGroup,
} from '../../domain/fhir/clinic-records.js';
import { CONSENT_DOCUMENTS } from '../../domain/consent/index.js';
import { getProtocol } from '../../domain/protocols/definitions.js';
import { PROTOCOL_IDS } from '../../domain/protocols/protocol.js';
import { isTreatmentModality } from '../../domain/session/index.js';
import type { Permission } from '../auth/permissions.js';
import { administrationOfRecord } from '../modules/treatment-day/treatment-day-administration.js';
import { readSessionRecord } from '../modules/treatment-day/treatment-day-record.js';
import type { EntryRow } from '../modules/treatment-day/treatment-day.repository.js';
import type { EntryKind } from '../modules/treatment-day/treatment-day.tables.js';
import { ADMINISTRATION_EVENTS } from '../modules/treatment-day/treatment-day.types.js';
import type { FhirRepository } from './fhir.repository.js';
import { matchesDates, matchesTokens, type SearchQuery, type Token } from './search-params.js';

export interface SearchParamDefinition {
  readonly name: string;
  readonly type: 'token' | 'reference' | 'date' | 'string' | 'uri';
  readonly documentation: string;
}

/** A served resource and the patient it is about (for the audit log), if any. */
export interface Served {
  readonly resource: Resource & { id: string };
  readonly patientId: string | null;
  /** About several patients (a Group): never shown to a token limited to one patient. */
  readonly isPopulation?: boolean;
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

const param = (name: string, type: SearchParamDefinition['type'], documentation: string): SearchParamDefinition => ({
  name,
  type,
  documentation,
});
const ID = param('_id', 'token', 'Logical id (comma-separated for several)');
const PATIENT = param('patient', 'reference', 'The patient, as Patient/<id> or <id>');
const SUBJECT = param('subject', 'reference', 'Same as patient');

/** The patient ids a search is limited to (`patient` and `subject` together are ANDed), or undefined for all. */
function patientIds(query: SearchQuery | undefined): string[] | undefined {
  if (!query) return undefined;
  const a = query.references('patient', 'Patient');
  const b = query.references('subject', 'Patient');
  if (a && b) return a.filter((id) => b.includes(id));
  return a ?? b;
}

/** The ids a read (one id) or a search (`_id`) is limited to, or undefined for all. */
const idsOf = (query: SearchQuery | undefined, id: string | undefined) => (id !== undefined ? [id] : query?.ids());

/** The rows a read or a search asks the repository for: its ids and its patients (undefined: no limit). */
const rowsAskedFor = (query: SearchQuery | undefined, id: string | undefined) => ({
  ids: idsOf(query, id),
  patientIds: patientIds(query),
});

/** Whether a served resource's `status` is one of the searched tokens (any status when none is searched). */
const hasStatusIn =
  (statuses: readonly Token[] | undefined) =>
  ({ resource }: Served): boolean =>
    matchesTokens([{ code: (resource as { status: string }).status }], statuses);

/** Whether a lower-case search term starts any word of `text`, case-insensitive. */
const startsAWord = (text: string, term: string) =>
  text
    .toLowerCase()
    .split(/\s+/)
    .some((part) => part.startsWith(term));

const byId = (a: Served, b: Served) => (a.resource.id < b.resource.id ? -1 : a.resource.id > b.resource.id ? 1 : 0);
const first = async (list: Promise<Served[]>) => (await list)[0];

type Finder = (
  repo: FhirRepository,
  clinicId: string,
  query: SearchQuery | undefined,
  id?: string,
) => Promise<Served[]>;

/** `read` and `search` of a resource type served by one finder: by id, or by the search's parameters. */
function servedBy(find: Finder): Pick<FhirResourceDefinition, 'read' | 'search'> {
  return {
    read: (repo, clinicId, id) => first(find(repo, clinicId, undefined, id)),
    search: (repo, clinicId, query) => find(repo, clinicId, query),
  };
}

/** The search parameters of every resource about one patient. */
const ABOUT_PATIENT = [ID, PATIENT, SUBJECT];

/** A clinical resource type (clinical:read) served by one finder. */
function clinicalResource(
  type: FhirResourceDefinition['type'],
  searchParams: readonly SearchParamDefinition[],
  find: Finder,
  profiles?: readonly string[],
): FhirResourceDefinition {
  return { type, permission: 'clinical:read', ...(profiles ? { profiles } : {}), searchParams, ...servedBy(find) };
}

// Patient ---------------------------------------------------------------------------------------------------------

async function patients(
  repo: FhirRepository,
  clinicId: string,
  query: SearchQuery | undefined,
  ids?: string[],
): Promise<Served[]> {
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

const observations: Finder = async (repo, clinicId, query, id) => {
  const vitalsId = id !== undefined ? VITALS_ID.exec(id) : null;
  const pids = patientIds(query);
  const ids = idsOf(query, id);
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
        ...(num('systolic') !== undefined && num('diastolic') !== undefined
          ? { systolic: num('systolic'), diastolic: num('diastolic') }
          : {}),
        ...(num('heartRate') !== undefined ? { heartRate: num('heartRate') } : {}),
        ...(num('spo2') !== undefined ? { spo2: num('spo2') } : {}),
        ...(num('respiratoryRate') !== undefined ? { respiratoryRate: num('respiratoryRate') } : {}),
      };
      const mapped = vitalSignsToObservations(reading, {
        subject: { reference: `Patient/${row.patientId}` },
        encounter: { reference: `Encounter/${row.sessionId}` },
        performer: [{ reference: `Practitioner/${row.recordedBy}` }],
        idPrefix: row.id,
        status: row.correctsId ? 'amended' : 'final',
      });
      for (const o of mapped) {
        const resource = {
          ...o,
          meta: { ...fhirMeta(1, row.recordedAt), profile: o.meta?.profile ?? [] },
        } as Served['resource'];
        if (ids && !ids.includes(resource.id)) continue;
        out.push({ resource, patientId: row.patientId });
      }
    }
  }
  const codes = query?.tokens('code');
  const categories = query?.tokens('category');
  const dates = query?.dates('date');
  return out
    .filter(({ resource }) => {
      const o = resource as Observation;
      return (
        matchesTokens(o.code.coding ?? [], codes) &&
        matchesTokens(
          (o.category ?? []).flatMap((c) => c.coding ?? []),
          categories,
        ) &&
        (dates === undefined ||
          (o.effectiveDateTime !== undefined && matchesDates(new Date(o.effectiveDateTime), dates)))
      );
    })
    .sort(byId);
};

const ObservationDefinition = clinicalResource(
  'Observation',
  [
    ...ABOUT_PATIENT,
    param(
      'code',
      'token',
      'LOINC code, e.g. http://loinc.org|44261-6 (PHQ-9 total), 44260-8 (PHQ-9 item 9), 85354-9 (blood pressure)',
    ),
    param('category', 'token', 'survey (instrument scores) or vital-signs'),
    param('date', 'date', 'effectiveDateTime, with eq/lt/le/gt/ge prefixes'),
  ],
  observations,
  [
    'http://hl7.org/fhir/StructureDefinition/vitalsigns',
    'http://hl7.org/fhir/StructureDefinition/bp',
    'http://hl7.org/fhir/StructureDefinition/heartrate',
    'http://hl7.org/fhir/StructureDefinition/oxygensat',
    'http://hl7.org/fhir/StructureDefinition/resprate',
  ],
);

// QuestionnaireResponse -------------------------------------------------------------------------------------------

const questionnaireResponses: Finder = async (repo, clinicId, query, id) => {
  const questionnaires = query?.strings('questionnaire');
  const instrumentIds = questionnaires
    ?.map((q) => (isInstrumentId(q) ? q : (instrumentForQuestionnaire(q)?.id ?? '')))
    .filter(Boolean);
  const rows = await repo.measures(clinicId, { ...rowsAskedFor(query, id), instrumentIds });
  const authored = query?.dates('authored');
  return rows
    .filter((r) => matchesDates(r.observedAt, authored))
    .map((r) => {
      const subject = { reference: `Patient/${r.patientId}` };
      const author =
        r.source === 'patient-link'
          ? subject
          : r.recordedBy
            ? { reference: `Practitioner/${r.recordedBy}` }
            : undefined;
      const resource = toQuestionnaireResponse({
        instrumentId: r.instrumentId,
        answers: r.answers,
        subject,
        authored: r.observedAt,
        id: r.id,
        ...(author ? { author } : {}),
        ...(r.sessionId ? { encounter: { reference: `Encounter/${r.sessionId}` } } : {}),
      });
      if (r.source === 'patient-link') resource.source = subject;
      return {
        resource: { ...resource, id: r.id, meta: fhirMeta(1, r.recordedAt) } as Served['resource'],
        patientId: r.patientId,
      };
    });
};

const QuestionnaireResponseDefinition = clinicalResource(
  'QuestionnaireResponse',
  [
    ...ABOUT_PATIENT,
    param(
      'questionnaire',
      'reference',
      'The Questionnaire: its canonical URL, its id (phq-9), or its LOINC panel URL (http://loinc.org/q/44249-1)',
    ),
    param('authored', 'date', 'When the answers were given, with eq/lt/le/gt/ge prefixes'),
  ],
  questionnaireResponses,
);

// Questionnaire ---------------------------------------------------------------------------------------------------

function questionnaires(query: SearchQuery | undefined, id?: string): Served[] {
  const ids = idsOf(query, id);
  const urls = query?.strings('url');
  const codes = query?.tokens('code');
  return INSTRUMENT_IDS.filter((i) => !ids || ids.includes(i))
    .map((i) => {
      const def = getInstrument(i);
      const resource = { ...toFhirQuestionnaire(def, 'loinc'), meta: fhirMeta(def.version, INSTRUMENT_CATALOGUE_DATE) };
      return { resource: resource as Served['resource'], patientId: null };
    })
    .filter(({ resource }) => {
      const q = resource as Served['resource'] & { url?: string; code?: Array<{ system?: string; code?: string }> };
      return (!urls || urls.some((u) => u.split('|')[0] === q.url)) && matchesTokens(q.code ?? [], codes);
    })
    .sort(byId);
}

const QuestionnaireDefinition: FhirResourceDefinition = {
  type: 'Questionnaire',
  permission: 'clinical:read',
  searchParams: [
    ID,
    param('url', 'uri', 'Canonical URL, e.g. https://ketaclinic.org/fhir/Questionnaire/phq-9'),
    param('code', 'token', 'LOINC panel code, e.g. 44249-1'),
  ],
  read: async (_repo, _clinicId, id) => questionnaires(undefined, id)[0],
  search: async (_repo, _clinicId, query) => questionnaires(query),
};

// Encounter -------------------------------------------------------------------------------------------------------

const encounters: Finder = async (repo, clinicId, query, id) => {
  const rows = await repo.sessions(clinicId, rowsAskedFor(query, id));
  const dates = query?.dates('date');
  const statuses = query?.tokens('status');
  return rows
    .filter((r) => matchesDates(r.startsAt, dates))
    .map((r) => {
      const lastUpdated = r.updatedAt ?? r.createdAt;
      return {
        resource: toFhirEncounter({
          ...r,
          lastUpdated,
          versionId: String(lastUpdated.getTime()),
        }) as Served['resource'],
        patientId: r.patientId,
      };
    })
    .filter(hasStatusIn(statuses));
};

const EncounterDefinition = clinicalResource(
  'Encounter',
  [
    ...ABOUT_PATIENT,
    param('date', 'date', 'Start of the session, with eq/lt/le/gt/ge prefixes'),
    param(
      'status',
      'token',
      `planned | in-progress | finished | cancelled (from ${Object.keys(ENCOUNTER_STATUS).join(', ')})`,
    ),
  ],
  encounters,
);

// Condition -------------------------------------------------------------------------------------------------------

const conditions: Finder = async (repo, clinicId, query, id) => {
  const pids = id !== undefined ? [id.slice(0, 36)] : patientIds(query);
  const ids = idsOf(query, id);
  const codes = query?.tokens('code');
  const out: Served[] = [];
  for (const intake of await repo.latestIntakes(clinicId, { patientIds: pids })) {
    for (const d of intakeList(intake, 'diagnoses')) {
      if (typeof d.code !== 'string') continue;
      const resource = toFhirCondition({
        patientId: intake.patientId,
        code: d.code,
        name: typeof d.name === 'string' ? d.name : undefined,
        intakeVersion: intake.version,
        recordedAt: intake.createdAt,
        recorderId: intake.createdBy,
      }) as Served['resource'];
      if (ids && !ids.includes(resource.id)) continue;
      if (
        !matchesTokens(
          (resource as { code?: { coding?: Array<{ system?: string; code?: string }> } }).code?.coding ?? [],
          codes,
        )
      )
        continue;
      out.push({ resource, patientId: intake.patientId });
    }
  }
  return out.sort(byId);
};

const ConditionDefinition = clinicalResource(
  'Condition',
  [...ABOUT_PATIENT, param('code', 'token', 'ICD-10-CM code, e.g. http://hl7.org/fhir/sid/icd-10-cm|F33.2')],
  conditions,
);

// CarePlan --------------------------------------------------------------------------------------------------------

/** Plan status -> CarePlan.status: a discontinued plan is `revoked` (R4 request-status). */
const CAREPLAN_STATUS: Readonly<Record<string, CarePlan['status']>> = {
  draft: 'draft',
  active: 'active',
  completed: 'completed',
  discontinued: 'revoked',
};

const carePlans: Finder = async (repo, clinicId, query, id) => {
  const rows = await repo.plans(clinicId, rowsAskedFor(query, id));
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
      protocol: r.protocolId,
      sessions: r.sessions as unknown as PlannedSession[],
      therapySessions: r.therapySessions as unknown as TherapySession[],
      warnings: r.warnings as unknown as PlanWarning[],
      subject: { reference: `Patient/${r.patientId}` },
      ...(author ? { author: { reference: `Practitioner/${author}` } } : {}),
      id: r.id,
      status,
      created: r.createdAt.toISOString(),
    });
    out.push({
      resource: { ...resource, id: r.id, meta: fhirMeta(changes.length, lastUpdated) } as Served['resource'],
      patientId: r.patientId,
    });
  }
  return out;
};

const CarePlanDefinition = clinicalResource(
  'CarePlan',
  [...ABOUT_PATIENT, param('status', 'token', 'draft | active | completed | revoked')],
  carePlans,
);

// Practitioner and Organization -----------------------------------------------------------------------------------

const practitioners: Finder = async (repo, clinicId, query, id) => {
  const rows = await repo.staff(clinicId, { ids: idsOf(query, id) });
  const names = query?.strings('name')?.map((n) => n.toLowerCase());
  return rows
    .filter((r) => !names || names.some((n) => startsAWord(r.displayName, n)))
    .map((r) => ({ resource: toFhirPractitioner(r) as Served['resource'], patientId: null }));
};

const PractitionerDefinition = clinicalResource(
  'Practitioner',
  [ID, param('name', 'string', 'Start of any part of the name, case-insensitive')],
  practitioners,
);

async function organizations(
  repo: FhirRepository,
  clinicId: string,
  ids: readonly string[] | undefined,
): Promise<Served[]> {
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

// MedicationAdministration and AdverseEvent (the treatment-day journal) -------------------------------------------

/** The journal kinds a session's dose and its administration are read from. */
const DOSE_KINDS: readonly EntryKind[] = ['dose-prepared', 'dose-verified', ...ADMINISTRATION_EVENTS];

interface JournalSession {
  readonly id: string;
  readonly patientId: string;
  readonly modality: string;
  readonly route: string | null;
  readonly planId: string | null;
  readonly sessionNumber: number | null;
}

/**
 * The dose a session's journal shows given: none until the infusion started or the first device was given;
 * completed once the infusion stopped (the confirmed total, or the estimate from its rates) or every planned device
 * was given (the same reading the controlled-substance ledger reconciles against, treatment-day-administration.ts).
 */
function administrationOf(session: JournalSession, entries: readonly EntryRow[]): AdministrationRecord | undefined {
  if (!isTreatmentModality(session.modality)) return undefined;
  const doseEntries = entries.filter((e) => (DOSE_KINDS as readonly string[]).includes(e.kind));
  const record = readSessionRecord(doseEntries);
  const dose = record.dose;
  const start = record.effective.find((e) => e.kind === 'infusion-started' || e.kind === 'device-administered');
  if (!dose || !start) return undefined;
  const given = administrationOfRecord(session.modality, record);
  const lastUpdated = new Date(Math.max(...doseEntries.map((e) => e.recordedAt.getTime())));
  const givenMg = given.mg ?? (given.devices !== null ? given.devices * ESKETAMINE_MG_PER_DEVICE : undefined);
  const rate = Number(
    record.effective.filter((e) => e.kind === 'infusion-started' || e.kind === 'infusion-rate-changed').at(-1)?.data
      .rateMgPerMin,
  );
  return {
    id: dose.entry.id,
    patientId: session.patientId,
    sessionId: session.id,
    modality: session.modality,
    route: routeOf(session.modality, session.route),
    status: given.complete ? 'completed' : 'in-progress',
    startedAt: start.occurredAt,
    ...(given.completedAt ? { completedAt: new Date(given.completedAt) } : {}),
    ...(givenMg !== undefined ? { givenMg } : {}),
    ...(given.devices !== null ? { devices: given.devices } : {}),
    preparedMg: dose.data.doseMg,
    ...(Number.isFinite(rate) && rate > 0 ? { rateMgPerMin: rate } : {}),
    ...(dose.data.ndc ? { ndc: dose.data.ndc } : {}),
    ...(dose.data.lotNumber ? { lotNumber: dose.data.lotNumber } : {}),
    ...(dose.data.lotExpiry ? { lotExpiry: dose.data.lotExpiry } : {}),
    performerId: start.recordedBy,
    ...(session.planId && session.sessionNumber !== null
      ? { requestId: medicationRequestId(session.planId, session.sessionNumber) }
      : {}),
    versionId: String(doseEntries.length),
    lastUpdated,
  };
}

const codingsOf = (concept: { coding?: Array<{ system?: string; code?: string }> } | undefined) =>
  concept?.coding ?? [];

const medicationAdministrations: Finder = async (repo, clinicId, query, id) => {
  const ids = idsOf(query, id);
  const journals = await repo.sessionJournals(clinicId, {
    entryIds: ids,
    patientIds: patientIds(query),
    withKind: 'dose-prepared',
    kinds: DOSE_KINDS,
  });
  const statuses = query?.tokens('status');
  const codes = query?.tokens('code');
  const dates = [...(query?.dates('effective-time') ?? []), ...(query?.dates('date') ?? [])];
  const contexts = query?.references('context', 'Encounter');
  const out: Served[] = [];
  for (const { session, entries } of journals) {
    const a = administrationOf(session, entries);
    if (!a || (ids && !ids.includes(a.id)) || (contexts && !contexts.includes(session.id))) continue;
    if (
      !matchesTokens([{ code: a.status }], statuses) ||
      !matchesDates(a.startedAt, dates.length > 0 ? dates : undefined)
    )
      continue;
    if (!matchesTokens(codingsOf(medicationConcept(drugOf(a.modality), a.ndc)), codes)) continue;
    out.push({ resource: toMedicationAdministration(a) as Served['resource'], patientId: a.patientId });
  }
  return out.sort(byId);
};

const DRUG_CODE_DOC =
  'RxNorm (http://www.nlm.nih.gov/research/umls/rxnorm|6130 ketamine, |2201623 esketamine nasal spray) or the product NDC';

const MedicationAdministrationDefinition = clinicalResource(
  'MedicationAdministration',
  [
    ...ABOUT_PATIENT,
    param('context', 'reference', 'The session, as Encounter/<id>'),
    param('status', 'token', 'in-progress (infusing, devices still to give) | completed'),
    param('code', 'token', DRUG_CODE_DOC),
    param('effective-time', 'date', 'When the administration started, with eq/lt/le/gt/ge prefixes'),
    param('date', 'date', 'Same as effective-time'),
  ],
  medicationAdministrations,
);

const adverseEvents: Finder = async (repo, clinicId, query, id) => {
  const ids = idsOf(query, id);
  const journals = await repo.sessionJournals(clinicId, {
    entryIds: ids,
    patientIds: patientIds(query),
    withKind: 'adverse-event',
    kinds: [...DOSE_KINDS, 'adverse-event'],
  });
  const dates = query?.dates('date');
  const events = [...(query?.tokens('event') ?? []), ...(query?.tokens('code') ?? [])];
  const seriousness = query?.tokens('seriousness');
  const severities = query?.tokens('severity');
  const out: Served[] = [];
  for (const { session, entries } of journals) {
    const record = readSessionRecord(entries.filter((e) => e.kind === 'adverse-event'));
    const administration = administrationOf(session, entries);
    for (const effective of record.effective) {
      if (ids && !ids.includes(effective.id)) continue;
      const event = record.adverseEvents.find((e) => e.id === effective.id);
      if (!event) continue;
      const corrections = entries.filter((e) => e.correctsId === effective.id);
      const resource = toFhirAdverseEvent({
        id: effective.id,
        patientId: session.patientId,
        sessionId: session.id,
        event,
        recordedAt: effective.recordedAt,
        recorderId: effective.recordedBy,
        ...(administration ? { administrationId: administration.id } : {}),
        versionId: String(corrections.length + 1),
        lastUpdated: effective.correctedBy?.recordedAt ?? effective.recordedAt,
      });
      if (
        !matchesDates(event.startedAt, dates) ||
        !matchesTokens(codingsOf(resource.event), events.length > 0 ? events : undefined)
      )
        continue;
      if (
        !matchesTokens(codingsOf(resource.seriousness), seriousness) ||
        !matchesTokens(codingsOf(resource.severity), severities)
      )
        continue;
      out.push({ resource: resource as Served['resource'], patientId: session.patientId });
    }
  }
  return out.sort(byId);
};

const AdverseEventDefinition = clinicalResource(
  'AdverseEvent',
  [
    ...ABOUT_PATIENT,
    param('date', 'date', 'When the event started, with eq/lt/le/gt/ge prefixes'),
    param(
      'event',
      'token',
      'Kind of event: https://ketaclinic.org/fhir/CodeSystem/adverse-event-type|hypertension, nausea-vomiting, ...',
    ),
    param('code', 'token', 'Same as event'),
    param('seriousness', 'token', 'serious | non-serious'),
    param('severity', 'token', 'mild | moderate | severe'),
  ],
  adverseEvents,
);

// MedicationRequest (the plan's orders) -----------------------------------------------------------------------------

const medicationRequests: Finder = async (repo, clinicId, query, id) => {
  const ids = idsOf(query, id);
  const rows = await repo.plans(clinicId, {
    ids: ids?.map((i) => i.slice(0, 36)),
    patientIds: patientIds(query),
  });
  const statuses = query?.tokens('status');
  const intents = query?.tokens('intent');
  const codes = query?.tokens('code');
  const authored = query?.dates('authoredon');
  const dates = query?.dates('date');
  const out: Served[] = [];
  for (const r of rows) {
    if (!isProtocolId(r.protocolId)) continue;
    const protocol = getProtocol(r.protocolId);
    const changes = [r.createdAt, r.signedAt, r.discontinuedAt].filter((d): d is Date => d !== null);
    const lastUpdated = new Date(Math.max(...changes.map((d) => d.getTime())));
    const authoredOn = r.signedAt ?? r.createdAt;
    if (!matchesDates(authoredOn, authored)) continue;
    for (const session of r.sessions as unknown as PlannedSession[]) {
      const resource = toMedicationRequest({
        planId: r.id,
        patientId: r.patientId,
        modality: protocol.modality,
        planStatus: r.status,
        protocolTitle: protocol.title,
        session,
        authoredOn,
        ...(r.signedBy ? { requesterId: r.signedBy } : {}),
        versionId: String(changes.length),
        lastUpdated,
      });
      if (ids && !ids.includes(resource.id!)) continue;
      if (!matchesTokens([{ code: resource.status }], statuses) || !matchesTokens([{ code: resource.intent }], intents))
        continue;
      if (!matchesTokens(codingsOf(resource.medicationCodeableConcept), codes)) continue;
      if (!matchesDates(new Date(`${session.date}T00:00:00Z`), dates)) continue;
      out.push({ resource: resource as Served['resource'], patientId: r.patientId });
    }
  }
  return out.sort(byId);
};

const MedicationRequestDefinition = clinicalResource(
  'MedicationRequest',
  [
    ...ABOUT_PATIENT,
    param(
      'status',
      'token',
      'draft | active | completed | stopped (from the plan: draft, signed, completed, discontinued)',
    ),
    param('intent', 'token', 'order'),
    param('code', 'token', DRUG_CODE_DOC),
    param('authoredon', 'date', 'When the prescriber signed the plan, with eq/lt/le/gt/ge prefixes'),
    param('date', 'date', 'The planned session date (dosageInstruction.timing.event), with eq/lt/le/gt/ge prefixes'),
  ],
  medicationRequests,
);

// Consent ------------------------------------------------------------------------------------------------------------

const consents: Finder = async (repo, clinicId, query, id) => {
  const rows = await repo.consents(clinicId, rowsAskedFor(query, id));
  const statuses = query?.tokens('status');
  const dates = query?.dates('date');
  return rows
    .filter((r) => matchesDates(r.signedAt, dates))
    .map((r) => {
      const title = CONSENT_DOCUMENTS.find((d) => d.id === r.documentId && d.version === r.documentVersion)?.title;
      return {
        resource: toFhirConsent({ ...r, clinicId, ...(title ? { documentTitle: title } : {}) }) as Served['resource'],
        patientId: r.patientId,
      };
    })
    .filter(hasStatusIn(statuses));
};

const ConsentDefinition = clinicalResource(
  'Consent',
  [
    ID,
    PATIENT,
    param('status', 'token', 'active (agreed) | rejected (declined)'),
    param('date', 'date', 'When it was signed, with eq/lt/le/gt/ge prefixes'),
  ],
  consents,
);

// AllergyIntolerance (from the latest intake) ------------------------------------------------------------------------

type LatestIntake = Awaited<ReturnType<FhirRepository['latestIntakes']>>[number];

/** One list of an intake's stored answers (diagnoses, allergies, medicines): the caller checks each entry's fields. */
function intakeList(intake: LatestIntake, list: 'diagnoses' | 'allergies' | 'medications') {
  return (intake.data as Partial<Record<typeof list, Array<Record<string, unknown>>>>)[list] ?? [];
}

/** Whether an intake entry's field holds some text. */
const isFilled = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

/** Who recorded an intake, and whether the patient did through a link: what an intake-listed resource cites. */
function intakeSource(intake: LatestIntake) {
  return {
    patientId: intake.patientId,
    intakeVersion: intake.version,
    recordedAt: intake.createdAt,
    ...(intake.createdBy ? { recorderId: intake.createdBy } : {}),
    reportedByPatient: intake.source === 'patient-link',
  };
}

/**
 * Resources made from a list in each patient's latest intake (allergies, current medicines): ids start with the
 * patient's id, so a read or an `_id` search reads only those patients' intakes; each id is served once; `keep`
 * applies the type's own search parameters.
 */
async function fromLatestIntakes(
  repo: FhirRepository,
  clinicId: string,
  query: SearchQuery | undefined,
  id: string | undefined,
  list: 'allergies' | 'medications',
  /** The resource an entry of the list stands for; undefined for an entry without the text it needs. */
  resourceOf: (
    entry: Record<string, unknown>,
    intake: LatestIntake,
  ) => (Served['resource'] & { id?: string }) | undefined,
  keep: (resource: Served['resource'], intake: LatestIntake) => boolean,
): Promise<Served[]> {
  const ids = idsOf(query, id);
  const pids = ids ? ids.map((i) => i.slice(0, 36)) : patientIds(query);
  const out: Served[] = [];
  const seen = new Set<string>();
  for (const intake of await repo.latestIntakes(clinicId, { patientIds: pids })) {
    if (query && pids && patientIds(query) && !patientIds(query)!.includes(intake.patientId)) continue;
    for (const entry of intakeList(intake, list)) {
      const resource = resourceOf(entry, intake);
      if (!resource || seen.has(resource.id!) || (ids && !ids.includes(resource.id!))) continue;
      seen.add(resource.id!);
      if (keep(resource, intake)) out.push({ resource, patientId: intake.patientId });
    }
  }
  return out.sort(byId);
}

const allergies: Finder = (repo, clinicId, query, id) => {
  const statuses = query?.tokens('clinical-status');
  const dates = query?.dates('date');
  return fromLatestIntakes(
    repo,
    clinicId,
    query,
    id,
    'allergies',
    ({ substance, reaction }, intake) =>
      isFilled(substance)
        ? (toFhirAllergy({
            ...intakeSource(intake),
            substance,
            ...(isFilled(reaction) ? { reaction } : {}),
          }) as Served['resource'])
        : undefined,
    (resource, intake) =>
      matchesTokens(codingsOf((resource as AllergyIntolerance).clinicalStatus), statuses) &&
      matchesDates(intake.createdAt, dates),
  );
};

const AllergyIntoleranceDefinition = clinicalResource(
  'AllergyIntolerance',
  [
    ID,
    PATIENT,
    param('clinical-status', 'token', 'active (every allergy the latest intake lists)'),
    param('date', 'date', 'When it was recorded (the intake version), with eq/lt/le/gt/ge prefixes'),
  ],
  allergies,
);

// MedicationStatement (the latest intake's current medicines) -------------------------------------------------------

const medicationStatements: Finder = (repo, clinicId, query, id) => {
  const statuses = query?.tokens('status');
  return fromLatestIntakes(
    repo,
    clinicId,
    query,
    id,
    'medications',
    ({ name, dose }, intake) =>
      isFilled(name)
        ? (toFhirMedicationStatement({
            ...intakeSource(intake),
            name,
            ...(isFilled(dose) ? { dose } : {}),
          }) as Served['resource'])
        : undefined,
    (resource) => matchesTokens([{ code: (resource as MedicationStatement).status }], statuses),
  );
};

const MedicationStatementDefinition = clinicalResource(
  'MedicationStatement',
  [...ABOUT_PATIENT, param('status', 'token', 'active (every medicine the latest intake lists as taken now)')],
  medicationStatements,
);

// Location (chairs and rooms) ----------------------------------------------------------------------------------------

const locations: Finder = async (repo, clinicId, query, id) => {
  const rows = await repo.places(clinicId, { ids: idsOf(query, id) });
  const names = query?.strings('name')?.map((n) => n.toLowerCase());
  const statuses = query?.tokens('status');
  return rows
    .filter((r) => !names || names.some((n) => startsAWord(r.name, n) || r.name.toLowerCase().startsWith(n)))
    .map((r) => ({
      resource: toFhirLocation({
        id: r.id,
        clinicId,
        kind: r.kind,
        name: r.name,
        isActive: r.isActive,
        updatedAt: r.updatedAt,
        ...(r.roomId ? { roomId: r.roomId } : {}),
      }) as Served['resource'],
      patientId: null,
    }))
    .filter(hasStatusIn(statuses));
};

const LocationDefinition = clinicalResource(
  'Location',
  [
    ID,
    param('name', 'string', 'Start of the name or of a word in it, case-insensitive'),
    param('status', 'token', 'active | inactive'),
  ],
  locations,
);

// Group (one per treatment protocol) ---------------------------------------------------------------------------------

/** The protocol Groups with their members, read from every plan of the clinic (one pass, also in bulk export). */
export async function protocolGroups(
  repo: FhirRepository,
  clinicId: string,
): Promise<Array<{ protocolId: string; members: string[]; served: Served }>> {
  const rows = await repo.planMembership(clinicId);
  const out: Array<{ protocolId: string; members: string[]; served: Served }> = [];
  for (const protocolId of [...PROTOCOL_IDS].sort()) {
    const plans = rows.filter((r) => r.protocolId === protocolId);
    const byPatient = new Map<string, { since: Date; isActive: boolean }>();
    for (const p of plans) {
      const known = byPatient.get(p.patientId);
      byPatient.set(p.patientId, {
        since: known && known.since < p.createdAt ? known.since : p.createdAt,
        isActive: (known?.isActive ?? false) || p.status === 'active',
      });
    }
    const changes = plans
      .flatMap((p) => [p.createdAt, p.signedAt, p.discontinuedAt])
      .filter((d): d is Date => d !== null);
    const lastUpdated =
      changes.length > 0 ? new Date(Math.max(...changes.map((d) => d.getTime()))) : INSTRUMENT_CATALOGUE_DATE;
    const members = [...byPatient.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const resource = toFhirProtocolGroup({
      protocolId,
      title: getProtocol(protocolId).title,
      clinicId,
      lastUpdated,
      members: members.map(([patientId, m]) => ({ patientId, since: m.since, isActive: m.isActive })),
    });
    out.push({
      protocolId,
      members: members.map(([patientId]) => patientId),
      served: { resource: resource as Served['resource'], patientId: null, isPopulation: true },
    });
  }
  return out;
}

const groups: Finder = async (repo, clinicId, query, id) => {
  const ids = idsOf(query, id);
  const codes = query?.tokens('code');
  const members = query?.references('member', 'Patient');
  return (await protocolGroups(repo, clinicId))
    .filter((g) => (!ids || ids.includes(g.protocolId)) && (!members || g.members.some((m) => members.includes(m))))
    .filter((g) =>
      matchesTokens(
        codingsOf((g.served.resource as { code?: { coding?: Array<{ system?: string; code?: string }> } }).code),
        codes,
      ),
    )
    .map((g) => g.served)
    .sort(byId);
};

const GroupDefinition = clinicalResource(
  'Group',
  [
    ID,
    param(
      'code',
      'token',
      'The treatment protocol: https://ketaclinic.org/fhir/CodeSystem/protocol|esketamine-trd, ...',
    ),
    param('member', 'reference', 'A patient in the group, as Patient/<id>'),
  ],
  groups,
);

export const FHIR_RESOURCES: readonly FhirResourceDefinition[] = [
  PatientDefinition,
  ObservationDefinition,
  QuestionnaireResponseDefinition,
  QuestionnaireDefinition,
  EncounterDefinition,
  ConditionDefinition,
  CarePlanDefinition,
  PractitionerDefinition,
  OrganizationDefinition,
  MedicationAdministrationDefinition,
  MedicationRequestDefinition,
  ConsentDefinition,
  AllergyIntoleranceDefinition,
  MedicationStatementDefinition,
  AdverseEventDefinition,
  LocationDefinition,
  GroupDefinition,
];
