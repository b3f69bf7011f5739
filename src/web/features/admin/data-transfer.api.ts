/** Patients from CSV (/api/admin/imports/patients) and the whole-clinic export (/api/admin/clinic-export), issue 15. */
import { useMutation } from '@tanstack/react-query';
import { useApi } from '../../api/context';

export const PATIENT_IMPORT_FIELDS = [
  'familyName', 'givenName', 'dateOfBirth', 'sex', 'email', 'phone', 'identifier', 'identifierSystem',
  'addressLine', 'city', 'region', 'postalCode', 'country',
] as const;
export type PatientImportField = typeof PATIENT_IMPORT_FIELDS[number];

export const FIELD_LABELS: Record<PatientImportField, string> = {
  familyName: 'Family name', givenName: 'Given name', dateOfBirth: 'Date of birth (YYYY-MM-DD)', sex: 'Sex', email: 'Email', phone: 'Phone',
  identifier: 'External identifier', identifierSystem: 'Identifier system', addressLine: 'Address line', city: 'City', region: 'State or region',
  postalCode: 'Postal code', country: 'Country',
};

export interface PatientImportRow {
  readonly row: number;
  readonly status: 'create' | 'created' | 'exists' | 'error';
  readonly errors: ReadonlyArray<{ column: string; message: string }>;
  readonly patient?: { id?: string; mrn?: string; givenName: string; familyName: string; dateOfBirth?: string };
  readonly identifier?: { system: string; value: string };
}

export interface PatientImportReport {
  readonly dryRun: boolean;
  readonly summary: { rows: number; create: number; created: number; exists: number; errors: number };
  readonly rows: readonly PatientImportRow[];
}

export interface PatientImportInput {
  readonly csv: string;
  readonly mapping: Record<string, PatientImportField>;
  readonly identifierSystem?: string;
  readonly dryRun: boolean;
}

/** The server takes a large file as consecutive pieces of at most 100,000 characters. */
const PIECE = 100_000;

export function usePatientImport() {
  const api = useApi();
  return useMutation({
    mutationFn: (input: PatientImportInput) => {
      const pieces: string[] = [];
      for (let i = 0; i < input.csv.length; i += PIECE) pieces.push(input.csv.slice(i, i + PIECE));
      return api.post<PatientImportReport>('/api/admin/imports/patients', { ...input, csv: pieces.length === 1 ? pieces[0] : pieces });
    },
  });
}

export const CLINIC_EXPORT_URL = '/api/admin/clinic-export';
