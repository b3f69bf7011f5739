import { describe, expect, it } from 'vitest';
import {
  GENESIS_HASH,
  applyEntry,
  balancesOf,
  emptyLedger,
  parseMg,
  parseMl,
  reconcileSession,
  sealEntry,
  lossReportDeadlines,
  verifyLedger,
  type LedgerEntry,
  type LedgerEvent,
  type LedgerState,
} from './index.js';

// The worked example of README.md, kept honest by running it.
// Sources: 21 CFR 1304.22(c) (receipt and administration records); clinic default waste witness;
// 21 CFR 1301.76(b) and 88 FR 40707 (loss deadlines).
describe('README worked example', () => {
  it('receives, draws, administers, wastes, counts and seals as the README says', () => {
    const nurse = { userId: 'u-nurse', name: 'Nina Reyes RN', role: 'nurse' };
    const doctor = { userId: 'u-doc', name: 'Dr Omar Haddad', role: 'prescriber' };
    const witness = (s: typeof doctor) => ({
      userId: s.userId,
      name: s.name,
      authenticated: true,
      method: 'password' as const,
    });

    let state: LedgerState = emptyLedger();
    let previousHash = GENESIS_HASH;
    const stored: { entry: LedgerEntry; previousHash: string; hash: string }[] = [];
    function record(event: LedgerEvent): void {
      const entry: LedgerEntry = {
        entryId: `e-${state.lastSequence + 1}`,
        sequence: state.lastSequence + 1,
        clinicId: 'clinic-1',
        recordedAt: event.occurredAt,
        event,
      };
      state = applyEntry(state, entry);
      const hash = sealEntry(previousHash, entry);
      stored.push({ entry, previousHash, hash });
      previousHash = hash;
    }

    record({
      kind: 'receipt',
      occurredAt: '2025-03-03T08:00:00-05:00',
      ndc: '00000-0500-10',
      lot: 'K50-A',
      expiry: '2027-06',
      locationId: 'safe-1',
      containers: 10,
      unitsPerContainer: 500_000,
      supplier: {
        name: 'Example Medical Distribution LLC',
        address: '100 Warehouse Way, Columbus, OH',
        deaNumber: 'PE1234563',
      },
      receivedBy: nurse,
      witness: witness(doctor),
    });
    record({
      kind: 'draw',
      occurredAt: '2025-03-03T09:00:00-05:00',
      ndc: '00000-0500-10',
      lot: 'K50-A',
      locationId: 'safe-1',
      quantity: parseMg('50'),
      volumeUl: parseMl('1'),
      patientId: 'p-1',
      sessionId: 's-1',
      by: nurse,
    });
    record({
      kind: 'administration',
      occurredAt: '2025-03-03T09:45:00-05:00',
      ndc: '00000-0500-10',
      lot: 'K50-A',
      sessionId: 's-1',
      patientId: 'p-1',
      patientName: 'Jordan Lee',
      patientAddress: '12 Elm St, Columbus, OH',
      quantity: parseMg('36.5'),
      administeredBy: nurse,
    });
    record({
      kind: 'waste',
      occurredAt: '2025-03-03T09:50:00-05:00',
      ndc: '00000-0500-10',
      lot: 'K50-A',
      sessionId: 's-1',
      quantity: parseMg('13.5'),
      manner: 'drug-disposal container',
      by: nurse,
      witness: witness(doctor),
    });

    expect(balancesOf(state)).toEqual([
      expect.objectContaining({
        ndc: '00000-0500-10',
        lot: 'K50-A',
        locationId: 'safe-1',
        unit: 'ug',
        quantity: 4_950_000,
        mg: '4950',
        containers: { full: 9, partialQuantity: 450_000 },
        expiry: '2027-06',
      }),
    ]);
    expect(
      reconcileSession(
        stored.map((s) => s.entry),
        's-1',
      ),
    ).toMatchObject({ drawn: 50_000, administered: 36_500, wasted: 13_500, lost: 0, difference: 0, reconciled: true });

    record({
      kind: 'count',
      occurredAt: '2025-03-03T17:00:00-05:00',
      countKind: 'daily',
      timing: 'close-of-business',
      locationId: 'safe-1',
      countedBy: nurse,
      witness: witness(doctor),
      lines: [{ ndc: '00000-0500-10', lot: 'K50-A', fullContainers: 8, openedQuantity: 450_000, estimated: false }],
    });
    expect([...state.discrepancies.values()].map((d) => [d.expected, d.counted, d.difference, d.status])).toEqual([
      [4_950_000, 4_450_000, -500_000, 'open'],
    ]);

    expect(lossReportDeadlines('2025-03-07', ['2025-03-10'])).toMatchObject({
      deaWrittenNotice: { dueBy: '2025-03-11' },
      form106: { dueBy: '2025-04-21' },
    });
    expect(verifyLedger(stored)).toMatchObject({ intact: true, count: 5, lastHash: previousHash });
  });
});
