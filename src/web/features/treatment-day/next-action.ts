/**
 * The one thing the nurse at the chair does next (issue 14, "the chart at a glance"): shown above the checklist, so
 * the next action is where the eyes are rather than under ten rows of checks. Read from the session as the server
 * describes it (phase, check-in, administration, checks due); it decides nothing the server has not.
 */
import { describeCheckDue } from './session-time';
import type { TreatmentView } from './treatment-day.api';

/** The sections of the session screen an action points to (their headings' ids). */
export type SessionSectionId = 'check-in' | 'dose' | 'monitoring' | 'discharge' | 'note';

export interface NextAction {
  readonly text: string;
  readonly section: SessionSectionId;
  /** Overdue, or to be done now. */
  readonly urgent: boolean;
}

export function nextAction(view: TreatmentView, now: number, clock: (iso: string) => string): NextAction {
  const { phase, administration, checks } = view;
  if (view.discharge) return { text: 'sign the session note.', section: 'note', urgent: false };
  if (!view.checkIn) return { text: 'check the patient in.', section: 'check-in', urgent: false };
  if (phase.phase === 'ready-for-discharge') {
    return { text: 'review the discharge criteria and discharge the patient.', section: 'discharge', urgent: false };
  }
  const devices = administration.devices;
  if (devices && !devices.allGiven && devices.nextDeviceNumber !== null) {
    if (phase.phase === 'pre-dose') {
      return { text: 'give device 1 when the checklist allows it.', section: 'dose', urgent: false };
    }
    return devices.canGiveNextDeviceNow || devices.nextDeviceAllowedAt === null
      ? { text: `give device ${devices.nextDeviceNumber} now.`, section: 'dose', urgent: true }
      : {
          text: `give device ${devices.nextDeviceNumber} from ${clock(devices.nextDeviceAllowedAt)}.`,
          section: 'dose',
          urgent: false,
        };
  }
  if (phase.phase === 'pre-dose') {
    return { text: 'start the infusion when the checklist allows it.', section: 'dose', urgent: false };
  }
  if (checks.next) {
    const due = describeCheckDue(checks.next.dueAt, now);
    return {
      text: `record ${checks.next.label.toLowerCase()} at ${clock(checks.next.dueAt)} (${due.text}).`,
      section: 'monitoring',
      urgent: due.isOverdue,
    };
  }
  if (administration.isInfusionRunning) {
    return { text: 'watch the infusion; stop it when the planned dose is given.', section: 'dose', urgent: false };
  }
  return phase.minimumMonitoringEndsAt
    ? {
        text: `keep monitoring until at least ${clock(phase.minimumMonitoringEndsAt)}.`,
        section: 'monitoring',
        urgent: false,
      }
    : { text: 'keep monitoring the patient.', section: 'monitoring', urgent: false };
}
