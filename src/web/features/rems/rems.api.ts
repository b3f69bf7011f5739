/**
 * SPRAVATO REMS and billing capture: the shapes of /api/rems/sessions, /api/sessions/:id/rems-form(.pdf),
 * /api/patients/:id/rems-enrolment and /api/sessions/:id/billing (src/server/modules/treatment-day/
 * treatment-documents.service.ts and treatment-day.service.ts), and the queries on them.
 */
import { useMutation, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';

export type RemsFormStatus = 'due' | 'overdue' | 'submitted';

export interface RemsSessionItem {
  readonly sessionId: string;
  readonly patient: { readonly id: string; readonly name: string; readonly mrn: string | null };
  /** The clinic-local date the patient was discharged (YYYY-MM-DD). */
  readonly date: string;
  /** The end of the session (the discharge when there was one); kept under this name for older clients. */
  readonly dischargedAt: string;
  readonly endedAt?: string;
  readonly endedHow?: 'discharged' | 'stopped-early' | 'completed-in-schedule';
  readonly status: RemsFormStatus;
  /** 7 x 24 h after the end of monitoring. */
  readonly deadline: string;
  readonly submittedOn: string | null;
  readonly submittedLate: boolean | null;
  readonly ruleVersion: string;
}

export interface RemsSessionList {
  /** The server's clock when the list was made: the countdowns start from it. */
  readonly generatedAt: string;
  readonly items: readonly RemsSessionItem[];
}

export interface BloodPressure { readonly systolic: number; readonly diastolic: number }
export interface PersonName { readonly firstName: string; readonly lastName: string }

/** The form's data as the server composes it from the record (every part optional until it is complete). */
export interface RemsFormData {
  readonly setting?: 'outpatient' | 'inpatient';
  readonly patient?: PersonName & { readonly birthDate: string; readonly sex: string };
  readonly isFirstTreatment?: boolean;
  readonly patientEnrolled?: boolean;
  readonly concomitantMedications?: Readonly<Record<string, boolean>>;
  readonly prescriber?: PersonName;
  readonly monitoringProvider?: PersonName & { readonly phone: string; readonly email: string };
  readonly healthcareSetting?: {
    readonly name: string; readonly address1: string; readonly address2?: string; readonly city: string; readonly state: string; readonly zip: string;
  };
  readonly treatmentDate?: string;
  readonly doseMg?: number;
  readonly lotNumbers?: readonly string[];
  readonly firstDeviceAt?: string;
  readonly lastDeviceAt?: string;
  readonly monitoringEndedAt?: string;
  readonly readyToLeaveMinutes?: number;
  readonly vitalSignsAcceptable?: { readonly beforeAdministration: boolean; readonly beforeCompletion: boolean };
  readonly bloodPressure?: { readonly beforeAdministration?: BloodPressure; readonly fortyMinutesAfter?: BloodPressure; readonly beforeCompletion?: BloodPressure };
  readonly sedation?: boolean;
  readonly dissociation?: boolean;
  readonly respiratory?: { readonly respiratoryDepression?: boolean; readonly pulseOximetryUsed?: boolean; readonly lowestSpo2?: number };
  readonly seriousAdverseEvents?: { readonly occurred: boolean; readonly description?: string };
  /** Present on a complete form. */
  readonly ruleVersion?: string;
  readonly treatmentDurationMin?: number;
  readonly monitoringAfterLastDeviceMin?: number;
  readonly submissionDeadline?: string;
  readonly warnings?: readonly string[];
}

/** What the clinician answers on the form (PUT /api/sessions/:id/rems-form; each save a new version). */
export interface RemsAnswers {
  readonly isFirstTreatment?: boolean;
  readonly concomitantMedications?: Readonly<Record<string, boolean>>;
  readonly sedation?: boolean;
  readonly dissociation?: boolean;
  readonly respiratoryDepression?: boolean;
  readonly pulseOximetryUsed?: boolean;
  readonly vitalSignsAcceptable?: { readonly beforeAdministration: boolean; readonly beforeCompletion: boolean };
  readonly readyToLeaveMinutes?: number;
  readonly seriousAdverseEventDescription?: string;
}

export interface RemsFormView {
  readonly sessionId: string;
  readonly answers: RemsAnswers;
  readonly prefilled: RemsFormData;
  readonly form: RemsFormData | null;
  readonly missing: readonly { readonly field: string; readonly message: string }[];
  readonly isComplete: boolean;
  readonly concomitantClasses: readonly { readonly code: string; readonly label: string }[];
  /** Null until the patient is discharged (the form's clock starts then). */
  readonly status: {
    readonly status: RemsFormStatus; readonly deadline: string; readonly submittedOn: string | null; readonly submittedLate: boolean | null;
    readonly msUntilDeadline: number | null; readonly ruleVersion: string;
  } | null;
}

export interface RemsEnrolment {
  readonly enrolled: boolean;
  readonly current: { readonly enrolledOn: string; readonly remsPatientId: string | null; readonly recordedAt: string } | null;
  readonly history: readonly { readonly id: string; readonly enrolledOn: string; readonly remsPatientId: string | null; readonly recordedAt: string }[];
}

export interface Citation { readonly source: string; readonly detail?: string; readonly url?: string }

export interface SessionBilling {
  readonly lines: readonly { readonly system: 'CPT' | 'HCPCS'; readonly code: string; readonly description: string; readonly units: number; readonly citation: Citation }[];
  readonly diagnoses: readonly { readonly code: string; readonly description?: string; readonly isCommon: boolean; readonly citation: Citation }[];
  readonly notes: readonly string[];
}

export interface BillingView {
  /** The codes the record supports now (null when something is missing: see `problems`). */
  readonly computed: SessionBilling | null;
  readonly problems: readonly { readonly field: string; readonly message: string }[];
  /** The codes captured for the superbill, if they were. */
  readonly captured: (SessionBilling & { readonly capturedAt: string }) | null;
}

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
    queryFn: ({ signal }) => api.get<RemsFormView>(`/api/sessions/${encodeURIComponent(sessionId)}/rems-form`, { signal }),
  });
}

export function useSaveRemsAnswers(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (answers: RemsAnswers) => api.request<RemsFormView>('PUT', `/api/sessions/${encodeURIComponent(sessionId)}/rems-form`, { body: answers }),
    onSuccess: (view) => { queryClient.setQueryData(keys.form(sessionId), view); },
  });
}

export function useMarkRemsSubmitted(sessionId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (submittedOn: string) => api.post<RemsFormView>(`/api/sessions/${encodeURIComponent(sessionId)}/rems-form/submission`, { submittedOn }),
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
      queryFn: ({ signal }: { signal: AbortSignal }) => api.get<RemsEnrolment>(`/api/patients/${encodeURIComponent(patientId)}/rems-enrolment`, { signal }),
      enabled,
    })),
  });
}

export function useRecordRemsEnrolment(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { enrolledOn: string; remsPatientId?: string }) => api.post<unknown>(`/api/patients/${encodeURIComponent(patientId)}/rems-enrolment`, input),
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
    queryFn: ({ signal }) => api.get<{ session: { patient: { id: string } } }>(`/api/sessions/${encodeURIComponent(sessionId)}/treatment`, { signal }),
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
    mutationFn: (input: { diagnoses?: string[] }) => api.post<unknown>(`/api/sessions/${encodeURIComponent(sessionId)}/billing`, input),
    onSuccess: async () => { await queryClient.invalidateQueries({ queryKey: keys.billing(sessionId) }); },
  });
}
