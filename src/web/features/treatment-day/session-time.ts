/** Time on the session screen: countdowns, clock times and the browser's datetime-local inputs. Pure (time passed in). */

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
  return ms > 0 ? { text: `due in ${minutes} min`, isOverdue: false } : { text: `overdue by ${minutes} min`, isOverdue: true };
}

/** "14:05" in the browser's time zone. */
export function formatClockTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A Date as the value of an <input type="datetime-local"> (the browser's local time, to the minute). */
export function toLocalInputValue(date: Date): string {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** The value of an <input type="datetime-local"> as an ISO instant, or undefined when empty or unreadable. */
export function fromLocalInputValue(value: string): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A number typed into an input, or undefined when blank or not a number. */
export function numberOrUndefined(value: string | number | undefined | null): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? n : undefined;
}
