/** Patients from CSV (/api/admin/imports/patients) and the whole-clinic export (/api/admin/clinic-export), issue 15. */
import { useMutation } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { PatientImportBody, PatientImportReportSchema, PatientImportRowSchema } from '../../../contract/imports';
import { PATIENT_IMPORT_FIELDS, type PatientImportField } from '../../../domain/interop/patient-csv';
import { useApi } from '../../api/context';

export { PATIENT_IMPORT_FIELDS, type PatientImportField };

export const FIELD_LABELS: Record<PatientImportField, string> = {
  familyName: 'Family name',
  givenName: 'Given name',
  dateOfBirth: 'Date of birth (YYYY-MM-DD)',
  sex: 'Sex',
  email: 'Email',
  phone: 'Phone',
  identifier: 'External identifier',
  identifierSystem: 'Identifier system',
  addressLine: 'Address line',
  city: 'City',
  region: 'State or region',
  postalCode: 'Postal code',
  country: 'Country',
};

export type PatientImportRow = Static<typeof PatientImportRowSchema>;

/** POST /api/admin/imports/patients (src/contract/imports.ts). */
export type PatientImportReport = Static<typeof PatientImportReportSchema>;

/** POST /api/admin/imports/patients with the whole file as one text; the hook cuts a large one into pieces. */
export type PatientImportInput = Omit<PatientImportBody, 'csv'> & Record<'csv', string>;

/** The server takes a large file as consecutive pieces of at most 100,000 characters. */
const PIECE = 100_000;

export function usePatientImport() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: PatientImportInput) => {
      const pieces: string[] = [];
      for (let i = 0; i < input.csv.length; i += PIECE) pieces.push(input.csv.slice(i, i + PIECE));
      return api.post<PatientImportReport>('/api/admin/imports/patients', {
        ...input,
        csv: pieces.length === 1 ? pieces[0] : pieces,
      });
    },
  });
}

export const CLINIC_EXPORT_URL = '/api/admin/clinic-export';
