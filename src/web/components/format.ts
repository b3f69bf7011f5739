/**
 * Formatting for display: one date and time format per clinic (issue 14). Every page shows dates and times in the
 * clinic's locale, on the clinic's wall clock (its time zone) and with the clock the clinic chose (12- or 24-hour),
 * as GET /api/auth/me reports them (`clinic.locale`, `clinic.timeZone`, `clinic.hourCycle`).
 *
 * Two kinds of value reach the pages:
 * - instants ("2026-12-05T14:00:00.000Z", or with an offset): shown on the clinic's wall clock;
 * - clinic wall-clock readings without an offset ("2026-12-05T09:00", the scheduling API's local times) and calendar
 *   dates ("1984-03-12"): shown as they are, never shifted by any time zone.
 *
 * The session sets the clinic's format once it is loaded (`useClinicDisplay` in features/auth/session.tsx); pages
 * are drawn after that, and the questionnaire and self-intake pages (no session) use the default.
 */
import type { Static } from 'typebox';
import type { HourCycleSchema } from '../../contract/clinic';

/** 12- or 24-hour clock (src/contract/clinic.ts HourCycleSchema). */
export type HourCycle = Static<typeof HourCycleSchema>;

export interface ClinicDisplay {
  readonly locale: string;
  readonly timeZone: string;
  readonly hourCycle: HourCycle;
}

export interface Formatter {
  readonly display: ClinicDisplay;
  /** "1984-03-12" -> "Mar 12, 1984" / "12 Mar 1984"; an instant -> its date on the clinic's wall clock. */
  date(value: string): string;
  /** An instant or a wall-clock reading -> "9:42 PM" / "21:42". */
  time(value: string): string;
  /** An instant or a wall-clock reading -> "Dec 5, 2026, 9:42 PM" / "5 Dec 2026, 21:42". */
  dateTime(value: string): string;
  /** "Dec 5, 2026, 9:00 – 10:40 AM" for two readings of one day; two date-times otherwise. */
  timeRange(start: string, end: string): string;
  /** "2026-12-03" -> "Thursday, December 3, 2026". */
  longDay(date: string): string;
  /** "2026-11-02" -> "Mon, Nov 2". */
  shortDay(date: string): string;
  /** "2026-11-02" -> "Nov 2" (chart axes). */
  dayMonth(value: string): string;
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/;

/** A value as the instant to format and the zone to read it in: wall-clock readings are read in UTC, unshifted. */
function parse(value: string, timeZone: string): { date: Date; zone: string } | undefined {
  const calendar = CALENDAR_DATE.exec(value);
  if (calendar)
    return {
      date: new Date(Date.UTC(Number(calendar[1]), Number(calendar[2]) - 1, Number(calendar[3]), 12)),
      zone: 'UTC',
    };
  const wall = WALL_CLOCK.exec(value);
  if (wall) {
    const [, y, mo, d, h, mi, s] = wall;
    return {
      date: new Date(Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s ?? 0))),
      zone: 'UTC',
    };
  }
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : { date, zone: timeZone };
}

export function createFormatter(display: ClinicDisplay): Formatter {
  const cache = new Map<string, Intl.DateTimeFormat>();
  const formatOf = (zone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat => {
    const key = `${zone}|${JSON.stringify(options)}`;
    let format = cache.get(key);
    if (!format) {
      // hourCycle, not hour12: 'h23' shows midnight as 00:00 in every locale (hour12: false can give 24:00).
      // A 24-hour clock reads 09:00, not 9:00 (en-GB and de-DE would drop the zero for a "numeric" hour).
      const hours =
        options.hour !== undefined || options.timeStyle !== undefined
          ? {
              hourCycle: display.hourCycle,
              ...(display.hourCycle === 'h23' && options.hour === 'numeric' ? { hour: '2-digit' as const } : {}),
            }
          : {};
      format = new Intl.DateTimeFormat(display.locale, { ...options, ...hours, timeZone: zone });
      cache.set(key, format);
    }
    return format;
  };
  const apply = (value: string, options: Intl.DateTimeFormatOptions): string => {
    const parsed = parse(value, display.timeZone);
    return parsed ? formatOf(parsed.zone, options).format(parsed.date) : value;
  };
  const DATE: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
  const TIME: Intl.DateTimeFormatOptions = { hour: 'numeric', minute: '2-digit' };
  return {
    display,
    date: (value) => apply(value, DATE),
    time: (value) => apply(value, TIME),
    dateTime: (value) => apply(value, { ...DATE, ...TIME }),
    timeRange(start, end) {
      const a = parse(start, display.timeZone);
      const b = parse(end, display.timeZone);
      if (!a || !b || a.zone !== b.zone)
        return `${apply(start, { ...DATE, ...TIME })} – ${apply(end, { ...DATE, ...TIME })}`;
      return formatOf(a.zone, { ...DATE, ...TIME }).formatRange(a.date, b.date);
    },
    longDay: (date) => apply(date, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
    shortDay: (date) => apply(date, { weekday: 'short', month: 'short', day: 'numeric' }),
    dayMonth: (value) => apply(value, { month: 'short', day: 'numeric' }),
  };
}

/** Until the session says otherwise: US English on the browser's own zone and a 12-hour clock. */
export const DEFAULT_DISPLAY: ClinicDisplay = {
  locale: 'en-US',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  hourCycle: 'h12',
};

let current: Formatter = createFormatter(DEFAULT_DISPLAY);

/** Sets the clinic's format for every page (called with the session; a bad locale or zone keeps the default). */
export function setClinicDisplay(display: Partial<ClinicDisplay> | undefined): void {
  const next: ClinicDisplay = {
    locale: display?.locale ?? DEFAULT_DISPLAY.locale,
    timeZone: display?.timeZone ?? DEFAULT_DISPLAY.timeZone,
    hourCycle: display?.hourCycle === 'h23' ? 'h23' : 'h12',
  };
  try {
    current = createFormatter(next);
    current.dateTime('2026-01-01T00:00:00Z');
  } catch {
    current = createFormatter(DEFAULT_DISPLAY);
  }
}

/** The clinic's formatter. */
export function clinicFormat(): Formatter {
  return current;
}

/** "1984-03-12" -> "Mar 12, 1984" in the clinic's locale (a calendar date: never shifted by a time zone). */
export function formatCalendarDate(isoDate: string): string {
  return current.date(isoDate);
}

/** An instant on the clinic's wall clock, or a wall-clock reading as it is, in the clinic's format. */
export function formatDateTime(value: string): string {
  return current.dateTime(value);
}

/** "9:42 PM" / "21:42". */
export function formatTime(value: string): string {
  return current.time(value);
}

/** "Dec 5, 2026, 9:00 – 10:40 AM". */
export function formatTimeRange(start: string, end: string): string {
  return current.timeRange(start, end);
}

/** Whole years between a date of birth and `today` (a YYYY-MM-DD string). */
export function ageOn(dateOfBirth: string, today: string): number | undefined {
  const birth = CALENDAR_DATE.exec(dateOfBirth);
  const now = CALENDAR_DATE.exec(today);
  if (!birth || !now) return undefined;
  const [by, bm, bd] = [Number(birth[1]), Number(birth[2]), Number(birth[3])];
  const [ny, nm, nd] = [Number(now[1]), Number(now[2]), Number(now[3])];
  let age = ny - by;
  if (nm < bm || (nm === bm && nd < bd)) age -= 1;
  return age;
}

/** Today's calendar date in the browser's time zone, as YYYY-MM-DD. */
export function todayIsoDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** A count with its noun, singular for one: countOf(1, 'session', 'sessions') -> "1 session"; 3 -> "3 sessions". */
export function countOf(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count} ${many}`;
}
