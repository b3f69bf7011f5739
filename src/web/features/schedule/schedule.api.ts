/**
 * Scheduling: the shapes of /api/schedule, /api/chairs and /api/clinic/care-settings
 * (src/server/modules/scheduling/scheduling.routes.ts) and the queries on them. Times are the clinic's wall clock:
 * `start`/`end` are local YYYY-MM-DDTHH:MM, `startsAt`/`endsAt` the same instants in UTC.
 */
import { keepPreviousData, queryOptions, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { CareSettingsSchema } from '../../../contract/clinic';
import type {
  CalendarSchema,
  CancelBodySchema,
  ChairListSchema,
  ConfirmBodySchema,
  NoShowBodySchema,
  RescheduleBodySchema,
  SessionDetailSchema,
  SessionSchema,
} from '../../../contract/schedule';
import { CONFIRMABLE_REQUIREMENTS, type ConfirmableRequirement } from '../../../domain/scheduling/session-codes';
import type { ApiClient } from '../../api/client';
import { useApi } from '../../api/context';

/** A session as the calendar lists it (src/contract/schedule.ts SessionSchema). */
export type ScheduledSession = Static<typeof SessionSchema>;

/** GET /api/schedule */
export type ScheduleView = Static<typeof CalendarSchema>;
export type Chair = ScheduleView['chairs'][number];
export type Shift = ScheduleView['shifts'][number];

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
    queryFn: ({ signal }) =>
      api.get<ScheduleView>('/api/schedule', {
        query: { from, to, ...(includeCancelled ? { includeCancelled: true } : {}), ...(staffId ? { staffId } : {}) },
        signal,
      }),
    placeholderData: keepPreviousData,
  });
}

export function useChairs(enabled = true) {
  const api = useApi();
  return useQuery({
    queryKey: scheduleKeys.chairs,
    queryFn: ({ signal }) => api.get<Static<typeof ChairListSchema>>('/api/chairs', { signal }),
    enabled,
  });
}

/** GET /api/clinic/care-settings (src/contract/clinic.ts). */
export type CareSettings = Static<typeof CareSettingsSchema>;

/** The one query both hooks below read: they share its cache entry, so it is fetched once for both. */
function careSettingsQuery(api: ApiClient) {
  return queryOptions({
    queryKey: scheduleKeys.careSettings,
    queryFn: ({ signal }) => api.get<CareSettings>('/api/clinic/care-settings', { signal }),
    staleTime: 10 * 60_000,
  });
}

export function useCareSettings() {
  return useQuery(careSettingsQuery(useApi()));
}

/** The clinic's time zone: "today" on the calendar is the clinic's date, not the browser's. */
export function useClinicTimeZone() {
  return useQuery({ ...careSettingsQuery(useApi()), select: (settings) => settings.timeZone });
}

/** One pre-session reminder and whether it is confirmed. */
export type ReminderItem = NonNullable<ScheduledSession['reminders']>['items'][number];

/** GET /api/sessions/:id */
export type SessionDetail = Static<typeof SessionDetailSchema>;

/** The server's cancellation reasons (src/domain/scheduling/session-codes.ts). */
export { CANCEL_REASONS, type CancelReason } from '../../../domain/scheduling/session-codes';

/** Whether staff confirm this reminder by hand (consent comes from the signature). */
export function isConfirmableReminder(code: string): code is ConfirmableRequirement {
  return (CONFIRMABLE_REQUIREMENTS as readonly string[]).includes(code);
}

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
  return useSessionMutation(sessionId, (body: Static<typeof CancelBodySchema>) =>
    api.post(`/api/sessions/${encodeURIComponent(sessionId)}/cancel`, body),
  );
}

export function useRescheduleSession(sessionId: string) {
  const api = useApi();
  return useSessionMutation(sessionId, (body: Static<typeof RescheduleBodySchema>) =>
    api.post(`/api/sessions/${encodeURIComponent(sessionId)}/reschedule`, body),
  );
}

export function useRecordNoShow(sessionId: string) {
  const api = useApi();
  return useSessionMutation(sessionId, (body: Static<typeof NoShowBodySchema>) =>
    api.post(`/api/sessions/${encodeURIComponent(sessionId)}/no-show`, body),
  );
}

export function useConfirmReminder(sessionId: string) {
  const api = useApi();
  return useSessionMutation(sessionId, (body: Static<typeof ConfirmBodySchema>) =>
    api.post(`/api/sessions/${encodeURIComponent(sessionId)}/confirmations`, body),
  );
}
