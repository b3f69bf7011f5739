/**
 * SPRAVATO REMS and billing capture: the shapes of /api/rems/sessions, /api/sessions/:id/rems-form(.pdf),
 * /api/patients/:id/rems-enrolment and /api/sessions/:id/billing (src/server/modules/treatment-day/
 * rems-forms.service.ts and treatment-day.service.ts), and the queries on them.
 */
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  BillingResponse,
  BloodPressureSchema,
  PersonNameSchema,
  RemsEnrolmentResponse,
  RemsFormResponse,
  RemsSessionsResponse,
} from '../../../contract/treatment-day';
import { useApi } from '../../api/context';

/** The REMS and billing answers as the API gives them (src/contract/treatment-day.ts). */
export type RemsSessionList = Static<typeof RemsSessionsResponse>;
export type RemsSessionItem = RemsSessionList['items'][number];
export type RemsFormStatus = RemsSessionItem['status'];
export type RemsFormView = Static<typeof RemsFormResponse>;
/** The form's data: composed from the record (every part optional until complete), or the complete form. */
export type RemsFormData = RemsFormView['prefilled'] &
  Partial<Omit<NonNullable<RemsFormView['form']>, keyof RemsFormView['prefilled']>>;
export type RemsAnswers = RemsFormView['answers'];
export type BloodPressure = Static<typeof BloodPressureSchema>;
export type PersonName = Static<typeof PersonNameSchema>;
export type RemsEnrolment = Static<typeof RemsEnrolmentResponse>;
export type BillingView = Static<typeof BillingResponse>;
export type SessionBilling = NonNullable<BillingView['computed']>;
export type Citation = SessionBilling['lines'][number]['citation'];

export const remsFormPdfUrl = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}/rems-form.pdf`;

const keys = {
  sessions: ['rems', 'sessions'] as const,
  form: (sessionId: string) => ['rems', 'form', sessionId] as const,
  enrolment: (patientId: string) => ['rems', 'enrolment', patientId] as const,
  billing: (sessionId: string) => ['billing', sessionId] as const,
};

export function useRemsSessions() {
  const api = useApi();
  return useQuery({
    queryKey: keys.sessions,
    queryFn: ({ signal }) => api.get<RemsSessionList>('/api/rems/sessions', { signal }),
  });
}

export function useRemsForm(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.form(sessionId),
    queryFn: ({ signal }) =>
      api.get<RemsFormView>(`/api/sessions/${encodeURIComponent(sessionId)}/rems-form`, { signal }),
  });
}

export function useSaveRemsAnswers(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answers: RemsAnswers) =>
      api.request<RemsFormView>('PUT', `/api/sessions/${encodeURIComponent(sessionId)}/rems-form`, { body: answers }),
    onSuccess: (view) => {
      queryClient.setQueryData(keys.form(sessionId), view);
    },
  });
}

export function useMarkRemsSubmitted(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (submittedOn: string) =>
      api.post<RemsFormView>(`/api/sessions/${encodeURIComponent(sessionId)}/rems-form/submission`, { submittedOn }),
    onSuccess: async (view) => {
      queryClient.setQueryData(keys.form(sessionId), view);
      await queryClient.invalidateQueries({ queryKey: keys.sessions });
    },
  });
}

/** One enrolment query per patient (GET needs session:read). */
export function useRemsEnrolments(patientIds: readonly string[], enabled: boolean) {
  const api = useApi();
  return useQueries({
    queries: patientIds.map((patientId) => ({
      queryKey: keys.enrolment(patientId),
      queryFn: ({ signal }: { signal: AbortSignal }) =>
        api.get<RemsEnrolment>(`/api/patients/${encodeURIComponent(patientId)}/rems-enrolment`, { signal }),
      enabled,
    })),
  });
}

export function useRecordRemsEnrolment(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { enrolledOn: string; remsPatientId?: string }) =>
      api.post<unknown>(`/api/patients/${encodeURIComponent(patientId)}/rems-enrolment`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.enrolment(patientId) });
      await queryClient.invalidateQueries({ queryKey: ['rems', 'form'] });
    },
  });
}

/** The session's patient, from the treatment record (GET /api/sessions/:id/treatment, session:read). */
export function useSessionPatient(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['rems', 'session-patient', sessionId],
    queryFn: ({ signal }) =>
      api.get<{ session: { patient: { id: string } } }>(`/api/sessions/${encodeURIComponent(sessionId)}/treatment`, {
        signal,
      }),
    staleTime: Infinity,
  });
}

export function useSessionBilling(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: keys.billing(sessionId),
    queryFn: ({ signal }) => api.get<BillingView>(`/api/sessions/${encodeURIComponent(sessionId)}/billing`, { signal }),
  });
}

export function useCaptureBilling(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { diagnoses?: string[] }) =>
      api.post<unknown>(`/api/sessions/${encodeURIComponent(sessionId)}/billing`, input),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: keys.billing(sessionId) });
    },
  });
}
