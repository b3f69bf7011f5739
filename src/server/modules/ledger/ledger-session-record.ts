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
export type SessionAdministrationReader = (clinicId: string, sessionId: string) => Promise<RecordedAdministration | null>;

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
  readonly lines: ReadonlyArray<{ readonly ndc: string; readonly lot: string; readonly drawn: number; readonly administered: number }>;
}): SuggestedAdministration | null {
  const { record, draw } = input;
  if (!record?.complete || record.mg === null || !record.recordEntryId || !record.completedAt || !record.basis) return null;
  if (!draw || draw.event.kind !== 'draw' || draw.event.sessionId !== input.sessionId) return null;
  const { ndc, lot } = draw.event;
  const line = input.lines.find((l) => l.ndc === ndc && l.lot === lot);
  if (!line || line.drawn <= 0) return null;
  const product = findProduct(input.products, ndc);
  if (!product) return null;
  const common = {
    source: 'session-record' as const, basis: record.basis, ndc, lot, drawEntryId: draw.entryId, sessionRecordId: record.recordEntryId,
    completedAt: record.completedAt, alreadyRecorded: line.administered > 0,
  };
  if (product.unit === 'device') {
    if (record.devices === null || record.devices <= 0) return null;
    return { ...common, unit: 'device', amount: { devices: record.devices }, mg: String(record.devices * product.mgPerDevice) };
  }
  const mg = String(Math.round(record.mg * 1000) / 1000);
  return { ...common, unit: 'ug', amount: { mg }, mg };
}
