/** The session screen's clock: times shown and typed on the clinic's wall clock (GET /api/clinic/care-settings). */
import { useMemo } from 'react';
import { useClinicTimeZone } from '../schedule/schedule.api';
import { formatClockTime, fromLocalInputValue, toLocalInputValue } from './session-time';

export interface ClinicClock {
  /** The clinic's IANA time zone (undefined while loading: the browser's zone is used). */
  readonly timeZone: string | undefined;
  /** "14:05" on the clinic's clock. */
  readonly clock: (iso: string) => string;
  /** A datetime-local input's value on the clinic's clock. */
  readonly toInput: (date: Date) => string;
  /** A datetime-local input's value, read on the clinic's clock, as an ISO instant. */
  readonly fromInput: (value: string) => string | undefined;
}

export function useClinicClock(): ClinicClock {
  const timeZone = useClinicTimeZone().data;
  return useMemo(() => ({
    timeZone,
    clock: (iso: string) => formatClockTime(iso, timeZone),
    toInput: (date: Date) => toLocalInputValue(date, timeZone),
    fromInput: (value: string) => fromLocalInputValue(value, timeZone),
  }), [timeZone]);
}
