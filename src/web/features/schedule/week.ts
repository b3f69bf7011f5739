/** The week calendar's date arithmetic, pure: dates are clinic calendar dates as YYYY-MM-DD strings. */
import { clinicFormat, formatTime } from '../../components/format';
import { nowLocalIn } from '../appointments/slots';

/** Calendar arithmetic on YYYY-MM-DD strings (UTC noon, so no time-zone shift can move the day). */
const parse = (date: string) => new Date(`${date}T12:00:00Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A YYYY-MM-DD date, as a page's ?date= or ?week= parameter must be (null when the parameter is absent). */
export function isCalendarDate(value: string | null): value is string {
  return value !== null && /^\d{4}-\d{2}-\d{2}$/.test(value);
}

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

/** Today's date in a time zone, YYYY-MM-DD: the date part of the wall clock there. */
export function todayIn(timeZone: string | undefined, now: Date = new Date()): string {
  return nowLocalIn(timeZone, now).slice(0, 10);
}

/** "2026-11-02" -> "Mon 2 Nov" in the clinic's locale. */
export function formatDay(date: string): string {
  return clinicFormat().shortDay(date);
}

/** A day's opening hours in the clinic's time format: "9:00 AM–5:00 PM" / "09:00–17:00". */
export function openingHours(date: string, hours: { readonly open: string; readonly close: string }): string {
  return `${formatTime(`${date}T${hours.open}`)}–${formatTime(`${date}T${hours.close}`)}`;
}
