import type { Citation } from '../shared/citation.js';
import { DomainValidationError, RuleViolationError, type FieldIssue } from '../shared/validation.js';
import { MS_PER_MINUTE, addMinutes, checkDate, minutesBetween } from '../session/time.js';
import { DEFAULT_MONITORING_SETTINGS, validateMonitoringSettings, type MonitoringSettings } from './settings.js';
import { SPRAVATO_LABEL_DEVICES, SPRAVATO_LABEL_MONITORING } from './sources.js';
import { ESKETAMINE_VALID_DOSES_MG } from '../dosing/esketamine.js';

/** Approved doses are 28, 56 or 84 mg: one to three 28 mg devices (see `dosing/esketamine.ts`). */
export const ESKETAMINE_MAX_DEVICES = ESKETAMINE_VALID_DOSES_MG.length;

export interface DeviceSchedule {
  readonly totalDevices: number;
  readonly givenCount: number;
  readonly allGiven: boolean;
  /** 1-based number of the next device, or null when all are given. */
  readonly nextDeviceNumber: number | null;
  /** When the next device may be given (null when none is left; the first device has no wait). */
  readonly nextDeviceAllowedAt: Date | null;
  readonly canGiveNextDeviceNow: boolean;
  /** Countdown to the next device in ms (0 when it may be given now or none is left). */
  readonly msUntilNextDevice: number;
  /** The monitoring clock starts at the last device, once all are given. */
  readonly monitoringStartsAt: Date | null;
  readonly monitoringEndsAt: Date | null;
  readonly msUntilMonitoringEnds: number | null;
  /** Devices recorded less than the required interval after the previous one (a fact to review, not an error). */
  readonly intervalIssues: ReadonlyArray<{ readonly deviceNumber: number; readonly minutesAfterPrevious: number }>;
  readonly citations: readonly Citation[];
}

function validateDevices(devicesAdministeredAt: readonly Date[], totalDevices: number, now: Date): Date[] {
  const issues: FieldIssue[] = [];
  if (!Number.isInteger(totalDevices) || totalDevices < 1 || totalDevices > ESKETAMINE_MAX_DEVICES) {
    issues.push({ field: 'totalDevices', message: `must be a whole number from 1 to ${ESKETAMINE_MAX_DEVICES}` });
  }
  checkDate(now, 'now', issues);
  devicesAdministeredAt.forEach((d, i) => {
    if (
      checkDate(d, `devicesAdministeredAt.${i}`, issues) &&
      checkDate(now, 'now', []) &&
      d.getTime() > now.getTime()
    ) {
      issues.push({ field: `devicesAdministeredAt.${i}`, message: 'is later than now' });
    }
  });
  if (Number.isInteger(totalDevices) && devicesAdministeredAt.length > totalDevices) {
    issues.push({
      field: 'devicesAdministeredAt',
      message: `${devicesAdministeredAt.length} devices recorded but only ${totalDevices} planned`,
    });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return [...devicesAdministeredAt].sort((a, b) => a.getTime() - b.getTime());
}

/**
 * The esketamine device countdown: the next device is allowed `esketamineMinutesBetweenDevices` (label: 5) after
 * the previous one; once all are given, the monitoring clock runs from the last device for
 * `esketamineMinimumMonitoringMin` (label: at least 120).
 */
export function deviceSchedule(
  devicesAdministeredAt: readonly Date[],
  totalDevices: number,
  now: Date,
  settings: MonitoringSettings = DEFAULT_MONITORING_SETTINGS,
): DeviceSchedule {
  validateMonitoringSettings(settings);
  const given = validateDevices(devicesAdministeredAt, totalDevices, now);
  const gap = settings.esketamineMinutesBetweenDevices;
  const intervalIssues: Array<{ deviceNumber: number; minutesAfterPrevious: number }> = [];
  for (let i = 1; i < given.length; i++) {
    const minutes = minutesBetween(given[i - 1]!, given[i]!);
    if (minutes < gap) intervalIssues.push({ deviceNumber: i + 1, minutesAfterPrevious: minutes });
  }
  const last = given[given.length - 1];
  const allGiven = given.length === totalDevices;
  const nextAllowed = allGiven ? null : last ? addMinutes(last, gap) : null;
  const msUntilNext = nextAllowed ? Math.max(0, nextAllowed.getTime() - now.getTime()) : 0;
  const monitoringStartsAt = allGiven && last ? last : null;
  const monitoringEndsAt = monitoringStartsAt
    ? addMinutes(monitoringStartsAt, settings.esketamineMinimumMonitoringMin)
    : null;
  return {
    totalDevices,
    givenCount: given.length,
    allGiven,
    nextDeviceNumber: allGiven ? null : given.length + 1,
    nextDeviceAllowedAt: nextAllowed,
    canGiveNextDeviceNow: !allGiven && msUntilNext === 0,
    msUntilNextDevice: msUntilNext,
    monitoringStartsAt,
    monitoringEndsAt,
    msUntilMonitoringEnds: monitoringEndsAt ? Math.max(0, monitoringEndsAt.getTime() - now.getTime()) : null,
    intervalIssues,
    citations: [SPRAVATO_LABEL_DEVICES, SPRAVATO_LABEL_MONITORING],
  };
}

/**
 * Guard for recording a device at `at`: throws RuleViolationError `all-devices-given` or `device-too-soon`
 * (with the time it becomes allowed). The server calls it before it stores a device event.
 */
export function assertDeviceMayBeGiven(
  devicesAdministeredAt: readonly Date[],
  totalDevices: number,
  at: Date,
  settings: MonitoringSettings = DEFAULT_MONITORING_SETTINGS,
): void {
  const schedule = deviceSchedule(devicesAdministeredAt, totalDevices, at, settings);
  if (schedule.allGiven) {
    throw new RuleViolationError(
      'all-devices-given',
      `All ${totalDevices} planned devices are already recorded.`,
      'devicesAdministeredAt',
    );
  }
  if (!schedule.canGiveNextDeviceNow && schedule.nextDeviceAllowedAt) {
    const seconds = Math.ceil(schedule.msUntilNextDevice / 1000);
    throw new RuleViolationError(
      'device-too-soon',
      `Device ${schedule.nextDeviceNumber} may be given at ${schedule.nextDeviceAllowedAt.toISOString()} ` +
        `(${settings.esketamineMinutesBetweenDevices} min after the previous device; ${seconds} s to wait).`,
      'at',
    );
  }
}

/** Minutes (rounded up) on a countdown in ms, for display. */
export function countdownMinutes(ms: number): number {
  return Math.ceil(ms / MS_PER_MINUTE);
}
