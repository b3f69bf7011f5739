/**
 * Scheduling: the shapes of /api/schedule, /api/chairs and /api/clinic/care-settings
 * (src/server/modules/scheduling/scheduling.routes.ts) and the queries on them. Times are the clinic's wall clock:
 * `start`/`end` are local YYYY-MM-DDTHH:MM, `startsAt`/`endsAt` the same instants in UTC.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useApi } from '../../api/context';

export interface ScheduledSession {
  readonly id: string;
  readonly patientId: string;
  readonly patient: { readonly id: string; readonly givenName: string; readonly familyName: string; readonly mrn: string };
  readonly planId: string | null;
  readonly protocolId: string | null;
  readonly modality: string;
  readonly sessionNumber: number | null;
  readonly doseMg: number | null;
  /** Treatment minutes and the monitoring after them; `end` is `start` plus both (the chair is held throughout). */
  readonly durationMin?: number | null;
  readonly monitoringMin?: number | null;
  readonly chair: { readonly id: string; readonly name: string } | null;
  readonly staff: { readonly id: string; readonly displayName: string } | null;
  readonly start: string;
  readonly end: string;
  readonly status: string;
  readonly reminders: { readonly complete: boolean; readonly items?: readonly ReminderItem[]; readonly missing: readonly string[] } | null;
}

export interface Chair { readonly id: string; readonly name: string; readonly room: string | null; readonly isActive: boolean }

export interface Shift { readonly id: string; readonly userId: string; readonly displayName?: string; readonly role?: string; readonly start: string; readonly end: string; readonly note: string | null }

export interface ScheduleView {
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly days: ReadonlyArray<{ readonly date: string; readonly weekday: string; readonly hours: { readonly open: string; readonly close: string } | null }>;
  readonly chairs: readonly Chair[];
  readonly staff: ReadonlyArray<{ readonly id: string; readonly displayName: string; readonly role: string }>;
  readonly shifts: readonly Shift[];
  readonly sessions: readonly ScheduledSession[];
}

export const scheduleKeys = {
  all: ['schedule'] as const,
  range: (from: string, to: string) => ['schedule', from, to] as const,
  chairs: ['chairs'] as const,
  careSettings: ['care-settings'] as const,
};

export function useSchedule(from: string, to: string, filters: { includeCancelled?: boolean; staffId?: string } = {}) {
  const api = useApi();
  const { includeCancelled = false, staffId } = filters;
  return useQuery({
    queryKey: [...scheduleKeys.range(from, to), includeCancelled, staffId ?? ''],
    queryFn: ({ signal }) => api.get<ScheduleView>('/api/schedule', {
      query: { from, to, ...(includeCancelled ? { includeCancelled: true } : {}), ...(staffId ? { staffId } : {}) }, signal,
    }),
    placeholderData: keepPreviousData,
  });
}

export function useChairs(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: scheduleKeys.chairs,
    queryFn: ({ signal }) => api.get<{ items: Chair[] }>('/api/chairs', { signal }),
    enabled,
  });
}

export interface CareSettings { readonly timeZone: string; readonly dosingWeightBasis: string }

/** GET /api/clinic/care-settings (the parts the app uses). */
export function useCareSettings() {
  const api = useApi();
  return useQuery({
    queryKey: scheduleKeys.careSettings,
    queryFn: ({ signal }) => api.get<CareSettings>('/api/clinic/care-settings', { signal }),
    staleTime: 10 * 60_000,
  });
}

/** The clinic's time zone: "today" on the calendar is the clinic's date, not the browser's. */
export function useClinicTimeZone() {
  const api = useApi();
  return useQuery({
    queryKey: scheduleKeys.careSettings,
    queryFn: ({ signal }) => api.get<CareSettings>('/api/clinic/care-settings', { signal }),
    staleTime: 10 * 60_000,
    select: (settings) => settings.timeZone,
  });
}

export interface ReminderItem {
  readonly code: string;
  readonly label: string;
  readonly instructions: string;
  readonly status: 'confirmed' | 'missing';
  readonly automatic: boolean;
  readonly confirmedAt: string | null;
  readonly confirmedBy: string | null;
}

/** GET /api/sessions/:id */
export interface SessionDetail extends Omit<ScheduledSession, 'reminders'> {
  readonly phase: string | null;
  readonly route: string | null;
  readonly cancelReasonCode: string | null;
  readonly cancelNote: string | null;
  readonly noShowNote: string | null;
  readonly reminders: { readonly complete: boolean; readonly items: readonly ReminderItem[]; readonly missing: readonly string[] } | null;
  readonly history: ReadonlyArray<{ readonly kind: string; readonly at: string; readonly by: { readonly displayName: string } | null }>;
}

/** The server's cancellation reasons (scheduling.service.ts CANCEL_REASONS). */
export const CANCEL_REASONS = [
  'no-ride-home', 'not-fasting', 'patient-request', 'patient-unwell', 'blood-pressure', 'clinic-closure', 'staff-unavailable', 'plan-discontinued', 'other',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** Reminders staff confirm by hand (consent comes from the signature). */
export const CONFIRMABLE_REMINDERS: readonly string[] = ['ride-home', 'fasting', 'nasal-medication-timing', 'rems-enrolled'];

export function useSessionDetail(sessionId: string | undefined) {
  const api = useApi();
  return useQuery({
    queryKey: ['sessions', sessionId ?? ''],
    queryFn: ({ signal }) => api.get<SessionDetail>(`/api/sessions/${encodeURIComponent(sessionId ?? '')}`, { signal }),
    enabled: Boolean(sessionId),
  });
}

/** A change to one session refreshes it, the calendar and the plans that show its booking. */
function useSessionMutation<T>(sessionId: string, call: (input: T) => Promise<unknown>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['sessions', sessionId] });
      void queryClient.invalidateQueries({ queryKey: scheduleKeys.all });
      void queryClient.invalidateQueries({ queryKey: ['plans'] });
    },
  });
}

export function useCancelSession(sessionId: string) {
  const api = useApi();
  return useSessionMutation(sessionId, (body: { reasonCode: CancelReason; note?: string }) => api.post(`/api/sessions/${encodeURIComponent(sessionId)}/cancel`, body));
}

export function useRescheduleSession(sessionId: string) {
  const api = useApi();
  return useSessionMutation(sessionId, (body: { start: string; chairId?: string; reason: string }) => api.post(`/api/sessions/${encodeURIComponent(sessionId)}/reschedule`, body));
}

export function useRecordNoShow(sessionId: string) {
  const api = useApi();
  return useSessionMutation(sessionId, (body: { note?: string }) => api.post(`/api/sessions/${encodeURIComponent(sessionId)}/no-show`, body));
}

export function useConfirmReminder(sessionId: string) {
  const api = useApi();
  return useSessionMutation(sessionId, (body: { code: string; note?: string }) => api.post(`/api/sessions/${encodeURIComponent(sessionId)}/confirmations`, body));
}
