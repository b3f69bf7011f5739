/**
 * What a session's treatment-day record says the patient received, for the controlled-substance ledger (issue 6:
 * "administered amount comes from the session record"). Read through TreatmentDayRecords (not the ledger
 * querying these tables): an IV infusion counts once stopped, with the total the nurse confirmed at stop or else the
 * estimate from its rate events; esketamine once the last planned device is given, 28 mg per device (Spravato label).
 * No audit here: the caller audits the read it serves (the ledger's reconciliation read).
 */
import { ESKETAMINE_MG_PER_DEVICE } from '../../../domain/dosing/index.js';
import { isIvInfusion, type TreatmentModality } from '../../../domain/session/index.js';
import type { SessionRecord } from './treatment-day-record.js';

export interface RecordedAdministration {
  readonly modality: string;
  /** The infusion stopped, or every planned device given. */
  readonly complete: boolean;
  /** mg the record says were given (null until complete). */
  readonly mg: number | null;
  /** Esketamine: devices given. */
  readonly devices: number | null;
  /** Where the amount comes from: the total confirmed at stop, the estimate from the rates, or the devices given. */
  readonly basis: 'confirmed-total' | 'estimated' | 'devices' | null;
  /** The journal entry that completed the administration (the stop, or the last device). */
  readonly recordEntryId: string | null;
  readonly completedAt: string | null;
  /** The ledger draw the prepared dose is linked to (checked to be this session's when the dose was prepared). */
  readonly ledgerDrawId: string | null;
  readonly lotNumber: string | null;
}

const finite = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) ? value : undefined;

/** Pure: the administration a session record shows. */
export function administrationOfRecord(modality: TreatmentModality, record: SessionRecord): RecordedAdministration {
  const dose = record.dose?.data;
  const base = { modality, ledgerDrawId: dose?.ledgerDrawId ?? null, lotNumber: dose?.lotNumber ?? null };
  const incomplete: RecordedAdministration = {
    ...base,
    complete: false,
    mg: null,
    devices: null,
    basis: null,
    recordEntryId: null,
    completedAt: null,
  };
  if (!dose) return incomplete;
  if (isIvInfusion(modality)) {
    const stop = record.effective.filter((e) => e.kind === 'infusion-stopped').at(-1);
    if (!stop) return incomplete;
    const confirmed = finite(stop.data.totalDeliveredMg);
    const estimated = finite(stop.data.estimatedDeliveredMg);
    const mg = confirmed ?? estimated;
    if (mg === undefined) return incomplete;
    return {
      ...base,
      complete: true,
      mg: Math.round(mg * 1000) / 1000,
      devices: null,
      basis: confirmed !== undefined ? 'confirmed-total' : 'estimated',
      recordEntryId: stop.id,
      completedAt: stop.occurredAt.toISOString(),
    };
  }
  const given = record.effective.filter((e) => e.kind === 'device-administered');
  const planned = dose.devices ?? 1;
  const last = given.at(-1);
  if (given.length < planned || !last) return { ...incomplete, devices: given.length };
  return {
    ...base,
    complete: true,
    mg: given.length * ESKETAMINE_MG_PER_DEVICE,
    devices: given.length,
    basis: 'devices',
    recordEntryId: last.id,
    completedAt: last.occurredAt.toISOString(),
  };
}
