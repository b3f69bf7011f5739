/**
 * Ledger times are written with the clinic's UTC offset ("2026-11-02T10:00:00-05:00"): the calendar date in the
 * string is the record date, the expiry-check date and the report date (see src/domain/inventory/README.md).
 */
import { instantWithOffset, isTimeZone } from '../clinics/clinic-time.js';

/** An instant as the clinic's local date-time with its offset, to the second (UTC when the zone is unknown). */
export function clinicInstant(at: Date, timeZone: string): string {
  return instantWithOffset(at, isTimeZone(timeZone) ? timeZone : 'UTC');
}

/** "2026-11-02 10:00 (UTC-05:00)": for printed reports. */
export function clinicTimestampText(at: Date, timeZone: string): string {
  const text = clinicInstant(at, timeZone);
  return `${text.slice(0, 10)} ${text.slice(11, 16)} (UTC${text.slice(19)}, ${timeZone})`;
}
