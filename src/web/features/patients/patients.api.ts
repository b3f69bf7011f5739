/** Patients: the shapes of /api/patients (src/server/modules/patients/patients.schemas.ts) and the queries on them. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';

export type Sex = 'female' | 'male' | 'other' | 'unknown';

export interface Address {
  readonly line?: string;
  readonly city?: string;
  readonly region?: string;
  readonly postalCode?: string;
  readonly country?: string;
}

export interface Patient {
  readonly id: string;
  readonly mrn: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly sex: Sex;
  readonly phone: string | null;
  readonly email: string | null;
  readonly address: Address | null;
  readonly version: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** POST /api/patients; PATCH adds `version`. */
export interface PatientInput {
  readonly givenName: string;
  readonly familyName: string;
  readonly dateOfBirth: string;
  readonly sex: Sex;
  readonly phone?: string | null;
  readonly email?: string | null;
  readonly address?: Address | null;
}

export interface PatientVersion {
  readonly version: number;
  readonly changedAt: string;
  readonly changedBy: { readonly id: string; readonly displayName: string } | null;
  readonly changedFields: readonly string[];
  readonly data: Readonly<Record<string, unknown>>;
}

export interface PatientSearch {
  readonly q: string;
  readonly limit: number;
  readonly offset: number;
}

export const patientKeys = {
  all: ['patients'] as const,
  search: (search: PatientSearch) => ['patients', 'search', search] as const,
  one: (id: string) => ['patients', 'one', id] as const,
  history: (id: string) => ['patients', 'history', id] as const,
};

export function usePatientSearch(search: PatientSearch) {
  const api = useApi();
  return useQuery({
    queryKey: patientKeys.search(search),
    queryFn: ({ signal }) => api.get<{ items: Patient[]; total: number }>('/api/patients', { query: { ...search }, signal }),
    placeholderData: keepPreviousData,
  });
}

export function usePatient(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: patientKeys.one(id),
    queryFn: ({ signal }) => api.get<Patient>(`/api/patients/${encodeURIComponent(id)}`, { signal }),
  });
}

export function usePatientHistory(id: string) {
  const api = useApi();
  return useQuery({
    queryKey: patientKeys.history(id),
    queryFn: ({ signal }) => api.get<PatientVersion[]>(`/api/patients/${encodeURIComponent(id)}/history`, { signal }),
  });
}

export function useCreatePatient() {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PatientInput) => api.post<Patient>('/api/patients', input),
    onSuccess: (patient) => {
      queryClient.setQueryData(patientKeys.one(patient.id), patient);
      void queryClient.invalidateQueries({ queryKey: ['patients', 'search'] });
    },
  });
}

export function useUpdatePatient(id: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PatientInput & { version: number }) => api.patch<Patient>(`/api/patients/${encodeURIComponent(id)}`, input),
    onSuccess: (patient) => {
      queryClient.setQueryData(patientKeys.one(id), patient);
      void queryClient.invalidateQueries({ queryKey: patientKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: ['patients', 'search'] });
    },
  });
}
