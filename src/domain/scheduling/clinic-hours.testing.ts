/** Clinic hours for the scheduling and protocol tests. */
import type { ClinicHours } from './clinic-hours.js';

/** Open Monday to Friday from `open` to `close` (local "HH:MM"); Saturday and Sunday not listed. */
export function weekdayHours(open: string, close: string): ClinicHours {
  return { 1: { open, close }, 2: { open, close }, 3: { open, close }, 4: { open, close }, 5: { open, close } };
}
