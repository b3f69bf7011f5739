import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { checkDate, latest } from './time.js';
import { isIvInfusion, type TreatmentModality } from './modality.js';

/**
 * What happened in a treatment session, as the server records it. The rules (phase, due checks, PK curve,
 * discharge) are computed from this list and `now`; nothing is kept in memory between requests.
 */
export type SessionEvent =
  | { readonly type: 'checked-in'; readonly at: Date }
  /** The dose was prepared from the plan. Esketamine: `devices` = number of 28 mg devices planned. */
  | {
      readonly type: 'dose-prepared';
      readonly at: Date;
      readonly doseMg: number;
      readonly devices?: number;
      readonly plannedDurationMin?: number;
    }
  | { readonly type: 'infusion-started'; readonly at: Date; readonly rateMgPerMin: number }
  | { readonly type: 'infusion-rate-changed'; readonly at: Date; readonly rateMgPerMin: number }
  | { readonly type: 'infusion-paused'; readonly at: Date; readonly reason: string }
  | { readonly type: 'infusion-resumed'; readonly at: Date }
  | { readonly type: 'infusion-stopped'; readonly at: Date; readonly reason?: string }
  | { readonly type: 'device-administered'; readonly at: Date }
  /**
   * A vital-signs entry. `hasBloodPressure`: the reading holds a systolic and a diastolic value (a heart rate or SpO2
   * alone does not count for a blood-pressure check; SPRAVATO label, Dosage and Administration: reassess blood pressure
   * at about 40 minutes and before discharge). Left out = unknown, read as no blood pressure.
   */
  | { readonly type: 'vitals-recorded'; readonly at: Date; readonly hasBloodPressure?: boolean }
  | { readonly type: 'discharged'; readonly at: Date };

export type SessionEventType = SessionEvent['type'];

/** Checks shapes and times; throws one DomainValidationError naming every bad field (`events.3.at`, ...). */
export function validateSessionEvents(events: readonly SessionEvent[], field = 'events'): void {
  const issues: FieldIssue[] = [];
  events.forEach((event, i) => {
    const path = `${field}.${i}`;
    checkDate(event.at, `${path}.at`, issues);
    if (event.type === 'infusion-started' || event.type === 'infusion-rate-changed') {
      if (!Number.isFinite(event.rateMgPerMin) || event.rateMgPerMin < 0) {
        issues.push({ field: `${path}.rateMgPerMin`, message: 'must be a number >= 0' });
      }
    }
    if (event.type === 'dose-prepared') {
      if (!Number.isFinite(event.doseMg) || event.doseMg <= 0)
        issues.push({ field: `${path}.doseMg`, message: 'must be > 0' });
      if (event.devices !== undefined && (!Number.isInteger(event.devices) || event.devices < 1)) {
        issues.push({ field: `${path}.devices`, message: 'must be a whole number >= 1' });
      }
      if (
        event.plannedDurationMin !== undefined &&
        (!Number.isFinite(event.plannedDurationMin) || event.plannedDurationMin <= 0)
      ) {
        issues.push({ field: `${path}.plannedDurationMin`, message: 'must be > 0' });
      }
    }
    if (event.type === 'infusion-paused' && (typeof event.reason !== 'string' || event.reason.trim() === '')) {
      issues.push({ field: `${path}.reason`, message: 'a pause needs a reason' });
    }
  });
  if (issues.length > 0) throw new DomainValidationError(issues);
}

/** The facts the treatment-day rules need, read from the events that happened at or before `asOf`. */
export interface SessionTimeline {
  readonly modality: TreatmentModality;
  readonly checkedInAt?: Date;
  readonly plannedDoseMg?: number;
  readonly plannedDevices?: number;
  readonly plannedDurationMin?: number;
  readonly infusionStartedAt?: Date;
  readonly infusionEndedAt?: Date;
  readonly isInfusionRunning: boolean;
  readonly isInfusionPaused: boolean;
  readonly devicesAdministeredAt: readonly Date[];
  readonly lastDeviceAt?: Date;
  /** IV: the infusion has stopped. Esketamine: every planned device is given (see `plannedDevices`). */
  readonly isDosingComplete: boolean;
  readonly dosingStartedAt?: Date;
  /** IV: infusion stop. Esketamine: the last device. The monitoring clock starts here. */
  readonly dosingEndedAt?: Date;
  readonly vitalsRecordedAt: readonly Date[];
  /** The vital-sign readings that hold a blood pressure (systolic and diastolic). */
  readonly bloodPressureRecordedAt: readonly Date[];
  readonly dischargedAt?: Date;
}

/**
 * Reads the timeline. Events after `asOf` are left out, so the same function answers "what was the state at
 * 10:40?" for replays and tests. For esketamine without a `dose-prepared` event naming the devices, the devices
 * given so far are taken as the whole dose (documented fallback: record the plan to get a true countdown).
 */
export function readTimeline(
  modality: TreatmentModality,
  events: readonly SessionEvent[],
  asOf?: Date,
): SessionTimeline {
  validateSessionEvents(events);
  const cutoff = asOf?.getTime() ?? Number.POSITIVE_INFINITY;
  const sorted = events
    .map((event, index) => ({ event, index }))
    .filter(({ event }) => event.at.getTime() <= cutoff)
    .sort((a, b) => a.event.at.getTime() - b.event.at.getTime() || a.index - b.index)
    .map(({ event }) => event);

  let checkedInAt: Date | undefined;
  let plannedDoseMg: number | undefined;
  let plannedDevices: number | undefined;
  let plannedDurationMin: number | undefined;
  let infusionStartedAt: Date | undefined;
  let infusionEndedAt: Date | undefined;
  let isPaused = false;
  let dischargedAt: Date | undefined;
  const devices: Date[] = [];
  const vitals: Date[] = [];
  const bloodPressures: Date[] = [];

  for (const event of sorted) {
    switch (event.type) {
      case 'checked-in':
        checkedInAt ??= event.at;
        break;
      case 'dose-prepared':
        plannedDoseMg = event.doseMg;
        plannedDevices = event.devices ?? plannedDevices;
        plannedDurationMin = event.plannedDurationMin ?? plannedDurationMin;
        break;
      case 'infusion-started':
        infusionStartedAt ??= event.at;
        break;
      case 'infusion-paused':
        isPaused = true;
        break;
      case 'infusion-resumed':
        isPaused = false;
        break;
      case 'infusion-stopped':
        infusionEndedAt ??= event.at;
        isPaused = false;
        break;
      case 'device-administered':
        devices.push(event.at);
        break;
      case 'vitals-recorded':
        vitals.push(event.at);
        if (event.hasBloodPressure === true) bloodPressures.push(event.at);
        break;
      case 'discharged':
        dischargedAt ??= event.at;
        break;
      case 'infusion-rate-changed':
        break;
    }
  }

  const lastDeviceAt = latest(devices);
  let isDosingComplete: boolean;
  let dosingStartedAt: Date | undefined;
  let dosingEndedAt: Date | undefined;
  if (isIvInfusion(modality)) {
    dosingStartedAt = infusionStartedAt;
    isDosingComplete = infusionStartedAt !== undefined && infusionEndedAt !== undefined;
    dosingEndedAt = isDosingComplete ? infusionEndedAt : undefined;
  } else {
    dosingStartedAt = devices[0];
    const needed = plannedDevices ?? devices.length;
    isDosingComplete = devices.length > 0 && devices.length >= needed;
    dosingEndedAt = isDosingComplete ? lastDeviceAt : undefined;
  }

  return {
    modality,
    checkedInAt,
    plannedDoseMg,
    plannedDevices,
    plannedDurationMin,
    infusionStartedAt,
    infusionEndedAt,
    isInfusionRunning: infusionStartedAt !== undefined && infusionEndedAt === undefined && !isPaused,
    isInfusionPaused: infusionStartedAt !== undefined && infusionEndedAt === undefined && isPaused,
    devicesAdministeredAt: devices,
    lastDeviceAt,
    isDosingComplete,
    dosingStartedAt,
    dosingEndedAt,
    vitalsRecordedAt: vitals,
    bloodPressureRecordedAt: bloodPressures,
    dischargedAt,
  };
}
