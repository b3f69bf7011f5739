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

/** Calendar arithmetic on YYYY-MM-DD strings (UTC noon, so no time-zone shift can move the day). */
const parse = (date: string) => new Date(`${date}T12:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
}

/** The Monday of the week holding `date`. */
export function mondayOf(date: string): string {
  const weekday = parse(date).getUTCDay(); // 0 Sunday
  return addDays(date, weekday === 0 ? -6 : 1 - weekday);
}

/** Today's date in a time zone, YYYY-MM-DD. */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${get('year')}-${get('month')}-${get('day')}`;
  } catch {
    return iso(now);
  }
}

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
/** "2026-11-02" -> "Mon 2 Nov" in the browser's locale. */
export function formatDay(date: string): string {
  return dayFormat.format(parse(date));
}
