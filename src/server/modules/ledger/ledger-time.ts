/**
 * Ledger times are written with the clinic's UTC offset ("2026-11-02T10:00:00-05:00"): the calendar date in the
 * string is the record date, the expiry-check date and the report date (see src/domain/inventory/README.md).
 */

function formatter(timeZone: string): Intl.DateTimeFormat {
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone });
  } catch {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' });
  }
}

/** An instant as the clinic's local date-time with its offset, to the second. */
export function clinicInstant(at: Date, timeZone: string): string {
  const parts = formatter(timeZone).formatToParts(at);
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? '';
  const zone = get('timeZoneName'); // "GMT-05:00", or "GMT" at UTC
  const offset = zone === 'GMT' || zone === 'UTC' || zone === '' ? '+00:00' : zone.replace(/^GMT/, '');
  return `${get('year')}-${get('month')}-${get('day')}T${get('hour')}:${get('minute')}:${get('second')}${offset}`;
}

/** "2026-11-02 10:00 (UTC-05:00)": for printed reports. */
export function clinicTimestampText(at: Date, timeZone: string): string {
  const text = clinicInstant(at, timeZone);
  return `${text.slice(0, 10)} ${text.slice(11, 16)} (UTC${text.slice(19)}, ${timeZone})`;
}
