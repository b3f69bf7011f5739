/** Patients: the shapes of /api/patients (src/contract/patients.ts) and the queries on them. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AddressSchema,
  PatientDto,
  PatientInput,
  PatientListSchema,
  PatientSearchQuery,
  PatientVersionSchema,
  SexSchema,
} from '../../../contract/patients';
import { useApi } from '../../api/context';

/** The shapes of /api/patients, from the contract (src/contract/patients.ts). */
export type Sex = Static<typeof SexSchema>;
export type Address = Static<typeof AddressSchema>;
export type Patient = PatientDto;
/** POST /api/patients; PATCH adds `version`. */
export type { PatientInput };
export type PatientVersion = Static<typeof PatientVersionSchema>;

/** GET /api/patients as the search page asks it: words, a page size and where the page starts. */
export type PatientSearch = Required<Pick<PatientSearchQuery, 'q' | 'limit' | 'offset'>>;

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
    queryFn: ({ signal }) =>
      api.get<Static<typeof PatientListSchema>>('/api/patients', { query: { ...search }, signal }),
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
    mutationFn: (input: PatientInput & { version: number }) =>
      api.patch<Patient>(`/api/patients/${encodeURIComponent(id)}`, input),
    onSuccess: (patient) => {
      queryClient.setQueryData(patientKeys.one(id), patient);
      void queryClient.invalidateQueries({ queryKey: patientKeys.history(id) });
      void queryClient.invalidateQueries({ queryKey: ['patients', 'search'] });
    },
  });
}
