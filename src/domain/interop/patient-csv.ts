/**
 * Patients from a CSV file another system exported (issue 15, "Import"): the clinic maps its columns to our fields,
 * and each row becomes a patient to create, or a list of problems each naming the CSV column. Pure: `now` is passed
 * in (for the date-of-birth plausibility rule in shared/plausible-dates.ts).
 */
import { isIsoDate } from '../scheduling/dates.js';
import { dateOfBirthProblem } from '../shared/plausible-dates.js';
import { parseCsv } from './csv.js';

export const PATIENT_IMPORT_FIELDS = [
  'familyName',
  'givenName',
  'dateOfBirth',
  'sex',
  'email',
  'phone',
  'identifier',
  'identifierSystem',
  'addressLine',
  'city',
  'region',
  'postalCode',
  'country',
] as const;
export type PatientImportField = (typeof PATIENT_IMPORT_FIELDS)[number];

/** What the columns mean: CSV header -> our field (columns not named are ignored). */
export type PatientColumnMapping = Readonly<Record<string, PatientImportField>>;

export interface ImportedPatient {
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly sex: 'female' | 'male' | 'other' | 'unknown';
  readonly email: string | null;
  readonly phone: string | null;
  readonly address: { line?: string; city?: string; region?: string; postalCode?: string; country?: string } | null;
}

export interface PatientCsvRow {
  /** The row's number in the file, the header being row 1 (as a spreadsheet numbers it). */
  readonly row: number;
  readonly patient?: ImportedPatient;
  readonly identifier?: { readonly system: string; readonly value: string };
  /** Empty when the row can be imported. `column` is the CSV header (or the field when no column is mapped to it). */
  readonly errors: ReadonlyArray<{ readonly column: string; readonly message: string }>;
}

export interface PatientCsvReading {
  /** Problems with the file or the mapping as a whole; no row is read when there are any. */
  readonly fileErrors: ReadonlyArray<{ readonly field: string; readonly message: string }>;
  readonly rows: readonly PatientCsvRow[];
}

const REQUIRED: readonly PatientImportField[] = ['familyName', 'givenName', 'dateOfBirth'];
const SEX: Readonly<Record<string, ImportedPatient['sex']>> = {
  female: 'female',
  f: 'female',
  male: 'male',
  m: 'male',
  other: 'other',
  o: 'other',
  unknown: 'unknown',
  u: 'unknown',
  '': 'unknown',
};
// The same shapes as the patient API's schema (src/contract/patients.ts).
const PHONE = /^[0-9+()\-. ]{1,40}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const NAME_MAX = 100;

/**
 * Reads the CSV text with the mapping. `defaultIdentifierSystem`: the identifier system when no column gives one
 * (e.g. the old system's URL). Rows are checked one by one: a bad row never hides a good one.
 */
export function readPatientCsv(
  text: string,
  mapping: PatientColumnMapping,
  now: Date,
  defaultIdentifierSystem?: string,
): PatientCsvReading {
  const { records, errors } = parseCsv(text);
  if (errors.length > 0)
    return { fileErrors: errors.map((e) => ({ field: 'csv', message: `line ${e.line}: ${e.message}` })), rows: [] };
  const header = (records[0] ?? []).map((h) => h.trim());
  if (header.length === 0) return { fileErrors: [{ field: 'csv', message: 'has no header row' }], rows: [] };
  const fileErrors: Array<{ field: string; message: string }> = [];
  const columnOf = new Map<PatientImportField, number>();
  for (const [column, field] of Object.entries(mapping)) {
    const index = header.indexOf(column.trim());
    if (index < 0) fileErrors.push({ field: `mapping.${column}`, message: 'is not a column of the CSV header' });
    else if (!PATIENT_IMPORT_FIELDS.includes(field))
      fileErrors.push({
        field: `mapping.${column}`,
        message: `maps to an unknown field (one of ${PATIENT_IMPORT_FIELDS.join(', ')})`,
      });
    else if (columnOf.has(field))
      fileErrors.push({ field: `mapping.${column}`, message: `maps to ${field}, which another column already gives` });
    else columnOf.set(field, index);
  }
  for (const field of REQUIRED)
    if (!columnOf.has(field)) fileErrors.push({ field: 'mapping', message: `no column gives ${field}` });
  if (fileErrors.length > 0) return { fileErrors, rows: [] };

  const rows = records.slice(1).map((record, i): PatientCsvRow => {
    const rowErrors: Array<{ column: string; message: string }> = [];
    const name = (field: PatientImportField) => {
      const index = columnOf.get(field);
      return index === undefined ? field : header[index]!;
    };
    const value = (field: PatientImportField) => {
      const index = columnOf.get(field);
      return index === undefined ? '' : (record[index] ?? '').trim();
    };
    const problem = (field: PatientImportField, message: string) => rowErrors.push({ column: name(field), message });
    if (record.length !== header.length)
      rowErrors.push({ column: '(row)', message: `has ${record.length} fields, the header ${header.length}` });
    for (const field of ['familyName', 'givenName'] as const) {
      if (value(field) === '') problem(field, 'is empty');
      else if (value(field).length > NAME_MAX) problem(field, `is longer than ${NAME_MAX} characters`);
    }
    const dateOfBirth = value('dateOfBirth');
    if (dateOfBirth === '') problem('dateOfBirth', 'is empty');
    else if (!isIsoDate(dateOfBirth)) problem('dateOfBirth', 'is not a date written YYYY-MM-DD');
    else {
      const p = dateOfBirthProblem(dateOfBirth, now);
      if (p) problem('dateOfBirth', p);
    }
    const sex = SEX[value('sex').toLowerCase()];
    if (sex === undefined) problem('sex', 'is not one of female, male, other, unknown (or F, M, O, U)');
    const email = value('email').toLowerCase();
    if (email !== '' && (!EMAIL.test(email) || email.length > 200)) problem('email', 'is not an email address');
    const phone = value('phone');
    if (phone !== '' && !PHONE.test(phone)) problem('phone', 'may hold only digits, spaces and + ( ) - .');
    const identifierValue = value('identifier');
    const system = value('identifierSystem') || defaultIdentifierSystem || '';
    if (identifierValue !== '' && system === '')
      problem('identifierSystem', 'is needed with an identifier (map a column or give a default system)');
    if (identifierValue.length > 200) problem('identifier', 'is longer than 200 characters');
    const address = {
      line: value('addressLine'),
      city: value('city'),
      region: value('region'),
      postalCode: value('postalCode'),
      country: value('country'),
    };
    const presentAddress = Object.fromEntries(Object.entries(address).filter(([, v]) => v !== ''));
    const row = i + 2;
    if (rowErrors.length > 0) return { row, errors: rowErrors };
    return {
      row,
      errors: [],
      patient: {
        givenName: value('givenName'),
        familyName: value('familyName'),
        dateOfBirth,
        sex: sex!,
        email: email || null,
        phone: phone || null,
        address: Object.keys(presentAddress).length > 0 ? presentAddress : null,
      },
      ...(identifierValue !== '' ? { identifier: { system, value: identifierValue } } : {}),
    };
  });
  // The same identifier twice in one file would create the patient twice: the later rows are refused.
  const seen = new Map<string, number>();
  const checked = rows.map((r) => {
    if (!r.identifier) return r;
    const key = `${r.identifier.system}|${r.identifier.value}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, r.row);
      return r;
    }
    return {
      row: r.row,
      errors: [{ column: mappingColumn(mapping, 'identifier'), message: `repeats the identifier of row ${first}` }],
    };
  });
  return { fileErrors: [], rows: checked };
}

function mappingColumn(mapping: PatientColumnMapping, field: PatientImportField): string {
  return Object.entries(mapping).find(([, f]) => f === field)?.[0] ?? field;
}
