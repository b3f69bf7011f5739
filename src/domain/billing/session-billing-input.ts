/**
 * What a session's record says for its billing codes (`billingCodesForSession`): the minutes an IV infusion ran, or
 * the esketamine dose given and the minutes observed after the last device.
 *
 * Sources:
 * - CPT_IV_INFUSION: infusion codes count the time the infusion ran; a pause is not infusion time.
 * - SPRAVATO US Prescribing Information, section 2: each device delivers 28 mg (ESKETAMINE_MG_PER_DEVICE).
 * - HCPCS_ESKETAMINE: G2082/G2083 include 2 hours of observation after the self-administration, counted from the
 *   last device to the discharge (or to now while the patient is still observed).
 */
import { ESKETAMINE_MG_PER_DEVICE } from '../dosing/esketamine.js';
import { infusionRunningMinutes } from '../pk/infusions.js';
import { readTimeline, type SessionEvent } from '../session/events.js';
import type { TreatmentModality } from '../session/modality.js';
import type { SessionBillingInput } from './session-billing.js';

const MINUTE = 60_000;

/** Billable minutes of a stopped infusion, pauses excluded, rounded to the minute; undefined while it runs. */
export function billableInfusionMinutes(events: readonly SessionEvent[]): number | undefined {
  const stoppedAt = readTimeline('iv-ketamine', events).infusionEndedAt;
  return stoppedAt ? Math.round(infusionRunningMinutes(events, stoppedAt)) : undefined;
}

/**
 * The billing facts of a session as of `now`: esketamine, the devices given x 28 mg and, once every planned device
 * is given, the whole minutes from the last device to the discharge (or `now`); IV, the billable infusion minutes.
 * A fact the record does not yet hold is left out, and `billingCodesForSession` names it.
 */
export function sessionBillingInput(
  modality: TreatmentModality,
  events: readonly SessionEvent[],
  diagnoses: readonly string[],
  now: Date,
): SessionBillingInput {
  if (modality === 'esketamine-nasal') {
    const t = readTimeline(modality, events, now);
    const end = t.dischargedAt ?? now;
    return {
      modality,
      diagnoses,
      ...(t.devicesAdministeredAt.length > 0
        ? { esketamineDoseMg: t.devicesAdministeredAt.length * ESKETAMINE_MG_PER_DEVICE }
        : {}),
      ...(t.lastDeviceAt && t.isDosingComplete
        ? { observationMinutes: Math.floor((end.getTime() - t.lastDeviceAt.getTime()) / MINUTE) }
        : {}),
    };
  }
  const minutes = billableInfusionMinutes(events);
  return { modality, diagnoses, ...(minutes !== undefined ? { infusionMinutes: minutes } : {}) };
}
