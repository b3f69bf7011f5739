import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../shared/validation.js';
import { discrepancyIdFor } from './ledger.js';
import { openDiscrepancies, reconcileSession, sessionReconciliation, unreconciledSessions } from './reconciliation.js';
import {
  ADMIN,
  DOCTOR,
  KETAMINE_50_10ML,
  NURSE,
  SPRAVATO_KIT_2,
  Scenario,
  TECH,
  administration,
  at,
  count,
  draw,
  loss,
  receipt,
  waste,
} from './test-support.js';

function codeOf(error: unknown): string {
  return error instanceof RuleViolationError ? error.code : error === undefined ? 'accepted' : String(error);
}

describe('reconciliation per session: drawn = administered + wasted, exactly', () => {
  // Source: 21 CFR 1304.22(c): units or volume dispensed (administered) and units disposed of in any other manner.
  it('reconciles a session when the draw is fully administered and wasted', () => {
    // Given 50 mg drawn, 36.5 mg administered, 13.5 mg wasted with a witness
    const s = new Scenario();
    s.add(receipt());
    s.add(draw({ ml: 1 }));
    s.add(administration({ quantity: 36_500 }));
    s.add(waste({ quantity: 13_500 }));
    // Then the session is reconciled to the microgram
    expect(reconcileSession(s.entries, 's-1')).toEqual({
      sessionId: 's-1',
      patientId: 'p-1',
      unit: 'ug',
      firstDrawAt: at(0, '09:00'),
      drawn: 50_000,
      administered: 36_500,
      wasted: 13_500,
      lost: 0,
      difference: 0,
      reconciled: true,
      lines: [
        {
          ndc: KETAMINE_50_10ML,
          lot: 'K50-A',
          drawn: 50_000,
          administered: 36_500,
          wasted: 13_500,
          lost: 0,
          difference: 0,
        },
      ],
    });
    expect(unreconciledSessions(s.entries)).toEqual([]);
  });

  it('lists a session as unreconciled until its waste is recorded', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(draw({ ml: 1 }));
    s.add(administration({ quantity: 36_500 }));
    expect(unreconciledSessions(s.entries).map((r) => [r.sessionId, r.difference])).toEqual([['s-1', 13_500]]);
    s.add(waste({ quantity: 13_500 }));
    expect(unreconciledSessions(s.entries)).toEqual([]);
  });

  it('reconciles each lot separately when a session draws from two lots', () => {
    const s = new Scenario();
    s.add(receipt({ lot: 'A' }));
    s.add(receipt({ lot: 'B' }));
    s.add(draw({ lot: 'A', ml: 1 }));
    s.add(draw({ lot: 'B', ml: 1 }));
    // 60 mg administered in total, but 50 from A and only 10 recorded from B: B still holds 40 mg
    s.add(administration({ lot: 'A', quantity: 50_000 }));
    s.add(administration({ lot: 'B', quantity: 10_000 }));
    const r = sessionReconciliation(s.state, 's-1');
    expect(r?.reconciled).toBe(false);
    expect(r?.lines.map((l) => [l.lot, l.difference])).toEqual([
      ['A', 0],
      ['B', 40_000],
    ]);
    expect(r?.difference).toBe(40_000);
  });

  it('reconciles esketamine in devices, and counts a loss from the session as accounted for', () => {
    const s = new Scenario();
    s.add(receipt({ ndc: SPRAVATO_KIT_2, lot: 'E1', unitsPerContainer: 2 }));
    s.add(draw({ ndc: SPRAVATO_KIT_2, lot: 'E1', quantity: 3, volumeUl: undefined, sessionId: 's-e' }));
    s.add(administration({ ndc: SPRAVATO_KIT_2, lot: 'E1', quantity: 2, sessionId: 's-e' }));
    expect(reconcileSession(s.entries, 's-e')?.reconciled).toBe(false);
    s.add(
      loss({
        ndc: SPRAVATO_KIT_2,
        lot: 'E1',
        quantity: 1,
        source: { from: 'session', sessionId: 's-e' },
        lossType: 'other',
        circumstances: 'Device dropped and not found',
      }),
    );
    expect(reconcileSession(s.entries, 's-e')).toMatchObject({
      unit: 'device',
      drawn: 3,
      administered: 2,
      wasted: 0,
      lost: 1,
      difference: 0,
      reconciled: true,
    });
  });

  it('returns undefined for a session that drew nothing', () => {
    expect(reconcileSession([], 's-x')).toBeUndefined();
  });
});

describe('counts and discrepancies', () => {
  it('opens no discrepancy when the count matches the derived balance', () => {
    // Given 10 vials received and 50 mg drawn: 9 full + 450 mg
    const s = new Scenario();
    s.add(receipt());
    s.add(draw({ ml: 1 }));
    s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 450_000, estimated: false }]),
    );
    expect(openDiscrepancies(s.entries)).toEqual([]);
  });

  it('opens a discrepancy for a missing vial, and one for a lot the count left out', () => {
    const s = new Scenario();
    s.add(receipt({ lot: 'A', containers: 10 }));
    s.add(receipt({ lot: 'B', containers: 2 }));
    // When the count finds 9 vials of A and does not list B
    const c = s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'A', fullContainers: 9, openedQuantity: 0, estimated: false }]),
    );
    const open = openDiscrepancies(s.entries);
    expect(open.map((d) => [d.lot, d.expected, d.counted, d.difference])).toEqual([
      ['A', 5_000_000, 4_500_000, -500_000],
      ['B', 1_000_000, 0, -1_000_000],
    ]);
    expect(open[0]?.discrepancyId).toBe(discrepancyIdFor(c.entryId, KETAMINE_50_10ML, 'A'));
    expect(open[0]?.status).toBe('open');
  });

  it('lets an admin explain a discrepancy, and refuses a non-admin', () => {
    const s = new Scenario();
    s.add(receipt());
    const c = s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 11, openedQuantity: 0, estimated: false }]),
    );
    const id = discrepancyIdFor(c.entryId, KETAMINE_50_10ML, 'K50-A');
    const resolve = {
      kind: 'discrepancy-resolution' as const,
      occurredAt: at(0, '17:30'),
      discrepancyId: id,
      resolution: 'explained' as const,
      reason: 'Recount: 10 vials; a vial was counted twice',
    };
    expect(codeOf(s.attempt({ ...resolve, resolvedBy: NURSE }))).toBe('admin-required');
    s.add({ ...resolve, resolvedBy: ADMIN });
    expect(openDiscrepancies(s.entries)).toEqual([]);
    expect(s.state.discrepancies.get(id)).toMatchObject({
      status: 'explained',
      resolution: { reason: resolve.reason, resolvedBy: ADMIN },
    });
    expect(codeOf(s.attempt({ ...resolve, resolvedBy: ADMIN }))).toBe('discrepancy-not-open');
  });

  it('turns a shortage into a loss report, which takes the missing stock off the books', () => {
    // Given a count that finds 9 of 10 vials
    const s = new Scenario();
    s.add(receipt());
    const c = s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 0, estimated: false }]),
    );
    const id = discrepancyIdFor(c.entryId, KETAMINE_50_10ML, 'K50-A');
    // When the admin records the loss and resolves the discrepancy with it
    const l = s.add(loss({ quantity: 500_000 }));
    s.add({
      kind: 'discrepancy-resolution',
      occurredAt: at(1, '11:00'),
      discrepancyId: id,
      resolution: 'loss-reported',
      reason: 'Vial not found; DEA notified',
      lossEntryId: l.entryId,
      resolvedBy: ADMIN,
    });
    // Then nothing is open and the next count matches the books
    expect(openDiscrepancies(s.entries)).toEqual([]);
    s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 0, estimated: false }], {
        occurredAt: at(1, '17:00'),
      }),
    );
    expect(openDiscrepancies(s.entries)).toEqual([]);
    // And the loss that resolved it can no longer be voided
    expect(
      codeOf(
        s.attempt({
          kind: 'correction',
          occurredAt: at(2),
          correctsEntryId: l.entryId,
          reason: 'found it',
          replacement: null,
          by: ADMIN,
        }),
      ),
    ).toBe('entry-referenced');
  });

  it('refuses to resolve an overage as a loss, or with a loss of another lot', () => {
    const s = new Scenario();
    s.add(receipt({ lot: 'A' }));
    s.add(receipt({ lot: 'B' }));
    const c = s.add(
      count([
        { ndc: KETAMINE_50_10ML, lot: 'A', fullContainers: 11, openedQuantity: 0, estimated: false },
        { ndc: KETAMINE_50_10ML, lot: 'B', fullContainers: 9, openedQuantity: 0, estimated: false },
      ]),
    );
    const l = s.add(loss({ lot: 'A' }));
    const base = {
      kind: 'discrepancy-resolution' as const,
      occurredAt: at(1),
      resolution: 'loss-reported' as const,
      reason: 'x',
      lossEntryId: l.entryId,
      resolvedBy: ADMIN,
    };
    expect(codeOf(s.attempt({ ...base, discrepancyId: discrepancyIdFor(c.entryId, KETAMINE_50_10ML, 'A') }))).toBe(
      'loss-mismatch',
    );
    expect(codeOf(s.attempt({ ...base, discrepancyId: discrepancyIdFor(c.entryId, KETAMINE_50_10ML, 'B') }))).toBe(
      'loss-mismatch',
    );
  });

  // Source: 21 CFR 1304.11(e)(3): in the inventory, an opened Schedule III container may be estimated.
  it('accepts an estimated opened vial in the biennial inventory, compared by whole containers', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(draw({ ml: 1 }));
    s.add(administration({ quantity: 50_000 }));
    // Books: 9 full + 450 mg. The inventory estimates the opened vial at "about 9 mL" (450 mg) or 8 mL (400 mg)
    s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 400_000, estimated: true }], {
        countKind: 'biennial-inventory',
        timing: 'opening-of-business',
      }),
    );
    expect(openDiscrepancies(s.entries)).toEqual([]);
    // A missing whole vial is still a discrepancy, estimate or not
    s.add(
      count([{ ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 8, openedQuantity: 450_000, estimated: true }], {
        countKind: 'biennial-inventory',
        timing: 'opening-of-business',
        occurredAt: at(1),
      }),
    );
    expect(openDiscrepancies(s.entries)).toHaveLength(1);
  });

  // Source: 21 CFR 1304.11(a) (opening or close of business) and (e)(3); clinic default: shift/daily counts are exact.
  it('refuses an estimate in a shift count and an inventory without opening/close of business', () => {
    const s = new Scenario();
    s.add(receipt());
    const line = { ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 9, openedQuantity: 400_000, estimated: true };
    expect(() => s.add(count([line], { countKind: 'shift' }))).toThrow(/lines\.0\.estimated/);
    expect(() => s.add(count([line], { countKind: 'biennial-inventory', timing: undefined }))).toThrow(/event\.timing/);
  });

  it('opens a discrepancy for stock found that the books do not hold', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(
      count(
        [
          { ndc: KETAMINE_50_10ML, lot: 'K50-A', fullContainers: 10, openedQuantity: 0, estimated: false },
          { ndc: KETAMINE_50_10ML, lot: 'UNKNOWN', fullContainers: 1, openedQuantity: 0, estimated: false },
        ],
        { countedBy: TECH, witness: { userId: DOCTOR.userId, name: DOCTOR.name, authenticated: true } },
      ),
    );
    expect(openDiscrepancies(s.entries).map((d) => [d.lot, d.difference])).toEqual([['UNKNOWN', 500_000]]);
  });
});
