import { isIvInfusion, type TreatmentModality } from '../session/modality.js';
import { readTimeline, type SessionEvent } from '../session/events.js';
import { addMinutes, assertValidDate, minutesBetween } from '../session/time.js';
import { DEFAULT_MONITORING_SETTINGS, validateMonitoringSettings, type MonitoringSettings } from './settings.js';

/**
 * Where a session stands, for the clinic board:
 *  - pre-dose: checked in (or booked), no drug given yet;
 *  - dosing: the IV infusion has started and not stopped (paused counts as dosing), or esketamine devices are
 *    being given and not all planned devices are in;
 *  - monitoring: dosing is over and the minimum monitoring time has not passed;
 *  - ready-for-discharge: the minimum time has passed. This is a time-only phase: the discharge button still
 *    asks `evaluateDischarge` (vital signs, MOAA/S, stability, ride, open alerts);
 *  - discharged.
 */
export type SessionPhase = 'pre-dose' | 'dosing' | 'monitoring' | 'ready-for-discharge' | 'discharged';

export interface PhaseInfo {
  readonly phase: SessionPhase;
  /** When the current phase began (undefined for pre-dose without a check-in). */
  readonly since?: Date;
  readonly minutesInPhase?: number;
  readonly dosingStartedAt?: Date;
  /** The monitoring clock's start: IV infusion stop, or the last esketamine device. */
  readonly monitoringStartedAt?: Date;
  /** The earliest time the minimum monitoring period is over. */
  readonly minimumMonitoringEndsAt?: Date;
}

export function deriveSessionPhase(
  modality: TreatmentModality,
  events: readonly SessionEvent[],
  now: Date,
  settings: MonitoringSettings = DEFAULT_MONITORING_SETTINGS,
): PhaseInfo {
  assertValidDate(now, 'now');
  validateMonitoringSettings(settings);
  const t = readTimeline(modality, events, now);
  const minimum = isIvInfusion(modality) ? settings.ivMinimumPostInfusionMin : settings.esketamineMinimumMonitoringMin;
  const minimumEndsAt = t.dosingEndedAt ? addMinutes(t.dosingEndedAt, minimum) : undefined;
  const base = {
    ...(t.dosingStartedAt ? { dosingStartedAt: t.dosingStartedAt } : {}),
    ...(t.dosingEndedAt ? { monitoringStartedAt: t.dosingEndedAt } : {}),
    ...(minimumEndsAt ? { minimumMonitoringEndsAt: minimumEndsAt } : {}),
  };
  const withSince = (phase: SessionPhase, since: Date | undefined): PhaseInfo => ({
    phase,
    ...base,
    ...(since ? { since, minutesInPhase: minutesBetween(since, now) } : {}),
  });

  if (t.dischargedAt) return withSince('discharged', t.dischargedAt);
  if (!t.dosingStartedAt) return withSince('pre-dose', t.checkedInAt);
  if (!t.isDosingComplete || !t.dosingEndedAt || !minimumEndsAt) return withSince('dosing', t.dosingStartedAt);
  if (now.getTime() < minimumEndsAt.getTime()) return withSince('monitoring', t.dosingEndedAt);
  return withSince('ready-for-discharge', minimumEndsAt);
}
