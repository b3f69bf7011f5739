/**
 * Treatment plans: the shapes of /api/plans… and /api/patients/:id/plans (src/contract/plans.ts),
 * booking a plan's sessions (/api/plans/:id/book), and the queries on them.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  CreatePlanBodySchema,
  PlanListSchema,
  PlannedSessionSchema,
  PlanSchema,
  PreviewSchema,
  ReviewBodySchema,
} from '../../../contract/plans';
import type { BookPlanResultSchema } from '../../../contract/schedule';
import { useApi } from '../../api/context';
import { scheduleKeys, type ScheduledSession } from '../schedule/schedule.api';

/** POST /api/plans/preview (src/contract/plans.ts PreviewSchema). */
export type PlanPreview = Static<typeof PreviewSchema>;
export type PlannedSession = Static<typeof PlannedSessionSchema>;
/** KAP's preparation and integration sessions, planned around the dosing sessions. */
export type TherapySession = PlanPreview['therapySessions'][number];
export type PlanWarning = PlanPreview['warnings'][number];

/** GET /api/patients/:id/plans, POST /api/plans/:id/sign, … (src/contract/plans.ts PlanSchema). */
export type Plan = Static<typeof PlanSchema>;
export type Booking = NonNullable<Plan['sessions'][number]['booking']>;
export type PlanStatus = Plan['status'];
/** A review a prescriber records before the sessions it holds may be booked (esketamine TRD: end of induction). */
export type ReviewGate = Plan['reviewGates'][number];
export type PlanReview = Plan['reviews'][number];
export type MissedSessionRule = Plan['missedSessions'][number];

export type ReviewInput = Static<typeof ReviewBodySchema>;
export type PlanInput = Static<typeof CreatePlanBodySchema>;

/** POST /api/plans/:id/book (src/contract/schedule.ts BookPlanResultSchema). */
export type BookResult = Static<typeof BookPlanResultSchema>;

export const planKeys = {
  forPatient: (patientId: string) => ['plans', patientId] as const,
};

export function usePatientPlans(patientId: string) {
  const api = useApi();
  return useQuery({
    queryKey: planKeys.forPatient(patientId),
    queryFn: ({ signal }) =>
      api.get<Static<typeof PlanListSchema>>(`/api/patients/${encodeURIComponent(patientId)}/plans`, { signal }),
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
  return usePlanMutation(patientId, (input: PlanInput) =>
    api.post<Plan>(`/api/patients/${encodeURIComponent(patientId)}/plans`, input),
  );
}

export function useSignPlan(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, (planId: string) =>
    api.post<Plan>(`/api/plans/${encodeURIComponent(planId)}/sign`),
  );
}

export function useBookPlan(patientId: string) {
  const api = useApi();
  return usePlanMutation(
    patientId,
    ({ planId, chairId, startTime }: { planId: string; chairId?: string; startTime: string }) =>
      api.post<BookResult>(`/api/plans/${encodeURIComponent(planId)}/book`, {
        startTime,
        ...(chairId ? { chairId } : {}),
      }),
  );
}

export function useDiscontinuePlan(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, ({ planId, reason }: { planId: string; reason: string }) =>
    api.post<Plan>(`/api/plans/${encodeURIComponent(planId)}/discontinue`, { reason }),
  );
}

export function useBookSession(patientId: string) {
  const api = useApi();
  return usePlanMutation(
    patientId,
    ({ planId, number, chairId, start }: { planId: string; number: number; chairId: string; start: string }) =>
      api.post<ScheduledSession>(`/api/plans/${encodeURIComponent(planId)}/sessions/${number}/booking`, {
        chairId,
        start,
      }),
  );
}

export function useRecordReview(patientId: string) {
  const api = useApi();
  return usePlanMutation(patientId, ({ planId, review }: { planId: string; review: ReviewInput }) =>
    api.post<Plan>(`/api/plans/${encodeURIComponent(planId)}/reviews`, review),
  );
}
