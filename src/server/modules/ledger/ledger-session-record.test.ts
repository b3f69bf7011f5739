/**
 * The administration offered from the session record (issue 6). Spravato: 28 mg per device (SPRAVATO prescribing
 * information, section 2; domain/dosing/esketamine.ts). 21 CFR 1304.22(c): the administration record.
 */
import { describe, expect, it } from 'vitest';
import { PRODUCTS, type LedgerEvent } from '../../../domain/inventory/index.js';
import type { RecordedAdministration } from '../treatment-day/treatment-day-administration.js';
import { suggestAdministration } from './ledger-session-record.js';

const KETAMINE_50 = '00000-0500-10';
const SPRAVATO_KIT_2 = PRODUCTS.find((p) => p.unit === 'device')!.ndc;
const SESSION = 'session-1';

const ivStopped: RecordedAdministration = {
  modality: 'iv-ketamine',
  complete: true,
  mg: 36.5,
  devices: null,
  basis: 'estimated',
  recordEntryId: 'stop-1',
  completedAt: '2026-11-02T15:45:00.000Z',
  ledgerDrawId: 'draw-1',
  lotNumber: 'K-1',
};
const drawOf = (ndc: string, sessionId = SESSION) => ({
  entryId: 'draw-1',
  event: { kind: 'draw', ndc, lot: 'K-1', sessionId } as unknown as LedgerEvent,
});
const line = (ndc: string, administered = 0) => [{ ndc, lot: 'K-1', drawn: 50_000, administered }];
/** The suggestion for `record` when this session drew `ndc` and `administered` µg of it are already recorded. */
const suggestFor = (ndc: string, record: RecordedAdministration = ivStopped, administered = 0) =>
  suggestAdministration({
    record,
    sessionId: SESSION,
    draw: drawOf(ndc),
    products: PRODUCTS,
    lines: line(ndc, administered),
  });

describe('suggestAdministration', () => {
  it("offers the stopped infusion's mg for the lot of the linked draw, marked as from the session record", () => {
    expect(suggestFor(KETAMINE_50)).toEqual({
      source: 'session-record',
      amount: { mg: '36.5' },
      unit: 'ug',
      mg: '36.5',
      basis: 'estimated',
      ndc: KETAMINE_50,
      lot: 'K-1',
      drawEntryId: 'draw-1',
      sessionRecordId: 'stop-1',
      completedAt: '2026-11-02T15:45:00.000Z',
      alreadyRecorded: false,
    });
  });

  it('offers esketamine as whole devices, 28 mg each', () => {
    const esketamine: RecordedAdministration = {
      ...ivStopped,
      modality: 'esketamine-nasal',
      mg: 84,
      devices: 3,
      basis: 'devices',
    };
    expect(suggestFor(SPRAVATO_KIT_2, esketamine)).toMatchObject({ amount: { devices: 3 }, unit: 'device', mg: '84' });
  });

  it('offers nothing for an incomplete record, a draw of another session, or a lot not drawn for the session', () => {
    const args = { sessionId: SESSION, products: PRODUCTS, lines: line(KETAMINE_50) };
    expect(
      suggestAdministration({
        ...args,
        record: { ...ivStopped, complete: false, mg: null },
        draw: drawOf(KETAMINE_50),
      }),
    ).toBeNull();
    expect(suggestAdministration({ ...args, record: null, draw: drawOf(KETAMINE_50) })).toBeNull();
    expect(suggestAdministration({ ...args, record: ivStopped, draw: drawOf(KETAMINE_50, 'session-2') })).toBeNull();
    expect(suggestAdministration({ ...args, record: ivStopped, draw: undefined })).toBeNull();
    expect(suggestAdministration({ ...args, record: ivStopped, draw: drawOf(KETAMINE_50), lines: [] })).toBeNull();
  });

  it('says when an administration is already recorded for the lot', () => {
    expect(suggestFor(KETAMINE_50, ivStopped, 36_500)).toMatchObject({ alreadyRecorded: true });
  });
});
