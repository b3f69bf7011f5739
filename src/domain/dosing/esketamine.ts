import { DomainValidationError } from '../shared/validation.js';
import type { Citation } from '../shared/citation.js';
import { SOURCES } from '../protocols/sources.js';

/** Each Spravato device delivers 28 mg (two sprays, one per nostril). */
export const ESKETAMINE_MG_PER_DEVICE = 28;
export const ESKETAMINE_VALID_DOSES_MG = [28, 56, 84] as const;
export type EsketamineDoseMg = (typeof ESKETAMINE_VALID_DOSES_MG)[number];
export const ESKETAMINE_MINUTES_BETWEEN_DEVICES = 5;
export const ESKETAMINE_MINIMUM_MONITORING_MIN = 120;

export interface EsketamineDose {
  readonly doseMg: EsketamineDoseMg;
  readonly devices: number;
  readonly minutesBetweenDevices: 5;
  /** Monitoring after the last device, at least (label). */
  readonly minimumMonitoringMin: 120;
  /** Minutes from the first device to the last: (devices - 1) x 5. */
  readonly administrationMin: number;
  readonly sources: readonly Citation[];
}

export function isEsketamineDose(value: unknown): value is EsketamineDoseMg {
  return typeof value === 'number' && (ESKETAMINE_VALID_DOSES_MG as readonly number[]).includes(value);
}

/**
 * Devices and timing for an esketamine dose. Only whole devices exist, so only 28, 56 and 84 mg are valid
 * (anything else is a DomainValidationError on `doseMg`). Which of those a protocol allows (e.g. TRD in adults:
 * 56 or 84 mg) is the protocol's business, not this function's.
 */
export function esketamineDose(input: { doseMg: number }): EsketamineDose {
  if (!isEsketamineDose(input.doseMg)) {
    throw new DomainValidationError([{ field: 'doseMg', message: 'must be 28, 56 or 84 mg (whole 28 mg devices)' }]);
  }
  const devices = input.doseMg / ESKETAMINE_MG_PER_DEVICE;
  return {
    doseMg: input.doseMg,
    devices,
    minutesBetweenDevices: ESKETAMINE_MINUTES_BETWEEN_DEVICES,
    minimumMonitoringMin: ESKETAMINE_MINIMUM_MONITORING_MIN,
    administrationMin: (devices - 1) * ESKETAMINE_MINUTES_BETWEEN_DEVICES,
    sources: [SOURCES.spravatoAdministration, SOURCES.spravatoMonitoring],
  };
}
