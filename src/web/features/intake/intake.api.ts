/**
 * Intake, eligibility and consent: the shapes of /api/patients/:id/intake, /api/eligibility…, /api/consent-documents
 * and /api/patients/:id/consents (src/server/modules/{intake,eligibility,consent}) and the queries on them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AntidepressantTrialSchema,
  BloodPressureReadingSchema,
  IntakeHistorySchema,
  IntakeSaveSchema,
  IntakeSchema,
  IntakeVersionSchema,
  RegistrationSaveSchema,
  RegistrationSchema,
  RegistrationVersionSchema,
} from '../../../contract/intake';
import type {
  DecisionSchema,
  EvaluateBodySchema,
  EvaluationSchema,
  OverridePolicySchema,
  OverrideSchema,
  PatientEligibilitySchema,
  ReasonSchema,
  TreatmentResistanceAssessmentSchema,
} from '../../../contract/eligibility';
import type {
  ConsentDocumentListSchema,
  ConsentDocumentSchema,
  ConsentDocumentSummarySchema,
  ConsentSignatureSchema,
  ConsentStatusSchema,
  PatientConsentsSchema,
  SignConsentBodySchema,
  SignedConsentSchema,
} from '../../../contract/consent';
import { useApi } from '../../api/context';
import type { Modality } from './care-codes';

export type UserRef = NonNullable<Static<typeof IntakeVersionSchema>['savedBy']>;

/** The structured intake (src/contract/intake.ts IntakeSchema): every section optional. */
export type Intake = Static<typeof IntakeSchema>;
type PsychiatricHistory = NonNullable<Intake['psychiatricHistory']>;
type MedicalHistory = NonNullable<Intake['medicalHistory']>;
export type BloodPressureReading = Static<typeof BloodPressureReadingSchema>;
export type AntidepressantTrial = Static<typeof AntidepressantTrialSchema>;
export type Psychosis = NonNullable<PsychiatricHistory['psychosis']>;
export type Mania = NonNullable<PsychiatricHistory['mania']>;
export type SubstanceUse = NonNullable<PsychiatricHistory['substanceUse']>;
export type PregnancyStatus = NonNullable<MedicalHistory['pregnancy']>['status'];
export type TreatmentResistance = Static<typeof TreatmentResistanceAssessmentSchema>;
export type Insurance = NonNullable<Intake['insurance']>;
export type RideHome = NonNullable<Intake['ride']>;

/** What the front desk registers: the intake's non-clinical sections. */
export type Registration = Static<typeof RegistrationSchema>;

/** GET/PUT /api/patients/:id/registration */
export type RegistrationVersion = Static<typeof RegistrationVersionSchema>;

/** GET/PUT /api/patients/:id/intake */
export type IntakeVersion = Static<typeof IntakeVersionSchema>;

/** GET /api/patients/:id/intake/history */
export type IntakeHistoryEntry = Static<typeof IntakeHistorySchema>[number];

export type Reason = Static<typeof ReasonSchema>;
export type Citation = Reason['source'];
export type OverridePolicy = Static<typeof OverridePolicySchema>;

/** POST /api/eligibility/evaluate (nothing stored) */
export type Evaluation = Static<typeof EvaluationSchema>;
export type DecisionValue = Evaluation['decision'];
export type Override = Static<typeof OverrideSchema>;

/** A stored decision (POST /api/patients/:id/eligibility). */
export type Decision = Static<typeof DecisionSchema>;

/** GET /api/patients/:id/eligibility */
export type PatientEligibility = Static<typeof PatientEligibilitySchema>;

/** GET /api/consent-documents (src/contract/consent.ts). */
export type ConsentDocumentSummary = Static<typeof ConsentDocumentSummarySchema>;
export type ConsentDocument = Static<typeof ConsentDocumentSchema>;
export type ConsentStatus = Static<typeof ConsentStatusSchema>;
export type ConsentSignature = Static<typeof ConsentSignatureSchema>;
/** POST /api/patients/:id/consents */
export type SignConsentInput = Static<typeof SignConsentBodySchema>;

const path = (patientId: string, rest: string) => `/api/patients/${encodeURIComponent(patientId)}/${rest}`;

export const careKeys = {
  intake: (patientId: string) => ['intake', patientId] as const,
  intakeHistory: (patientId: string) => ['intake', patientId, 'history'] as const,
  registration: (patientId: string) => ['intake', patientId, 'registration'] as const,
  eligibility: (patientId: string) => ['eligibility', patientId] as const,
  consents: (patientId: string) => ['consents', patientId] as const,
  consentDocuments: ['consent-documents'] as const,
  consentDocument: (id: string) => ['consent-documents', id] as const,
};

export function useIntake(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.intake(patientId),
    queryFn: ({ signal }) => api.get<IntakeVersion>(path(patientId, 'intake'), { signal }),
  });
}

export function useIntakeHistory(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.intakeHistory(patientId),
    queryFn: ({ signal }) => api.get<IntakeHistoryEntry[]>(path(patientId, 'intake/history'), { signal }),
  });
}

export function useRegistration(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.registration(patientId),
    queryFn: ({ signal }) => api.get<RegistrationVersion>(path(patientId, 'registration'), { signal }),
  });
}

export function useSaveRegistration(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Static<typeof RegistrationSaveSchema>) =>
      api.request<RegistrationVersion>('PUT', path(patientId, 'registration'), { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(careKeys.registration(patientId), saved);
      // A registration save is a new intake version: clinicians' views reload.
      void queryClient.invalidateQueries({ queryKey: careKeys.intake(patientId), exact: true });
      void queryClient.invalidateQueries({ queryKey: careKeys.intakeHistory(patientId) });
    },
  });
}

export function useSaveIntake(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Static<typeof IntakeSaveSchema>) =>
      api.request<IntakeVersion>('PUT', path(patientId, 'intake'), { body }),
    onSuccess: (saved) => {
      queryClient.setQueryData(careKeys.intake(patientId), saved);
      void queryClient.invalidateQueries({ queryKey: careKeys.registration(patientId) });
      void queryClient.invalidateQueries({ queryKey: careKeys.intakeHistory(patientId) });
      // Decisions made on the previous version now need evaluating again.
      void queryClient.invalidateQueries({ queryKey: careKeys.eligibility(patientId) });
    },
  });
}

export function useEvaluate() {
  const api = useApi();
  return useMutation({
    mutationFn: (body: Static<typeof EvaluateBodySchema>) => api.post<Evaluation>('/api/eligibility/evaluate', body),
  });
}

export function useEligibility(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.eligibility(patientId),
    queryFn: ({ signal }) => api.get<PatientEligibility>(path(patientId, 'eligibility'), { signal }),
  });
}

function useEligibilityMutation<T>(patientId: string, call: (input: T) => Promise<Decision>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: careKeys.eligibility(patientId) });
      void queryClient.invalidateQueries({ queryKey: ['plans', patientId] });
    },
  });
}

export function useRecordDecision(patientId: string) {
  const api = useApi();
  return useEligibilityMutation(patientId, (modality: Modality) =>
    api.post<Decision>(path(patientId, 'eligibility'), { modality }),
  );
}

export function useOverrideDecision(patientId: string) {
  const api = useApi();
  return useEligibilityMutation(patientId, ({ decisionId, reason }: { decisionId: string; reason: string }) =>
    api.post<Decision>(`/api/eligibility-decisions/${encodeURIComponent(decisionId)}/override`, { reason }),
  );
}

export function useCountersignOverride(patientId: string) {
  const api = useApi();
  return useEligibilityMutation(patientId, ({ decisionId, note }: { decisionId: string; note?: string }) =>
    api.post<Decision>(
      `/api/eligibility-decisions/${encodeURIComponent(decisionId)}/override/countersignature`,
      note ? { note } : {},
    ),
  );
}

export function useConsentDocuments() {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.consentDocuments,
    queryFn: ({ signal }) => api.get<Static<typeof ConsentDocumentListSchema>>('/api/consent-documents', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useConsentDocument(documentId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.consentDocument(documentId ?? ''),
    queryFn: ({ signal }) =>
      api.get<ConsentDocument>(`/api/consent-documents/${encodeURIComponent(documentId ?? '')}`, { signal }),
    enabled: Boolean(documentId),
    staleTime: 5 * 60_000,
  });
}

export function usePatientConsents(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.consents(patientId),
    queryFn: ({ signal }) => api.get<Static<typeof PatientConsentsSchema>>(path(patientId, 'consents'), { signal }),
  });
}

export function useSignConsent(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignConsentInput) =>
      api.post<Static<typeof SignedConsentSchema>>(path(patientId, 'consents'), body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: careKeys.consents(patientId) });
      void queryClient.invalidateQueries({ queryKey: ['plans', patientId] });
    },
  });
}
