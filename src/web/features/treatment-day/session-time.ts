/**
 * Time on the session screen: countdowns, clock times and the datetime-local inputs, read and shown on the clinic's
 * wall clock (its time zone), as the server's own messages are. Pure (time and zone passed in).
 */
import { wallClockIn, type WallClock } from '../../../domain/session/time';

const pad = (n: number) => String(n).padStart(2, '0');

/** "4:59", "1:02:03": the time left until `target`, never negative (0:00 once reached). */
export function formatCountdown(targetIso: string, now: number): string {
  const ms = Math.max(0, new Date(targetIso).getTime() - now);
  const total = Math.ceil(ms / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** "due in 4 min", "due now", "overdue by 7 min" for a check due at `dueIso`. */
export function describeCheckDue(dueIso: string, now: number): { text: string; isOverdue: boolean } {
  const ms = new Date(dueIso).getTime() - now;
  const minutes = Math.round(Math.abs(ms) / 60_000);
  if (minutes === 0) return { text: 'due now', isOverdue: ms < 0 };
  return ms > 0
    ? { text: `due in ${minutes} min`, isOverdue: false }
    : { text: `overdue by ${minutes} min`, isOverdue: true };
}

/** The wall-clock reading of an instant in `timeZone` (the browser's zone when undefined). */
function wallClock(date: Date, timeZone: string | undefined): WallClock {
  return wallClockIn(date, timeZone ?? new Intl.DateTimeFormat().resolvedOptions().timeZone);
}

/** "14:05": the clinic's wall clock (`timeZone`), or the browser's when no zone is given. */
export function formatClockTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const w = wallClock(d, timeZone);
  return `${pad(w.h)}:${pad(w.mi)}`;
}

/** A Date as the value of an <input type="datetime-local">, on the wall clock of `timeZone` (to the minute). */
export function toLocalInputValue(date: Date, timeZone?: string): string {
  const w = wallClock(date, timeZone);
  return `${w.y}-${pad(w.mo)}-${pad(w.d)}T${pad(w.h)}:${pad(w.mi)}`;
}

/**
 * The value of an <input type="datetime-local">, read on the wall clock of `timeZone`, as an ISO instant; undefined
 * when empty or unreadable. (Twice round: the zone's offset at the guess, then at the corrected instant.)
 */
export function fromLocalInputValue(value: string, timeZone?: string): string | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value);
  if (!match) return undefined;
  const wall = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]), Number(match[4]), Number(match[5]));
  if (Number.isNaN(wall)) return undefined;
  let instant = wall;
  for (let i = 0; i < 2; i++) {
    const w = wallClock(new Date(instant), timeZone);
    instant = wall - (Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s) - instant);
  }
  return new Date(instant).toISOString();
}

/** A number typed into an input, or undefined when blank or not a number. */
export function numberOrUndefined(value: string | number | undefined | null): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}
