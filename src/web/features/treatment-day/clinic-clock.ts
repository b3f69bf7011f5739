/** The session screen's clock: times shown and typed on the clinic's wall clock (GET /api/clinic/care-settings). */
import { useMemo } from 'react';
import { formatTime } from '../../components/format';
import { useClinicTimeZone } from '../schedule/schedule.api';
import { formatClockTime, fromLocalInputValue, toLocalInputValue } from './session-time';

export interface ClinicClock {
  /** The clinic's IANA time zone (undefined while loading: the browser's zone is used). */
  readonly timeZone: string | undefined;
  /** "2:05 PM" or "14:05" on the clinic's clock. */
  readonly clock: (iso: string) => string;
  /** A datetime-local input's value on the clinic's clock. */
  readonly toInput: (date: Date) => string;
  /** A datetime-local input's value, read on the clinic's clock, as an ISO instant. */
  readonly fromInput: (value: string) => string | undefined;
}

export function useClinicClock(): ClinicClock {
  const timeZone = useClinicTimeZone().data;
  return useMemo(
    () => ({
      timeZone,
      // The clinic's format (12- or 24-hour, its zone: components/format.ts); the zone-only reading until it loads.
      clock: (iso: string) => (timeZone ? formatTime(iso) : formatClockTime(iso, timeZone)),
      toInput: (date: Date) => toLocalInputValue(date, timeZone),
      fromInput: (value: string) => fromLocalInputValue(value, timeZone),
    }),
    [timeZone],
  );
}
