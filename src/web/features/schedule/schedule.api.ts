/**
 * Scheduling: the shapes of /api/schedule, /api/chairs and /api/clinic/care-settings
 * (src/server/modules/scheduling/scheduling.routes.ts) and the queries on them. Times are the clinic's wall clock:
 * `start`/`end` are local YYYY-MM-DDTHH:MM, `startsAt`/`endsAt` the same instants in UTC.
 */
import { useQuery } from '@tanstack/react-query';
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
  readonly chair: { readonly id: string; readonly name: string } | null;
  readonly staff: { readonly id: string; readonly displayName: string } | null;
  readonly start: string;
  readonly end: string;
  readonly status: string;
  readonly reminders: { readonly complete: boolean; readonly missing: readonly string[] } | null;
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

export function useSchedule(from: string, to: string) {
  const api = useApi();
  return useQuery({
    queryKey: scheduleKeys.range(from, to),
    queryFn: ({ signal }) => api.get<ScheduleView>('/api/schedule', { query: { from, to }, signal }),
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

/** The clinic's time zone (and hours): "today" on the calendar is the clinic's date, not the browser's. */
export function useClinicTimeZone() {
  const api = useApi();
  return useQuery({
    queryKey: scheduleKeys.careSettings,
    queryFn: ({ signal }) => api.get<{ timeZone: string }>('/api/clinic/care-settings', { signal }),
    staleTime: 10 * 60_000,
    select: (settings) => settings.timeZone,
  });
}
