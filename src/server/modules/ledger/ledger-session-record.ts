/**
 * The administered amount offered from the session record (issue 6: "administered amount comes from the session
 * record", 21 CFR 1304.22(c): the administration record). The treatment-day module says what was given (see
 * treatment-day/treatment-day-administration.ts); the ledger turns it into a pre-filled administration for the
 * lot of the draw the dose is linked to. It is only offered: a nurse confirms it with POST /api/ledger/administrations,
 * which then carries `sessionRecordId` (the journal entry the amount came from).
 */
import type { LedgerEvent, Product } from '../../../domain/inventory/index.js';
import { findProduct } from '../../../domain/inventory/index.js';
import type { RecordedAdministration } from '../treatment-day/treatment-day-administration.js';

/** Reads what the session record says was given; null for a session without a treatment-day record. */
export interface SessionAdministrationReader {
  administration(clinicId: string, sessionId: string): Promise<RecordedAdministration | null>;
}

/** A session whose treatment-day record shows a dose given (an infusion started or a device given). */
export interface DosedSession {
  readonly sessionId: string;
  readonly patientId: string;
  readonly startsAt: Date;
  readonly dosedAt: Date;
}

/** A session on the schedule with the phase its treatment-day record is in (not the booking status). */
export interface SessionWithPhase {
  readonly id: string;
  readonly patientId: string;
  readonly patient: { readonly givenName: string; readonly familyName: string; readonly mrn: string };
  readonly modality: string;
  readonly sessionNumber: number | null;
  readonly status: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly chair: { readonly id: string; readonly name: string } | null;
  readonly doseMg: number | null;
  /** The treatment-day phase (`not-arrived`, `pre-dose`, `dosing`, `monitoring`, `ready-for-discharge`, `discharged`...), null for modalities without a treatment-day record. */
  readonly phase: string | null;
  readonly isDosed: boolean;
}

/** What the treatment-day module tells the ledger about sessions (its TreatmentDayRecords, built before the ledger). */
export interface TreatmentDayReader {
  /** Every session of the clinic with a dose given, for the "dosed without a draw" check. */
  dosedSessions(clinicId: string): Promise<DosedSession[]>;
  /** Sessions starting in [from, to) with their real phase. */
  sessionsWithPhase(clinicId: string, from: Date, to: Date): Promise<SessionWithPhase[]>;
}

export interface SuggestedAdministration {
  readonly source: 'session-record';
  /** The body's amount, ready for POST /api/ledger/administrations. */
  readonly amount: { readonly mg: string } | { readonly devices: number };
  readonly unit: 'ug' | 'device';
  readonly mg: string;
  readonly basis: 'confirmed-total' | 'estimated' | 'devices';
  readonly ndc: string;
  readonly lot: string;
  readonly drawEntryId: string;
  /** The session record's entry the amount came from: send it back as `sessionRecordId`. */
  readonly sessionRecordId: string;
  readonly completedAt: string;
  /** An administration is already recorded for this lot of the session: the suggestion is shown, not pre-filled. */
  readonly alreadyRecorded: boolean;
}

/** Pure: the suggestion, or null when the record is incomplete, not linked to a draw of this session, or unknown. */
export function suggestAdministration(input: {
  readonly record: RecordedAdministration | null;
  readonly sessionId: string;
  readonly draw: { readonly entryId: string; readonly event: LedgerEvent } | undefined;
  readonly products: readonly Product[];
  readonly lines: ReadonlyArray<{
    readonly ndc: string;
    readonly lot: string;
    readonly drawn: number;
    readonly administered: number;
  }>;
}): SuggestedAdministration | null {
  const { record, draw } = input;
  if (!record?.complete || record.mg === null || !record.recordEntryId || !record.completedAt || !record.basis)
    return null;
  if (!draw || draw.event.kind !== 'draw' || draw.event.sessionId !== input.sessionId) return null;
  const { ndc, lot } = draw.event;
  const line = input.lines.find((l) => l.ndc === ndc && l.lot === lot);
  if (!line || line.drawn <= 0) return null;
  const product = findProduct(input.products, ndc);
  if (!product) return null;
  const common = {
    source: 'session-record' as const,
    basis: record.basis,
    ndc,
    lot,
    drawEntryId: draw.entryId,
    sessionRecordId: record.recordEntryId,
    completedAt: record.completedAt,
    alreadyRecorded: line.administered > 0,
  };
  if (product.unit === 'device') {
    if (record.devices === null || record.devices <= 0) return null;
    return {
      ...common,
      unit: 'device',
      amount: { devices: record.devices },
      mg: String(record.devices * product.mgPerDevice),
    };
  }
  const mg = String(Math.round(record.mg * 1000) / 1000);
  return { ...common, unit: 'ug', amount: { mg }, mg };
}
