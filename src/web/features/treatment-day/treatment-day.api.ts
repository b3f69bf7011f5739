/**
 * The treatment day of one session: the shapes of GET /api/sessions/:id/treatment, /discharge and /note
 * (src/server/modules/treatment-day/treatment-day.service.ts and treatment-documents.service.ts), and the hooks
 * that read and write them. Every write answers with the session's new state (or is followed by a refetch).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';

export interface Person { readonly id: string; readonly displayName: string }
export interface CitationView { readonly source: string; readonly detail?: string; readonly url?: string; readonly status?: string }

export interface VitalsValues {
  readonly systolic?: number;
  readonly diastolic?: number;
  readonly heartRate?: number;
  readonly spo2?: number;
  readonly respiratoryRate?: number;
}

export interface CheckInView {
  readonly arrivedAt: string;
  readonly identityChecked: boolean;
  readonly identityMethod?: string;
  readonly preDoseVitals?: VitalsValues & { readonly takenAt: string; readonly corrects?: VitalsValues & { readonly takenAt: string; readonly reason: string } };
  readonly weightKg?: number;
  readonly fasting?: { readonly lastFoodAt?: string; readonly lastLiquidAt?: string };
  readonly ride?: { readonly name?: string; readonly phone?: string; readonly confirmed: boolean };
  readonly pregnancy?: { readonly canBecomePregnant: boolean; readonly result?: 'negative' | 'positive'; readonly testedAt?: string };
  readonly recordedAt: string;
  readonly recordedBy: Person | null;
}

export type ChecklistStatus = 'pass' | 'warn' | 'block';
export interface ChecklistItemView {
  readonly code: string;
  readonly status: ChecklistStatus;
  readonly message: string;
  readonly citation: CitationView;
  readonly acknowledgement?: { readonly by: string; readonly at: string; readonly reason: string };
  /** An acknowledgement given for earlier evidence (an older reading or answer): it no longer covers the item. */
  readonly supersededAcknowledgement?: { readonly by: string; readonly at: string; readonly reason: string };
}
export interface ChecklistView {
  readonly items: readonly ChecklistItemView[];
  readonly isBlocked: boolean;
  readonly blockingItems: readonly string[];
  readonly unacknowledgedWarnings: readonly string[];
  readonly staleAcknowledgements?: readonly string[];
  readonly canStart: boolean;
}

/** Today's suicide-risk answers (C-SSRS high, PHQ-9 item 9 > 0) and the prescriber's evaluation of each. */
export interface SuicideRiskView {
  readonly treatmentDate: string;
  readonly blocksDosing: boolean;
  readonly message: string;
  readonly awaitingPrescriber: readonly string[];
  readonly signals: ReadonlyArray<{
    readonly measureId: string;
    readonly instrumentId: string;
    readonly observedAt: string;
    readonly describe: string;
    readonly citation: CitationView;
    readonly evaluation: { readonly by: string; readonly at: string; readonly decision: 'may-proceed' | 'do-not-dose'; readonly note: string } | null;
  }>;
}

/** Who is waiting on whom (e.g. the chair waits for a prescriber's evaluation). */
export interface WaitingForView {
  readonly waiting: string;
  readonly waitingOn: string;
  readonly reason: string;
  readonly measureIds: readonly string[];
  readonly message: string;
}

export interface DoseView {
  readonly id: string;
  readonly doseMg: number;
  readonly devices?: number;
  readonly minutesBetweenDevices?: number;
  readonly plannedDurationMin?: number;
  readonly concentrationMgPerMl?: number;
  readonly volumeMl?: number;
  readonly rateMlPerHour?: number;
  readonly rateMgPerMin?: number;
  readonly weightKg?: number;
  readonly lotNumber: string;
  readonly lotExpiry: string;
  /** The lot's NDC in the ledger (doses prepared before lots came from the ledger have none). */
  readonly ndc?: string;
  readonly mgPerKg?: number;
  readonly plannedMgPerKg?: number;
  readonly capMgPerKg?: number;
  /** A prescriber's override of a dose above the protocol cap or the plan. */
  readonly override?: { readonly by: string; readonly at: string; readonly reason: string; readonly reasons: readonly string[]; readonly messages?: readonly string[] };
  readonly preparedAt: string;
  readonly preparedBy: Person | null;
  readonly verification: { readonly required: boolean; readonly verifiedBy: Person | null; readonly verifiedAt: string | null };
}

export interface DeviceStatusView {
  readonly totalDevices: number;
  readonly givenCount: number;
  readonly allGiven: boolean;
  readonly nextDeviceNumber: number | null;
  readonly nextDeviceAllowedAt: string | null;
  readonly canGiveNextDeviceNow: boolean;
  readonly monitoringStartsAt: string | null;
  readonly monitoringEndsAt: string | null;
}

export interface AdministrationView {
  readonly infusionStartedAt: string | null;
  readonly infusionEndedAt: string | null;
  readonly isInfusionRunning: boolean;
  readonly isInfusionPaused: boolean;
  readonly estimatedDeliveredMg: number | null;
  readonly devicesAdministeredAt: readonly string[];
  readonly devices: DeviceStatusView | null;
}

export interface CheckView { readonly id: string; readonly kind?: string; readonly label: string; readonly dueAt: string; readonly status: string; readonly doneAt?: string | null }

export interface EntryView {
  readonly id: string;
  readonly kind: string;
  readonly data: Record<string, unknown>;
  readonly at: string;
  readonly recordedAt: string;
  readonly recordedBy: Person | null;
  readonly correctionOf: string | null;
  readonly correctionReason: string | null;
}
export interface TimelineEntryView extends EntryView {
  readonly isCorrected: boolean;
  readonly corrections: readonly EntryView[];
}

export interface MonitoringAlertView {
  readonly id: string;
  readonly entryId: string;
  readonly code: string;
  readonly severity: string;
  readonly message: string;
  readonly value: number;
  readonly limit: number;
  readonly raisedAt: string;
  readonly acknowledgement: { readonly action: string | null; readonly at: string; readonly by: Person | null } | null;
  /** Every threshold the one reading crossed (one alert per reading). */
  readonly codes?: readonly string[];
  readonly thresholds?: ReadonlyArray<{ readonly id: string; readonly code: string; readonly severity: string; readonly message: string; readonly value: number; readonly limit: number }>;
}

export interface InterventionView { readonly code: string; readonly name?: string; readonly dose?: string; readonly route?: string; readonly at: string; readonly givenBy?: string }
export interface AdverseEventView {
  readonly id: string;
  readonly type: string;
  readonly description?: string;
  readonly severity: 'mild' | 'moderate' | 'severe';
  readonly serious: boolean;
  readonly startedAt: string;
  readonly endedAt: string | null;
  readonly interventions: readonly InterventionView[];
  readonly outcome: string;
}

export type SessionPhase = 'pre-dose' | 'dosing' | 'monitoring' | 'ready-for-discharge' | 'discharged';

export interface TreatmentView {
  readonly session: {
    readonly id: string;
    readonly patient: { readonly id: string; readonly givenName: string; readonly familyName: string; readonly initials: string; readonly mrn: string | null };
    readonly modality: string;
    readonly modalityName: string;
    readonly sessionNumber: number;
    readonly status: string;
    readonly chair: { readonly id: string; readonly name: string } | null;
    readonly startsAt: string;
    readonly endsAt: string;
    readonly plannedDoseMg: number | string | null;
    readonly plannedDurationMin: number | null;
    readonly staff: string | null;
  };
  readonly phase: {
    readonly phase: SessionPhase;
    readonly since: string | null;
    readonly minutesInPhase: number | null;
    readonly dosingStartedAt: string | null;
    readonly monitoringStartedAt: string | null;
    readonly minimumMonitoringEndsAt: string | null;
  };
  readonly checkIn: CheckInView | null;
  readonly checklist: ChecklistView;
  readonly suicideRisk?: SuicideRiskView;
  readonly waitingFor?: WaitingForView | null;
  readonly dose: DoseView | null;
  readonly administration: AdministrationView;
  readonly checks: { readonly next: CheckView | null; readonly minutesUntilNext: number | null; readonly items: readonly CheckView[]; readonly overdue: number };
  readonly timeline: readonly TimelineEntryView[];
  readonly alerts: readonly MonitoringAlertView[];
  readonly adverseEvents: readonly AdverseEventView[];
  readonly discharge: { readonly at: string; readonly by: Person | null; readonly overridden?: boolean; readonly override?: { readonly by: string; readonly reason: string } } | null;
}

export interface DischargeReasonView { readonly code: string; readonly message: string; readonly overridable: boolean; readonly citation: CitationView }
export interface DischargeEvaluation {
  readonly allowed: boolean;
  readonly overridden: boolean;
  readonly earliestAt: string | null;
  readonly reasons: readonly DischargeReasonView[];
  readonly override: { readonly by: string; readonly at: string; readonly reason: string } | null;
  readonly dischargedAt?: string | null;
}

export interface NoteVersionView { readonly version: number; readonly kind: string; readonly body: string; readonly createdAt: string; readonly createdBy: Person }
export interface SessionNoteView {
  readonly composed: string | null;
  readonly latestVersion: number;
  readonly isSigned: boolean;
  readonly draft: NoteVersionView | null;
  /** Something was recorded after the latest draft was saved: the draft may miss it. */
  readonly recordChangedSinceDraft: boolean;
  readonly signed: NoteVersionView | null;
  readonly addenda: readonly NoteVersionView[];
}

export const treatmentKeys = {
  all: (sessionId: string) => ['treatment-day', 'session', sessionId] as const,
  view: (sessionId: string) => ['treatment-day', 'session', sessionId, 'view'] as const,
  discharge: (sessionId: string, clinicallyStable: boolean, ridePresent: boolean) => ['treatment-day', 'session', sessionId, 'discharge', clinicallyStable, ridePresent] as const,
  note: (sessionId: string) => ['treatment-day', 'session', sessionId, 'note'] as const,
};

export function useTreatment(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: treatmentKeys.view(sessionId),
    queryFn: ({ signal }) => api.get<TreatmentView>(`/api/sessions/${sessionId}/treatment`, { signal }),
    // The live channel triggers refetches; this is a safety net should an event be lost.
    refetchInterval: 60_000,
  });
}

/** A lot the session's dose may be prepared from (held in the ledger, or drawn for the session). */
export interface DoseLotView {
  readonly ndc: string;
  readonly lot: string;
  readonly productName: string;
  readonly expiry?: string;
  readonly usableUntil?: string;
  readonly heldMg: string;
  readonly drawnForSession: boolean;
  readonly isExpired: boolean;
}

export function useDoseLots(sessionId: string, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: [...treatmentKeys.all(sessionId), 'dose-lots'] as const,
    queryFn: ({ signal }) => api.get<{ items: DoseLotView[] }>(`/api/sessions/${sessionId}/dose/lots`, { signal }),
    enabled,
  });
}

export function useDischargeEvaluation(sessionId: string, clinicallyStable: boolean, ridePresent: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: treatmentKeys.discharge(sessionId, clinicallyStable, ridePresent),
    queryFn: ({ signal }) => api.get<DischargeEvaluation>(`/api/sessions/${sessionId}/discharge`, { query: { clinicallyStable, ridePresent }, signal }),
    refetchInterval: 30_000,
  });
}

export function useSessionNote(sessionId: string) {
  const api = useApi();
  return useQuery({
    queryKey: treatmentKeys.note(sessionId),
    queryFn: ({ signal }) => api.get<SessionNoteView>(`/api/sessions/${sessionId}/note`, { signal }),
  });
}

/**
 * A write on the session: POST/PUT `path` (relative to /api/sessions/:id) and refetch everything about the session
 * (the view, the discharge evaluation and the note all follow from the record).
 */
export function useSessionWrite<TBody>(sessionId: string, path: string | ((body: TBody) => string), method: 'POST' | 'PUT' = 'POST') {
  const api = useApi();
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: TBody) => {
      const url = `/api/sessions/${sessionId}${typeof path === 'function' ? path(body) : path}`;
      return api.request<unknown>(method, url, { body: stripPathFields(body) });
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: treatmentKeys.all(sessionId) }),
  });
}

/** Fields named `_path…` choose the URL only; they are not sent. */
function stripPathFields(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !key.startsWith('_path')));
}

export { ADVERSE_EVENT_OUTCOMES, ADVERSE_EVENT_SEVERITIES, NAUSEA_LEVELS } from '../../../domain/session/adverse-events';

export function isEsketamine(modality: string): boolean {
  return modality === 'esketamine-nasal';
}
