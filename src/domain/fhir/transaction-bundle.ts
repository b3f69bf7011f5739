/**
 * Reading a FHIR R4 transaction Bundle (https://hl7.org/fhir/R4/http.html#transaction) of Patients, Conditions,
 * MedicationStatements and QuestionnaireResponses into what Ketaclinic stores, before anything is written. Pure.
 * Entries refer to each other by `fullUrl` (`urn:uuid:…`), or to a patient already here as `Patient/<id>`.
 * Every problem names the entry by index and the field as a FHIRPath-like expression (`Bundle.entry[2].resource.code`).
 */
import type { FieldIssue } from '../shared/validation.js';
import type { ImportedPatient } from '../interop/patient-csv.js';
import { isRecord } from '../shared/guards.js';
import { isIsoDate } from '../scheduling/dates.js';

export const TRANSACTION_TYPES = ['Patient', 'Condition', 'MedicationStatement', 'QuestionnaireResponse'] as const;
export type TransactionType = (typeof TRANSACTION_TYPES)[number];

export const ICD10CM_SYSTEM = 'http://hl7.org/fhir/sid/icd-10-cm';
const ICD10CM_CODE = /^[A-Za-z][0-9][0-9A-Za-z](\.?[0-9A-Za-z]{1,4})?$/;
const MAX_ENTRIES = 1000;

/** A reference to a patient: another entry of the Bundle (its index) or a patient already stored (its id). */
export type PatientRef = { readonly entry: number } | { readonly id: string };

/** A Bundle's Patient: the fields a CSV import reads too, and its identifiers. */
export interface BundlePatient extends ImportedPatient {
  readonly identifiers: ReadonlyArray<{ readonly system: string; readonly value: string }>;
}

export type BundleItem =
  | { readonly index: number; readonly type: 'Patient'; readonly patient: BundlePatient }
  | {
      readonly index: number;
      readonly type: 'Condition';
      readonly subject: PatientRef;
      readonly code: string;
      readonly name: string | undefined;
    }
  | {
      readonly index: number;
      readonly type: 'MedicationStatement';
      readonly subject: PatientRef;
      readonly name: string;
      readonly dose: string | undefined;
    }
  | {
      readonly index: number;
      readonly type: 'QuestionnaireResponse';
      readonly subject: PatientRef;
      readonly resource: Record<string, unknown>;
    };

export type BundleReading =
  | { readonly ok: true; readonly items: readonly BundleItem[] }
  | { readonly ok: false; readonly issues: readonly FieldIssue[] };
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const GENDER = new Set(['female', 'male', 'other', 'unknown']);
/** Medicines a patient takes now: MedicationStatement.status (R4) values that mean current or about to start. */
const CURRENT_STATUSES = new Set(['active', 'intended', 'on-hold']);

export function readTransactionBundle(body: unknown): BundleReading {
  const issues: FieldIssue[] = [];
  if (!isRecord(body) || body.resourceType !== 'Bundle')
    return { ok: false, issues: [{ field: 'Bundle.resourceType', message: 'must be Bundle' }] };
  if (body.type !== 'transaction')
    return { ok: false, issues: [{ field: 'Bundle.type', message: 'must be transaction (batch is not supported)' }] };
  const entries = body.entry;
  if (!Array.isArray(entries) || entries.length === 0)
    return { ok: false, issues: [{ field: 'Bundle.entry', message: 'must hold at least one entry' }] };
  if (entries.length > MAX_ENTRIES)
    return { ok: false, issues: [{ field: 'Bundle.entry', message: `must hold at most ${MAX_ENTRIES} entries` }] };

  // fullUrl -> entry index, for every Patient entry (the only kind others may refer to).
  const patientEntries = new Map<string, number>();
  const fullUrls = new Set<string>();
  entries.forEach((entry, i) => {
    if (!isRecord(entry)) return;
    const fullUrl = text(entry.fullUrl);
    if (fullUrl === undefined) return;
    if (fullUrls.has(fullUrl))
      issues.push({ field: `Bundle.entry[${i}].fullUrl`, message: 'is used by another entry' });
    fullUrls.add(fullUrl);
    if (isRecord(entry.resource) && entry.resource.resourceType === 'Patient') patientEntries.set(fullUrl, i);
  });

  const items: BundleItem[] = [];
  entries.forEach((entry, i) => {
    const at = `Bundle.entry[${i}]`;
    const problem = (field: string, message: string) => issues.push({ field: `${at}.${field}`, message });
    if (!isRecord(entry) || !isRecord(entry.resource)) {
      problem('resource', 'is missing');
      return;
    }
    const resource = entry.resource;
    const type = resource.resourceType;
    if (typeof type !== 'string' || !(TRANSACTION_TYPES as readonly string[]).includes(type)) {
      problem('resource.resourceType', `must be one of ${TRANSACTION_TYPES.join(', ')}`);
      return;
    }
    const request = entry.request;
    if (
      !isRecord(request) ||
      request.method !== 'POST' ||
      (request.url !== type && !String(request.url ?? '').endsWith(`/${type}`))
    ) {
      problem('request', `must be { method: POST, url: ${type} } (only creates are supported)`);
      return;
    }
    const subjectOf = (): PatientRef | undefined => {
      const reference = isRecord(resource.subject) ? text(resource.subject.reference) : undefined;
      if (reference === undefined) {
        problem('resource.subject', 'must reference the patient');
        return undefined;
      }
      const inBundle = patientEntries.get(reference);
      if (inBundle !== undefined) return { entry: inBundle };
      const stored = /^(?:.*\/)?Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(reference);
      if (stored && !reference.startsWith('urn:')) return { id: stored[1]! };
      problem('resource.subject', `${reference} is neither a Patient entry of this Bundle nor Patient/<id>`);
      return undefined;
    };

    if (type === 'Patient') {
      const before = issues.length;
      const name = Array.isArray(resource.name) ? resource.name.find(isRecord) : undefined;
      const familyName = name ? text(name.family) : undefined;
      const givenName =
        name && Array.isArray(name.given)
          ? name.given
              .map(text)
              .filter((g): g is string => g !== undefined)
              .join(' ')
          : '';
      if (!familyName) problem('resource.name[0].family', 'is required');
      else if (familyName.length > 100) problem('resource.name[0].family', 'is longer than 100 characters');
      if (givenName === '') problem('resource.name[0].given', 'is required');
      else if (givenName.length > 100) problem('resource.name[0].given', 'is longer than 100 characters');
      const birthDate = text(resource.birthDate);
      if (!birthDate || !isIsoDate(birthDate)) problem('resource.birthDate', 'is required, as YYYY-MM-DD');
      const gender = text(resource.gender) ?? 'unknown';
      if (!GENDER.has(gender)) problem('resource.gender', 'must be female, male, other or unknown');
      const telecom = Array.isArray(resource.telecom) ? resource.telecom.filter(isRecord) : [];
      const email = text(telecom.find((t) => t.system === 'email')?.value)?.toLowerCase() ?? null;
      if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
        problem('resource.telecom', 'holds an email that is not an email address');
      const phone = text(telecom.find((t) => t.system === 'phone')?.value) ?? null;
      if (phone !== null && !/^[0-9+()\-. ]{1,40}$/.test(phone))
        problem('resource.telecom', 'holds a phone with characters other than digits, spaces and + ( ) - .');
      const a = Array.isArray(resource.address) ? resource.address.find(isRecord) : undefined;
      const addressParts = a
        ? Object.entries({
            line: Array.isArray(a.line) ? a.line.map(text).filter(Boolean).join(', ') : undefined,
            city: text(a.city),
            region: text(a.state),
            postalCode: text(a.postalCode),
            country: text(a.country),
          }).filter(([, v]) => typeof v === 'string' && v !== '')
        : [];
      const identifiers = (Array.isArray(resource.identifier) ? resource.identifier.filter(isRecord) : [])
        .map((id, k) => {
          const system = text(id.system);
          const value = text(id.value);
          if (!system || !value) problem(`resource.identifier[${k}]`, 'needs both system and value');
          return system && value ? { system, value } : undefined;
        })
        .filter((id): id is { system: string; value: string } => id !== undefined);
      if (issues.length > before) return;
      items.push({
        index: i,
        type: 'Patient',
        patient: {
          givenName,
          familyName: familyName!,
          dateOfBirth: birthDate!,
          sex: gender as BundlePatient['sex'],
          email,
          phone,
          address: addressParts.length > 0 ? Object.fromEntries(addressParts) : null,
          identifiers,
        },
      });
      return;
    }

    const subject = subjectOf();
    if (type === 'Condition') {
      const codings =
        isRecord(resource.code) && Array.isArray(resource.code.coding) ? resource.code.coding.filter(isRecord) : [];
      const coding = codings.find((c) => c.system === ICD10CM_SYSTEM);
      const code = coding ? text(coding.code) : undefined;
      if (!code || !ICD10CM_CODE.test(code)) {
        problem('resource.code', `must hold an ICD-10-CM coding (system ${ICD10CM_SYSTEM}) with a valid code`);
        return;
      }
      const name = text(coding!.display) ?? (isRecord(resource.code) ? text(resource.code.text) : undefined);
      if (subject)
        items.push({ index: i, type: 'Condition', subject, code: code.toUpperCase(), name: name?.slice(0, 200) });
      return;
    }
    if (type === 'MedicationStatement') {
      const status = text(resource.status);
      if (!status || !CURRENT_STATUSES.has(status))
        problem(
          'resource.status',
          `must be one of ${[...CURRENT_STATUSES].join(', ')} (only current medicines are imported)`,
        );
      const concept = resource.medicationCodeableConcept;
      const codings = isRecord(concept) && Array.isArray(concept.coding) ? concept.coding.filter(isRecord) : [];
      const name =
        (isRecord(concept) ? text(concept.text) : undefined) ?? codings.map((c) => text(c.display)).find(Boolean);
      if (!name)
        problem(
          'resource.medicationCodeableConcept',
          'must name the medicine (text or a coding with display); medicationReference is not supported',
        );
      else if (name.length > 80)
        problem('resource.medicationCodeableConcept', 'names the medicine in more than 80 characters');
      const dosage = Array.isArray(resource.dosage) ? resource.dosage.find(isRecord) : undefined;
      const dose = dosage ? text(dosage.text)?.slice(0, 80) : undefined;
      if (subject && name && name.length <= 80 && status && CURRENT_STATUSES.has(status))
        items.push({ index: i, type: 'MedicationStatement', subject, name, dose });
      return;
    }
    if (subject) items.push({ index: i, type: 'QuestionnaireResponse', subject, resource });
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, items };
}
