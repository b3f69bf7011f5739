import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { checkDate } from '../session/time.js';

/**
 * Whether an esketamine session has ended for the SPRAVATO REMS, and when (issue 10 item 15). The REMS asks for a
 * Patient Monitoring Form "after each treatment session", within 7 days (SPRAVATO REMS, Patient Monitoring Form;
 * Healthcare Setting requirements). A session ends whichever way it ends:
 *  - `discharged`: the treatment-day record has a discharge (the end of monitoring);
 *  - `completed-in-schedule`: the schedule marks it completed (an import, a session recorded on paper): it ended at
 *    the last thing recorded about it, or at its booked end when nothing was recorded;
 *  - `stopped-early`: a device was given but the patient was never discharged, and the session can no longer go on
 *    (the booking was cancelled or marked no-show, or the clinic day of the session is over): it ended at the last
 *    thing recorded about it.
 * A session in which no device was given, and that the schedule does not call completed, has no form.
 */
export type RemsSessionEndKind = 'discharged' | 'completed-in-schedule' | 'stopped-early';

export interface RemsSessionEndInput {
  readonly dischargedAt?: Date;
  /** Devices given, in order. */
  readonly devicesAdministeredAt: readonly Date[];
  /** The booking's status on the schedule. */
  readonly scheduleStatus: string;
  readonly scheduledEndsAt: Date;
  /** The latest moment anything was recorded in the session's journal (occurred-at). */
  readonly lastRecordedAt?: Date;
  /** The end of the clinic day the session was booked on (the caller turns the date into an instant). */
  readonly clinicDayEndsAt: Date;
  readonly now: Date;
}

export type RemsSessionEnd =
  { readonly ended: false } | { readonly ended: true; readonly how: RemsSessionEndKind; readonly endedAt: Date };

export function remsSessionEnd(input: RemsSessionEndInput): RemsSessionEnd {
  const issues: FieldIssue[] = [];
  checkDate(input.scheduledEndsAt, 'scheduledEndsAt', issues);
  checkDate(input.clinicDayEndsAt, 'clinicDayEndsAt', issues);
  checkDate(input.now, 'now', issues);
  if (input.dischargedAt !== undefined) checkDate(input.dischargedAt, 'dischargedAt', issues);
  if (input.lastRecordedAt !== undefined) checkDate(input.lastRecordedAt, 'lastRecordedAt', issues);
  input.devicesAdministeredAt.forEach((d, i) => checkDate(d, `devicesAdministeredAt.${i}`, issues));
  if (issues.length > 0) throw new DomainValidationError(issues);

  if (input.dischargedAt) return { ended: true, how: 'discharged', endedAt: input.dischargedAt };
  const lastDevice = input.devicesAdministeredAt.reduce<Date | undefined>(
    (m, d) => (m === undefined || d.getTime() > m.getTime() ? d : m),
    undefined,
  );
  const lastRecorded = input.lastRecordedAt ?? lastDevice;
  if (input.scheduleStatus === 'completed') {
    return { ended: true, how: 'completed-in-schedule', endedAt: lastRecorded ?? input.scheduledEndsAt };
  }
  if (lastDevice) {
    const bookingClosed = input.scheduleStatus === 'cancelled' || input.scheduleStatus === 'no-show';
    if (bookingClosed || input.now.getTime() >= input.clinicDayEndsAt.getTime()) {
      return { ended: true, how: 'stopped-early', endedAt: lastRecorded ?? lastDevice };
    }
  }
  return { ended: false };
}
