import { describe, expect, it } from 'vitest';
import { readPatientCsv, type PatientColumnMapping } from './patient-csv.js';

const NOW = new Date('2026-11-02T15:00:00Z');
const MAPPING: PatientColumnMapping = {
  Surname: 'familyName',
  'First name': 'givenName',
  DOB: 'dateOfBirth',
  Gender: 'sex',
  'Old ID': 'identifier',
  Email: 'email',
  Town: 'city',
};
const HEADER = 'Surname,First name,DOB,Gender,Old ID,Email,Town\r\n';

describe('readPatientCsv', () => {
  it('maps each column to its field and keeps the external identifier with the default system', () => {
    const { fileErrors, rows } = readPatientCsv(
      `${HEADER}Doe,Jane,1980-04-02,F,A-17,JANE@EXAMPLE.ORG,Springfield\r\n`,
      MAPPING,
      NOW,
      'urn:old-ehr',
    );
    expect(fileErrors).toEqual([]);
    expect(rows).toEqual([
      {
        row: 2,
        errors: [],
        patient: {
          familyName: 'Doe',
          givenName: 'Jane',
          dateOfBirth: '1980-04-02',
          sex: 'female',
          email: 'jane@example.org',
          phone: null,
          address: { city: 'Springfield' },
        },
        identifier: { system: 'urn:old-ehr', value: 'A-17' },
      },
    ]);
  });

  it('names the CSV column and the problem for each bad field, and reads the other rows', () => {
    const { rows } = readPatientCsv(
      `${HEADER}Doe,Jane,1980-04-02,F,,,\r\n,John,02/04/1980,X,,not-mail,\r\nRoe,Ann,1979-02-30,,,,\r\n`,
      MAPPING,
      NOW,
      'urn:old-ehr',
    );
    expect(rows[0]!.errors).toEqual([]);
    expect(rows[1]).toEqual({
      row: 3,
      errors: [
        { column: 'Surname', message: 'is empty' },
        { column: 'DOB', message: 'is not a date written YYYY-MM-DD' },
        { column: 'Gender', message: 'is not one of female, male, other, unknown (or F, M, O, U)' },
        { column: 'Email', message: 'is not an email address' },
      ],
    });
    expect(rows[2]!.errors).toEqual([{ column: 'DOB', message: 'is not a date written YYYY-MM-DD' }]);
  });

  // Plausible dates of birth: src/domain/shared/plausible-dates.ts (no one born before 1900 is alive; Robine & Allard 1998).
  it('refuses a date of birth before 1900 or in the future', () => {
    const { rows } = readPatientCsv(`${HEADER}Old,Al,1899-12-31,M,,,\r\nNew,Bo,2027-01-01,M,,,\r\n`, MAPPING, NOW);
    expect(rows.map((r) => r.errors)).toEqual([
      [{ column: 'DOB', message: 'is before 1900-01-01' }],
      [{ column: 'DOB', message: 'is in the future' }],
    ]);
  });

  it('refuses an identifier without a system, and the second row with the same identifier', () => {
    expect(readPatientCsv(`${HEADER}Doe,Jane,1980-04-02,F,A-1,,\r\n`, MAPPING, NOW).rows[0]!.errors).toEqual([
      { column: 'identifierSystem', message: 'is needed with an identifier (map a column or give a default system)' },
    ]);
    const { rows } = readPatientCsv(
      `${HEADER}Doe,Jane,1980-04-02,F,A-1,,\r\nDoe,Janet,1980-04-02,F,A-1,,\r\n`,
      MAPPING,
      NOW,
      'urn:x',
    );
    expect(rows[1]!.errors).toEqual([{ column: 'Old ID', message: 'repeats the identifier of row 2' }]);
  });

  it('refuses a mapping naming a missing column or leaving out a required field, before reading any row', () => {
    const result = readPatientCsv(HEADER, { Surname: 'familyName', Nope: 'givenName' }, NOW);
    expect(result.rows).toEqual([]);
    expect(result.fileErrors).toEqual([
      { field: 'mapping.Nope', message: 'is not a column of the CSV header' },
      { field: 'mapping', message: 'no column gives givenName' },
      { field: 'mapping', message: 'no column gives dateOfBirth' },
    ]);
  });

  it('reports a row with too few fields', () => {
    expect(readPatientCsv(`${HEADER}Doe,Jane,1980-04-02\r\n`, MAPPING, NOW).rows[0]!.errors).toEqual([
      { column: '(row)', message: 'has 3 fields, the header 7' },
    ]);
  });
});
