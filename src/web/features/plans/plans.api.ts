/**
 * Treatment plans: the shapes of /api/plans… and /api/patients/:id/plans (src/contract/plans.ts),
 * booking a plan's sessions (/api/plans/:id/book), and the queries on them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';
import type { UserRef } from '../intake/intake.api';
import type { ProtocolId } from '../intake/care-codes';
import { scheduleKeys, type ScheduledSession } from '../schedule/schedule.api';

export interface PlannedSession {
  readonly number: number;
  readonly date: string;
  readonly week: number;
  readonly phase: string;
  readonly doseMg: number;
  readonly route: string;
  readonly durationMin: number;
  readonly monitoringMin: number;
}

/** KAP's preparation and integration sessions, planned around the dosing sessions. */
export interface TherapySession { readonly date: string; readonly kind: string; readonly afterSession?: number }

export interface PlanWarning { readonly code: string; readonly message: string; readonly sessionNumber?: number }

export interface PlanPreview {
  readonly protocolId: string;
  readonly protocolVersion: string;
  readonly modality: string;
  readonly sessions: readonly PlannedSession[];
  readonly therapySessions: readonly TherapySession[];
  readonly warnings: readonly PlanWarning[];
  readonly sources: ReadonlyArray<{ readonly source: string; readonly detail?: string; readonly url?: string }>;
}

export interface Booking {
  readonly sessionId: string;
  readonly status: string;
  readonly start: string;
  readonly end: string;
  readonly chairId: string | null;
  readonly chairName: string | null;
}

export type PlanStatus = 'draft' | 'active' | 'completed' | 'discontinued';

type Source = { readonly source: string; readonly detail?: string; readonly url?: string };

/** A review a prescriber records before the sessions it holds may be booked (esketamine TRD: end of induction). */
export interface ReviewGate {
  readonly code: 'end-of-induction';
  readonly title: string;
  readonly instructions: string;
  readonly source: Source;
  readonly afterSessionNumber: number;
  readonly dueFrom: string;
  readonly holdsSessions: readonly number[];
  readonly status: 'pending' | 'open' | 'stopped';
}

export interface PlanReview {
  readonly id: string;
  readonly code: string;
  readonly benefit: 'response' | 'partial-response' | 'no-benefit';
  readonly decision: 'continue' | 'stop';
  readonly note: string | null;
  readonly recordedAt: string;
  readonly recordedBy: UserRef | null;
}

export interface MissedSessionRule { readonly phase: string; readonly rule: string; readonly source: Source }

export interface ReviewInput {
  readonly code: 'end-of-induction';
  readonly benefit: PlanReview['benefit'];
  readonly decision: PlanReview['decision'];
  readonly note?: string;
}

export interface Plan {
  readonly id: string;
  readonly patientId: string;
  readonly modality: string;
  readonly protocolId: string;
  readonly protocolVersion: string;
  readonly protocolTitle: string;
  readonly startDate: string;
  readonly weightKg: number | null;
  readonly weightExplanation: string | null;
  readonly status: PlanStatus;
  readonly sessions: ReadonlyArray<PlannedSession & { readonly booking: Booking | null; readonly cancelledOrMissed: number; readonly heldForReview: string | null }>;
  readonly therapySessions: readonly TherapySession[];
  readonly warnings: readonly PlanWarning[];
  readonly createdAt: string;
  readonly createdBy: UserRef | null;
  readonly signedAt: string | null;
  readonly signedBy: UserRef | null;
  readonly discontinuedAt: string | null;
  readonly discontinuedBy: UserRef | null;
  readonly discontinueReason: string | null;
  readonly bookedSessions: number;
  readonly reviewGates: readonly ReviewGate[];
  readonly reviews: readonly PlanReview[];
  readonly missedSessions: readonly MissedSessionRule[];
  readonly missedSessionAdvice: ReadonlyArray<MissedSessionRule & { readonly sessions: readonly number[] }>;
}

export interface PlanInput {
  readonly protocol: ProtocolId;
  readonly startDate: string;
  readonly weightKg?: number;
}

export interface BookResult {
  readonly booked: readonly ScheduledSession[];
  readonly unplaced: ReadonlyArray<{ readonly number: number; readonly date: string; readonly reason: string; readonly message: string }>;
}

export const planKeys = {
  forPatient: (patientId: string) => ['plans', patientId] as const,
};

export function usePatientPlans(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: planKeys.forPatient(patientId),
    queryFn: ({ signal }) => api.get<{ items: Plan[] }>(`/api/patients/${encodeURIComponent(patientId)}/plans`, { signal }),
  });
}

export function usePreviewPlan() {
  const api = useApi();
  return useMutation({ mutationFn: (input: PlanInput) => api.post<PlanPreview>('/api/plans/preview', input) });
}

/** Every plan change refreshes the patient's plans and the calendar. */
function usePlanMutation<T, R>(patientId: string, call: (input: T) => Promise<R>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: planKeys.forPatient(patientId) });
      void queryClient.invalidateQueries({ queryKey: scheduleKeys.all });
    },
  });
}

export function useCreatePlan(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, (input: PlanInput) => api.post<Plan>(`/api/patients/${encodeURIComponent(patientId)}/plans`, input));
}

export function useSignPlan(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, (planId: string) => api.post<Plan>(`/api/plans/${encodeURIComponent(planId)}/sign`));
}

export function useBookPlan(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, ({ planId, chairId, startTime }: { planId: string; chairId?: string; startTime: string }) =>
    api.post<BookResult>(`/api/plans/${encodeURIComponent(planId)}/book`, { startTime, ...(chairId ? { chairId } : {}) }));
}

export function useDiscontinuePlan(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, ({ planId, reason }: { planId: string; reason: string }) =>
    api.post<Plan>(`/api/plans/${encodeURIComponent(planId)}/discontinue`, { reason }));
}

export function useBookSession(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, ({ planId, number, chairId, start }: { planId: string; number: number; chairId: string; start: string }) =>
    api.post<ScheduledSession>(`/api/plans/${encodeURIComponent(planId)}/sessions/${number}/booking`, { chairId, start }));
}

export function useRecordReview(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, ({ planId, review }: { planId: string; review: ReviewInput }) =>
    api.post<Plan>(`/api/plans/${encodeURIComponent(planId)}/reviews`, review));
}
