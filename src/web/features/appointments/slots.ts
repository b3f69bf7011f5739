/** Free-slot arithmetic for booking from the calendar, pure: times are the clinic's wall clock ('YYYY-MM-DDTHH:MM'). */

const minuteOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const hhmm = (minute: number) =>
  `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;

/**
 * The first quarter hour on `date`, from `notBefore` (HH:MM, e.g. now on today) or opening, at which a booking of
 * `durationMin` fits before closing without overlapping any of `busy` (local start/end); null when none does.
 */
export function firstFreeStart(
  date: string,
  hours: { readonly open: string; readonly close: string } | null,
  busy: ReadonlyArray<{ readonly start: string; readonly end: string }>,
  durationMin: number,
  notBefore?: string,
): string | null {
  if (!hours) return null;
  const open = Math.max(minuteOf(hours.open), notBefore ? Math.ceil(minuteOf(notBefore) / 15) * 15 : 0);
  const close = minuteOf(hours.close);
  const ranges = busy
    .filter((b) => b.start.slice(0, 10) <= date && b.end.slice(0, 10) >= date)
    .map((b) => ({
      from: b.start.slice(0, 10) < date ? 0 : minuteOf(b.start.slice(11, 16)),
      to: b.end.slice(0, 10) > date ? 1440 : minuteOf(b.end.slice(11, 16)),
    }));
  for (let start = open; start + durationMin <= close; start += 15) {
    if (!ranges.some((r) => r.from < start + durationMin && r.to > start)) return `${date}T${hhmm(start)}`;
  }
  return null;
}

/** The wall clock in a time zone now, 'YYYY-MM-DDTHH:MM'. */
export function nowLocalIn(timeZone: string | undefined, now: Date = new Date()): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(now);
    const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
    return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}`;
  } catch {
    return now.toISOString().slice(0, 16);
  }
}
