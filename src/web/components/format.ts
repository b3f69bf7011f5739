/** Formatting for display. Dates of birth are calendar dates (YYYY-MM-DD): never shifted by a time zone. */

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function parseCalendarDate(isoDate: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) return undefined;
  return new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
}

/** "1984-03-12" -> "12 Mar 1984" (in the browser's locale). */
export function formatCalendarDate(isoDate: string): string {
  const date = parseCalendarDate(isoDate);
  return date ? dateFormat.format(date) : isoDate;
}

/** An ISO timestamp in the browser's locale and time zone. */
export function formatDateTime(isoTimestamp: string): string {
  const date = new Date(isoTimestamp);
  return Number.isNaN(date.getTime()) ? isoTimestamp : dateTimeFormat.format(date);
}

/** Whole years between a date of birth and `today` (a YYYY-MM-DD string). */
export function ageOn(dateOfBirth: string, today: string): number | undefined {
  const birth = parseCalendarDate(dateOfBirth);
  const now = parseCalendarDate(today);
  if (!birth || !now) return undefined;
  let age = now.getUTCFullYear() - birth.getUTCFullYear();
  const beforeBirthday = now.getUTCMonth() < birth.getUTCMonth()
    || (now.getUTCMonth() === birth.getUTCMonth() && now.getUTCDate() < birth.getUTCDate());
  if (beforeBirthday) age -= 1;
  return age;
}

/** Today's calendar date in the browser's time zone, as YYYY-MM-DD. */
export function todayIsoDate(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
