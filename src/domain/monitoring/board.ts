import type { TreatmentModality } from '../session/modality.js';
import { readTimeline, type SessionEvent } from '../session/events.js';
import { assertValidDate } from '../session/time.js';
import { deviceSchedule, type DeviceSchedule } from './device-schedule.js';
import { deriveSessionPhase, type PhaseInfo } from './phase.js';
import { dueChecks, type CheckState } from './schedule.js';
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from './settings.js';

/** What the clinic board shows for one chair, computed from the session's events at `now`. */
export interface ChairStatus extends PhaseInfo {
  readonly nextCheck?: CheckState;
  /** Minutes to the next check (negative when overdue). */
  readonly minutesUntilNextCheck?: number;
  readonly overdueChecks: number;
  /** Esketamine while dosing: the device countdown. */
  readonly devices?: DeviceSchedule;
}

export function chairStatus(input: {
  readonly modality: TreatmentModality;
  readonly events: readonly SessionEvent[];
  readonly now: Date;
  readonly settings?: MonitoringSettings;
}): ChairStatus {
  const now = assertValidDate(input.now, 'now');
  const settings = input.settings ?? DEFAULT_MONITORING_SETTINGS;
  const phase = deriveSessionPhase(input.modality, input.events, now, settings);
  const due = dueChecks({ modality: input.modality, events: input.events, now, settings });
  const t = readTimeline(input.modality, input.events, now);
  const planned = t.plannedDevices ?? t.devicesAdministeredAt.length;
  const devices =
    input.modality === 'esketamine-nasal' &&
    phase.phase !== 'discharged' &&
    planned > 0 &&
    planned >= t.devicesAdministeredAt.length
      ? deviceSchedule(t.devicesAdministeredAt, planned, now, settings)
      : undefined;
  return {
    ...phase,
    ...(due.next ? { nextCheck: due.next, minutesUntilNextCheck: due.minutesUntilNext } : {}),
    overdueChecks: due.overdue.length,
    ...(devices ? { devices } : {}),
  };
}
