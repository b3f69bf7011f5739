/**
 * The day view's arithmetic, pure: which sessions go in which chair's column, in time order; a session's chair time
 * split into treatment and monitoring; which sessions still miss a reminder. Times are the clinic's wall clock as the
 * API gives them (`YYYY-MM-DDTHH:MM`), so no time zone is involved here.
 */
import { clinicFormat } from '../../components/format';
import type { ScheduledSession, ScheduleView } from './schedule.api';

export interface ChairColumn {
  /** The chair's id, or '' for sessions booked without a chair. */
  readonly id: string;
  readonly name: string;
  readonly room: string | null;
  readonly sessions: readonly ScheduledSession[];
}

const byStartThenName = (a: ScheduledSession, b: ScheduledSession) =>
  a.start.localeCompare(b.start) ||
  a.patient.familyName.localeCompare(b.patient.familyName) ||
  a.id.localeCompare(b.id);

/**
 * One column per chair for `date`: every active chair (empty or not) in the clinic's order, an inactive chair only
 * when it still holds a session that day, and a last "No chair" column only when some session has none.
 */
export function chairColumns(view: Pick<ScheduleView, 'chairs' | 'sessions'>, date: string): ChairColumn[] {
  const onDay = view.sessions.filter((s) => s.start.slice(0, 10) === date);
  const inChair = (chairId: string) => onDay.filter((s) => (s.chair?.id ?? '') === chairId).sort(byStartThenName);
  const columns: ChairColumn[] = view.chairs
    .map((chair) => ({
      id: chair.id,
      name: chair.name,
      room: chair.room,
      isActive: chair.isActive,
      sessions: inChair(chair.id),
    }))
    .filter((c) => c.isActive || c.sessions.length > 0)
    .map(({ isActive: _isActive, ...column }) => column);
  const withoutChair = inChair('');
  if (withoutChair.length > 0) columns.push({ id: '', name: 'No chair', room: null, sessions: withoutChair });
  return columns;
}

export interface ChairTime {
  readonly start: string;
  /** When monitoring begins (the treatment's end), or null when the session does not say how long it lasts. */
  readonly monitoringFrom: string | null;
  readonly end: string;
  readonly treatmentMin: number | null;
  readonly monitoringMin: number | null;
}

/** HH:MM plus minutes, on a 24-hour clock. */
export function addMinutes(hhmm: string, minutes: number): string {
  const [h = 0, m = 0] = hhmm.split(':').map(Number);
  const total = (((h * 60 + m + minutes) % 1440) + 1440) % 1440;
  return `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
}

/** The session's chair time: start, when monitoring begins, and the end (which already includes monitoring). */
export function chairTime(
  session: Pick<ScheduledSession, 'start' | 'end'> & Partial<Pick<ScheduledSession, 'durationMin' | 'monitoringMin'>>,
): ChairTime {
  const start = session.start.slice(11, 16);
  const end = session.end.slice(11, 16);
  const treatmentMin = session.durationMin ?? null;
  const monitoringMin = session.monitoringMin ?? null;
  const monitoringFrom =
    treatmentMin !== null
      ? addMinutes(start, treatmentMin)
      : monitoringMin !== null
        ? addMinutes(end, -monitoringMin)
        : null;
  return { start, monitoringFrom, end, treatmentMin, monitoringMin };
}

/** A session whose reminders still matter: booked or under way (a cancelled one or a no-show needs nothing). */
export const isActiveSession = (session: Pick<ScheduledSession, 'status'>) =>
  session.status === 'scheduled' || session.status === 'in-progress';

/** The sessions of the day that are going ahead and still miss at least one reminder. */
export function sessionsMissingReminders(sessions: readonly ScheduledSession[]): ScheduledSession[] {
  return sessions.filter((s) => isActiveSession(s) && s.reminders !== null && !s.reminders.complete);
}

/** "2026-12-03" -> "Thursday 3 December 2026" in the clinic's locale. */
export function formatLongDay(date: string): string {
  return clinicFormat().longDay(date);
}
