/**
 * Intake, eligibility and consent: the shapes of /api/patients/:id/intake, /api/eligibility…, /api/consent-documents
 * and /api/patients/:id/consents (src/server/modules/{intake,eligibility,consent}) and the queries on them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { Adherence, ConditionCode, Modality, TrialOutcome } from './care-codes';

export interface UserRef { readonly id: string; readonly displayName: string }

export interface BloodPressureReading {
  readonly systolic: number;
  readonly diastolic: number;
  readonly takenAt: string;
  readonly position?: 'seated' | 'standing' | 'lying';
}

export interface AntidepressantTrial {
  readonly drug: string;
  readonly doseMgPerDay: number;
  readonly weeks: number;
  readonly adherence: Adherence;
  readonly outcome: TrialOutcome;
  readonly currentEpisode: boolean;
}

export type Psychosis = 'never' | 'past' | 'active';
export type Mania = 'never' | 'past' | 'current';
export type SubstanceUse = 'none' | 'past' | 'active';
export type PregnancyStatus = 'not-pregnant' | 'pregnant' | 'unknown' | 'not-applicable';

/** The structured intake (IntakeSchema): every section optional. */
export interface Intake {
  readonly demographics?: Readonly<Record<string, string>>;
  readonly emergencyContact?: { readonly name: string; readonly relationship?: string; readonly phone: string };
  readonly insurance?: Insurance;
  readonly ride?: RideHome;
  readonly heightCm?: number;
  readonly weightKg?: number;
  readonly diagnoses?: ReadonlyArray<{ readonly code: string; readonly name?: string }>;
  readonly psychiatricHistory?: {
    readonly psychosis?: Psychosis;
    readonly schizophrenia?: boolean;
    readonly mania?: Mania;
    readonly bipolarDisorder?: boolean;
    readonly substanceUse?: SubstanceUse;
    readonly substanceUseDetails?: string;
    readonly ketamineUseDisorderHistory?: boolean;
    readonly priorKetamine?: { readonly received: boolean; readonly modality?: string; readonly response?: string; readonly notes?: string };
    readonly acuteSuicidalIdeation?: boolean;
  };
  readonly medicalHistory?: {
    readonly conditions?: readonly ConditionCode[];
    readonly hypertension?: { readonly diagnosed: boolean; readonly controlled?: boolean; readonly readings?: readonly BloodPressureReading[] };
    readonly cardiacDisease?: { readonly present: boolean; readonly stable?: boolean; readonly details?: string };
    readonly liverDisease?: { readonly present: boolean; readonly severe?: boolean; readonly details?: string };
    readonly pregnancy?: { readonly status: PregnancyStatus; readonly planning?: boolean; readonly breastfeeding?: boolean };
  };
  readonly medications?: ReadonlyArray<{ readonly name: string; readonly dose?: string }>;
  readonly allergies?: ReadonlyArray<{ readonly substance: string; readonly reaction?: string }>;
  readonly trials?: readonly AntidepressantTrial[];
}

export interface TreatmentResistance {
  readonly isTreatmentResistant: boolean;
  readonly failedAdequateTrials: number;
  readonly requiredFailedTrials: number;
  readonly summary: string;
  readonly trials: ReadonlyArray<{ readonly index: number; readonly drug: string; readonly countsTowardResistance: boolean; readonly explanation: string }>;
}

export interface Insurance {
  readonly payer?: string;
  readonly planName?: string;
  readonly memberId?: string;
  readonly groupNumber?: string;
  readonly subscriberName?: string;
  readonly subscriberRelationship?: 'self' | 'spouse' | 'parent' | 'other';
  readonly selfPay?: boolean;
}

export interface RideHome {
  readonly name?: string;
  readonly relationship?: string;
  readonly phone?: string;
  readonly notes?: string;
}

/** What the front desk registers: the intake's non-clinical sections. */
export type Registration = Pick<Intake, 'demographics' | 'emergencyContact' | 'insurance' | 'ride'>;

/** GET/PUT /api/patients/:id/registration */
export interface RegistrationVersion {
  readonly patientId: string;
  readonly version: number | null;
  readonly registration: Registration | null;
  readonly savedAt: string | null;
  readonly savedBy: { readonly id: string; readonly displayName: string } | null;
}

/** GET/PUT /api/patients/:id/intake */
export interface IntakeVersion {
  readonly patientId: string;
  readonly version: number | null;
  readonly intake: Intake | null;
  readonly facts: Readonly<Record<string, unknown>> | null;
  readonly treatmentResistance: TreatmentResistance | null;
  readonly source: string | null;
  readonly savedAt: string | null;
  readonly savedBy: UserRef | null;
}

export interface IntakeHistoryEntry {
  readonly version: number;
  readonly savedAt: string;
  readonly savedBy: UserRef | null;
  readonly source: string;
  readonly changedSections: readonly string[];
}

export type DecisionValue = 'eligible' | 'review' | 'ineligible';

export interface Citation { readonly source: string; readonly detail?: string; readonly url?: string; readonly status: string }

export interface Reason {
  readonly code: string;
  readonly severity: 'absolute' | 'relative' | 'info';
  readonly blocking: boolean;
  readonly message: string;
  readonly source: Citation;
}

export interface OverridePolicy {
  readonly allowed: boolean;
  readonly prescribersRequired: number;
  readonly reasonRequired: boolean;
  readonly explanation: string;
}

/** POST /api/eligibility/evaluate (nothing stored) */
export interface Evaluation {
  readonly modality: string;
  readonly decision: DecisionValue;
  readonly reasons: readonly Reason[];
  readonly ruleSetVersion: string;
  readonly overridePolicy: OverridePolicy;
}

export interface Override {
  readonly id: string;
  readonly reason: string;
  readonly prescribersRequired: number;
  readonly signedBy: UserRef | null;
  readonly signedAt: string;
  readonly countersignedBy: UserRef | null;
  readonly countersignedAt: string | null;
  readonly status: 'effective' | 'awaiting-countersignature';
}

/** A stored decision (POST /api/patients/:id/eligibility). */
export interface Decision extends Evaluation {
  readonly id: string;
  readonly patientId: string;
  readonly intakeVersion: number;
  readonly decidedAt: string;
  readonly decidedBy: UserRef | null;
  readonly override: Override | null;
  readonly standing: { readonly mayPlan: boolean; readonly code: string; readonly message: string };
}

export interface PatientEligibility {
  readonly intakeVersion: number | null;
  readonly current: readonly Decision[];
  readonly history: readonly Decision[];
}

export interface ConsentDocumentSummary {
  readonly id: string;
  readonly modality: string;
  readonly version: string;
  readonly effectiveDate: string;
  readonly title: string;
  readonly sha256: string;
  readonly isCurrent: boolean;
}

export interface ConsentDocument extends ConsentDocumentSummary { readonly body: string }

export interface ConsentStatus {
  readonly modality: string;
  readonly current: boolean;
  readonly reason: 'no-consent' | 'other-modality' | 'outdated-version' | 'hash-mismatch' | null;
  readonly message: string;
  readonly currentDocument: { readonly id: string; readonly version: string };
  readonly signatureId: string | null;
  readonly signedAt: string | null;
}

export interface ConsentSignature {
  readonly id: string;
  readonly modality: string;
  readonly documentId: string;
  readonly version: string;
  readonly sha256: string;
  readonly typedName: string;
  readonly agreed: boolean;
  readonly signedAt: string;
  readonly via: string;
  readonly recordedBy: UserRef | null;
}

export interface SignConsentInput {
  readonly modality: Modality;
  readonly documentId: string;
  readonly version: string;
  readonly sha256: string;
  readonly typedName: string;
  readonly agreed: true;
}

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
  return useQuery({ queryKey: careKeys.intake(patientId), queryFn: ({ signal }) => api.get<IntakeVersion>(path(patientId, 'intake'), { signal }) });
}

export function useIntakeHistory(patientId: string) {
  const api = useApi();
  return useQuery({ queryKey: careKeys.intakeHistory(patientId), queryFn: ({ signal }) => api.get<IntakeHistoryEntry[]>(path(patientId, 'intake/history'), { signal }) });
}

export function useRegistration(patientId: string) {
  const api = useApi();
  return useQuery({ queryKey: careKeys.registration(patientId), queryFn: ({ signal }) => api.get<RegistrationVersion>(path(patientId, 'registration'), { signal }) });
}

export function useSaveRegistration(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { baseVersion: number; registration: Registration }) => api.request<RegistrationVersion>('PUT', path(patientId, 'registration'), { body }),
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
    mutationFn: (body: { baseVersion: number; intake: Intake }) => api.request<IntakeVersion>('PUT', path(patientId, 'intake'), { body }),
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
    mutationFn: (body: { modality: Modality; facts: Readonly<Record<string, unknown>> }) => api.post<Evaluation>('/api/eligibility/evaluate', body),
  });
}

export function useEligibility(patientId: string) {
  const api = useApi();
  return useQuery({ queryKey: careKeys.eligibility(patientId), queryFn: ({ signal }) => api.get<PatientEligibility>(path(patientId, 'eligibility'), { signal }) });
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
  return useEligibilityMutation(patientId, (modality: Modality) => api.post<Decision>(path(patientId, 'eligibility'), { modality }));
}

export function useOverrideDecision(patientId: string) {
  const api = useApi();
  return useEligibilityMutation(patientId, ({ decisionId, reason }: { decisionId: string; reason: string }) =>
    api.post<Decision>(`/api/eligibility-decisions/${encodeURIComponent(decisionId)}/override`, { reason }));
}

export function useCountersignOverride(patientId: string) {
  const api = useApi();
  return useEligibilityMutation(patientId, ({ decisionId, note }: { decisionId: string; note?: string }) =>
    api.post<Decision>(`/api/eligibility-decisions/${encodeURIComponent(decisionId)}/override/countersignature`, note ? { note } : {}));
}

export function useConsentDocuments() {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.consentDocuments,
    queryFn: ({ signal }) => api.get<{ items: ConsentDocumentSummary[] }>('/api/consent-documents', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useConsentDocument(documentId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.consentDocument(documentId ?? ''),
    queryFn: ({ signal }) => api.get<ConsentDocument>(`/api/consent-documents/${encodeURIComponent(documentId ?? '')}`, { signal }),
    enabled: Boolean(documentId),
    staleTime: 5 * 60_000,
  });
}

export function usePatientConsents(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: careKeys.consents(patientId),
    queryFn: ({ signal }) => api.get<{ status: ConsentStatus[]; signatures: ConsentSignature[] }>(path(patientId, 'consents'), { signal }),
  });
}

export function useSignConsent(patientId: string) {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: SignConsentInput) =>
      api.post<{ signature: ConsentSignature; status: ConsentStatus; typedNameMatchesPatient: boolean }>(path(patientId, 'consents'), body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: careKeys.consents(patientId) });
      void queryClient.invalidateQueries({ queryKey: ['plans', patientId] });
    },
  });
}
