import { describe, expect, it } from 'vitest';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { applyEntry, balanceOf, balancesOf, deriveBalances, deriveLedger } from './ledger.js';
import { ledgerConfig } from './settings.js';
import {
  ADMIN,
  DOCTOR,
  KETAMINE_100_5ML,
  KETAMINE_50_10ML,
  NURSE,
  SPRAVATO_KIT_2,
  SPRAVATO_KIT_3,
  SUPPLIER,
  Scenario,
  TECH,
  administration,
  at,
  correction,
  destruction,
  draw,
  loss,
  receipt,
  signedBy,
  transfer,
  waste,
} from './test-support.js';

function codeOf(error: unknown): string {
  if (error instanceof RuleViolationError) return error.code;
  if (error instanceof DomainValidationError) return `invalid:${error.issues.map((i) => i.field).join(',')}`;
  return error === undefined ? 'accepted' : `unexpected:${String(error)}`;
}

describe('controlled-substance ledger: balances', () => {
  // Source: 21 CFR 1304.21(a) (a complete and accurate record of each substance received and otherwise disposed of);
  // 21 CFR 1304.22(c) (containers and units per container at receipt; units or volume dispensed).
  it('derives the safe balance from a receipt, a draw, administration and witnessed waste (worked sequence)', () => {
    // Given 10 vials of ketamine 50 mg/mL x 10 mL (500 mg each) received into safe-1
    const s = new Scenario();
    s.add(receipt({ containers: 10 }));
    expect(balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-1')).toBe(5_000_000);

    // When 1 mL (50 mg) is drawn for a session, 36.5 mg administered and 13.5 mg wasted with a witness
    s.add(draw({ ml: 1 }));
    s.add(administration({ quantity: 36_500 }));
    s.add(waste({ quantity: 13_500 }));

    // Then the safe holds 4,950 mg = 9 full vials + 450 mg in the opened one, exactly
    const [balance] = balancesOf(s.state);
    expect(balance).toMatchObject({
      ndc: KETAMINE_50_10ML,
      lot: 'K50-A',
      locationId: 'safe-1',
      unit: 'ug',
      quantity: 4_950_000,
      mg: '4950',
      containers: { full: 9, partialQuantity: 450_000 },
      expiry: '2027-06',
    });
  });

  it('does not reduce the safe again when the drawn amount is administered or wasted', () => {
    const s = new Scenario();
    s.add(receipt({ containers: 1 }));
    s.add(draw({ ml: 2 }));
    const afterDraw = balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-1');
    s.add(administration({ quantity: 60_000 }));
    s.add(waste({ quantity: 40_000 }));
    expect(afterDraw).toBe(400_000);
    expect(balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-1')).toBe(400_000);
  });

  it('keeps esketamine in whole devices, with kits as containers', () => {
    // Source: FDA NDC directory 50458-028 (28 mg per device; kits of 2 and 3 devices).
    const s = new Scenario();
    s.add(receipt({ ndc: SPRAVATO_KIT_3, lot: 'ESK-1', containers: 4, unitsPerContainer: 3 }));
    s.add(
      draw({
        ndc: SPRAVATO_KIT_3,
        lot: 'ESK-1',
        quantity: 3,
        volumeUl: undefined,
        sessionId: 's-esk',
        patientId: 'p-2',
      }),
    );
    s.add(administration({ ndc: SPRAVATO_KIT_3, lot: 'ESK-1', quantity: 3, sessionId: 's-esk', patientId: 'p-2' }));
    const [b] = balancesOf(s.state);
    expect(b).toMatchObject({ unit: 'device', quantity: 9, mg: '252', containers: { full: 3, partialQuantity: 0 } });
  });

  it('moves stock between safes with a transfer, and takes it out with a return, a destruction and a loss', () => {
    // Given 4 vials in safe-1
    const s = new Scenario();
    s.add(receipt({ containers: 4 }));
    // When 2 vials move to safe-2, one is returned from safe-2, one destroyed and one lost from safe-1
    s.add(transfer());
    s.add({
      kind: 'return-to-supplier',
      occurredAt: at(1, '10:00'),
      ndc: KETAMINE_50_10ML,
      lot: 'K50-A',
      locationId: 'safe-2',
      quantity: 500_000,
      supplier: SUPPLIER,
      reference: 'RMA-7',
      by: NURSE,
    });
    s.add(destruction({ quantity: 500_000 }));
    s.add(loss({ quantity: 500_000, occurredAt: at(3) }));
    // Then: safe-1 = 4 - 2 - 1 - 1 = 0 vials; safe-2 = 2 - 1 = 1 vial
    expect(balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-1')).toBe(0);
    expect(balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-2')).toBe(500_000);
    expect(deriveBalances(s.entries).map((b) => [b.locationId, b.quantity])).toEqual([['safe-2', 500_000]]);
  });

  it('derives the same balances from the entries alone as the incremental fold', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(receipt({ ndc: KETAMINE_100_5ML, lot: 'H100', unitsPerContainer: 500_000, containers: 10 }));
    s.add(draw({ ml: 0.7 }));
    s.add(administration({ quantity: 35_000 }));
    expect(deriveBalances(s.entries)).toEqual(balancesOf(s.state));
  });
});

describe('controlled-substance ledger: refusals', () => {
  it('refuses a draw that would make the safe balance negative, and leaves the state unchanged', () => {
    // Given one 500 mg vial
    const s = new Scenario();
    s.add(receipt({ containers: 1 }));
    const before = s.state;
    // When 10.2 mL (510 mg) is drawn
    const error = s.attempt(draw({ ml: 10.2 }));
    // Then it is refused with 'negative-balance' and nothing changed
    expect(codeOf(error)).toBe('negative-balance');
    expect((error as RuleViolationError).message).toContain('holds 500 mg (10 mL)');
    expect(s.state).toBe(before);
    expect(balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-1')).toBe(500_000);
  });

  it('refuses administration or waste beyond what the session drew', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(draw({ ml: 1 }));
    expect(codeOf(s.attempt(administration({ quantity: 50_001 })))).toBe('negative-balance');
    s.add(administration({ quantity: 40_000 }));
    expect(codeOf(s.attempt(waste({ quantity: 10_001 })))).toBe('negative-balance');
    expect(codeOf(s.attempt(administration({ sessionId: 's-never-drawn' })))).toBe('negative-balance');
  });

  // Source: clinic default, on by default (clinical reference section 5: a second person witnesses waste; state
  // rule or clinic policy, not 21 CFR).
  it('refuses waste without a witness, with an unauthenticated witness, or witnessed by the person wasting', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(draw({ ml: 1 }));
    s.add(administration({ quantity: 36_500 }));
    expect(codeOf(s.attempt(waste({ witness: undefined })))).toBe('witness-required');
    expect(codeOf(s.attempt(waste({ witness: signedBy(DOCTOR, false) })))).toBe('witness-not-authenticated');
    expect(codeOf(s.attempt(waste({ witness: signedBy(NURSE) })))).toBe('witness-same-as-actor');
    expect(codeOf(s.attempt(waste()))).toBe('accepted');
  });

  it('lets a clinic turn the waste witness off, but still checks a witness who is given', () => {
    const s = new Scenario(ledgerConfig({ settings: { wasteWitnessRequired: false } }));
    s.add(receipt());
    s.add(draw({ ml: 1 }));
    expect(codeOf(s.attempt(waste({ quantity: 10_000, witness: undefined })))).toBe('accepted');
    expect(codeOf(s.attempt(waste({ quantity: 10_000, witness: signedBy(NURSE) })))).toBe('witness-same-as-actor');
  });

  // Source: DEA Form 41 section D (first and second authorised employee witnesses); 21 CFR 1317.95(d).
  it('refuses destruction without two distinct authenticated witnesses', () => {
    const s = new Scenario();
    s.add(receipt());
    expect(codeOf(s.attempt(destruction({ witnesses: [signedBy(NURSE)] })))).toBe('two-witnesses-required');
    expect(codeOf(s.attempt(destruction({ witnesses: [signedBy(NURSE), signedBy(NURSE)] })))).toBe(
      'witnesses-not-distinct',
    );
    expect(codeOf(s.attempt(destruction({ witnesses: [signedBy(NURSE), signedBy(DOCTOR, false)] })))).toBe(
      'witness-not-authenticated',
    );
    expect(codeOf(s.attempt(destruction()))).toBe('accepted');
  });

  it('refuses a draw from a lot never received or past its expiry (a month-only expiry runs to the month end)', () => {
    const s = new Scenario();
    s.add(receipt({ lot: 'OLD', expiry: '2025-03' }));
    expect(codeOf(s.attempt(draw({ lot: 'NOPE' })))).toBe('lot-not-received');
    expect(codeOf(s.attempt(draw({ lot: 'OLD', occurredAt: '2025-03-31T18:00:00-05:00' })))).toBe('accepted');
    expect(codeOf(s.attempt(draw({ lot: 'OLD', sessionId: 's-2', occurredAt: '2025-04-01T08:00:00-05:00' })))).toBe(
      'lot-expired',
    );
  });

  it('refuses a receipt of a known lot with a different expiry, and a receipt without a witness by default', () => {
    const s = new Scenario();
    s.add(receipt());
    expect(codeOf(s.attempt(receipt({ expiry: '2027-07' })))).toBe('lot-expiry-mismatch');
    expect(codeOf(s.attempt(receipt({ witness: undefined })))).toBe('witness-required');
  });

  it('keeps one patient and one kind of product per session', () => {
    const s = new Scenario();
    s.add(receipt());
    s.add(receipt({ ndc: SPRAVATO_KIT_2, lot: 'ESK', unitsPerContainer: 2 }));
    s.add(draw());
    expect(codeOf(s.attempt(draw({ patientId: 'p-other' })))).toBe('session-patient-mismatch');
    expect(codeOf(s.attempt(draw({ ndc: SPRAVATO_KIT_2, lot: 'ESK', quantity: 2, volumeUl: undefined })))).toBe(
      'session-mixed-units',
    );
    expect(codeOf(s.attempt(administration({ patientId: 'p-other' })))).toBe('session-patient-mismatch');
  });

  it('refuses opening a safe to a role the location does not allow', () => {
    const config = ledgerConfig({
      locations: [
        { locationId: 'safe-1', name: 'Main safe', openableByRoles: ['nurse', 'prescriber'] },
        { locationId: 'safe-2', name: 'Back office', openableByRoles: ['admin'] },
      ],
    });
    const s = new Scenario(config);
    s.add(receipt());
    expect(codeOf(s.attempt(transfer({ quantity: 1 })))).toBe('location-access-denied');
    expect(codeOf(s.attempt(draw({ locationId: 'safe-9' })))).toBe('invalid:event.locationId');
  });

  it('names every malformed field at once (DomainValidationError)', () => {
    const s = new Scenario();
    const error = s.attempt(
      receipt({
        ndc: '123',
        lot: '',
        containers: 0,
        supplier: { ...SUPPLIER, deaNumber: 'PE1234564' },
        occurredAt: 'yesterday',
      }),
    );
    expect(error).toBeInstanceOf(DomainValidationError);
    const fields = (error as DomainValidationError).issues.map((i) => i.field);
    expect(fields).toEqual(
      expect.arrayContaining([
        'event.occurredAt',
        'event.ndc',
        'event.lot',
        'event.containers',
        'event.supplier.deaNumber',
      ]),
    );
  });

  it('requires mg and mL that agree for a solution draw, and no volume for devices', () => {
    const s = new Scenario();
    s.add(receipt());
    expect(codeOf(s.attempt(draw({ quantity: 50_000, volumeUl: 999 })))).toBe('invalid:event.volumeUl');
    expect(codeOf(s.attempt(draw({ quantity: 50_000, volumeUl: undefined })))).toBe('invalid:event.volumeUl');
    expect(codeOf(s.attempt(receipt({ unitsPerContainer: 400_000 })))).toBe('invalid:event.unitsPerContainer');
    expect(codeOf(s.attempt(draw({ ndc: SPRAVATO_KIT_2, quantity: 1, volumeUl: 200 })))).toBe('invalid:event.volumeUl');
  });

  it('accepts entries only in sequence, once, and for one clinic', () => {
    const s = new Scenario();
    const first = s.add(receipt());
    expect(codeOf(s.attempt(receipt()))).toBe('accepted');
    expect(() => applyEntry(s.state, { ...s.next(receipt()), sequence: 7 })).toThrow(
      expect.objectContaining({ code: 'sequence-conflict' }),
    );
    expect(
      codeOf(
        (() => {
          try {
            applyEntry(s.state, { ...s.next(receipt()), entryId: first.entryId });
          } catch (e) {
            return e;
          }
          return undefined;
        })(),
      ),
    ).toBe('invalid:entryId');
    expect(
      codeOf(
        (() => {
          try {
            applyEntry(s.state, { ...s.next(receipt()), clinicId: 'other' });
          } catch (e) {
            return e;
          }
          return undefined;
        })(),
      ),
    ).toBe('invalid:clinicId');
  });

  it('throws at the first bad entry when a stored ledger does not fold', () => {
    const s = new Scenario();
    s.add(receipt({ containers: 1 }));
    const tampered = [...s.entries, { ...s.next(draw({ ml: 20 })) }];
    expect(() => deriveLedger(tampered)).toThrow(expect.objectContaining({ code: 'negative-balance' }));
  });
});

describe('controlled-substance ledger: corrections (append-only)', () => {
  it('replaces an entry by a new one that references it; the original stays in the ledger', () => {
    // Given a receipt entered as 10 vials that was really 8
    const s = new Scenario();
    const wrong = s.add(receipt({ containers: 10 }));
    // When a correction replaces it
    s.add({
      kind: 'correction',
      occurredAt: at(0, '08:30'),
      correctsEntryId: wrong.entryId,
      reason: 'Packing slip says 8 vials',
      replacement: receipt({ containers: 8 }),
      by: ADMIN,
    });
    // Then the balance follows the correction and both entries remain
    expect(balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-1')).toBe(4_000_000);
    expect(s.entries).toHaveLength(2);
    expect(s.entries[0]).toBe(wrong);
  });

  it('voids an entry, but refuses a correction that would make a balance negative', () => {
    const s = new Scenario();
    const r = s.add(receipt({ containers: 1 }));
    const d = s.add(draw({ ml: 2 }));
    // Voiding the receipt would leave the draw without stock
    expect(codeOf(s.attempt(correction(r.entryId, 'duplicate')))).toBe('negative-balance');
    // Voiding the draw returns its stock to the safe
    s.add(correction(d.entryId, 'entered twice'));
    expect(balanceOf(s.state, KETAMINE_50_10ML, 'K50-A', 'safe-1')).toBe(500_000);
    expect(codeOf(s.attempt(correction(d.entryId, 'again')))).toBe('entry-voided');
  });

  it('refuses a replacement of another kind, a correction of a count, and an unknown target', () => {
    const s = new Scenario();
    const r = s.add(receipt());
    expect(codeOf(s.attempt(correction(r.entryId, 'x', draw())))).toBe('invalid:event.replacement.kind');
    const c = s.add({
      kind: 'count',
      occurredAt: at(0, '17:00'),
      countKind: 'daily',
      locationId: 'safe-1',
      lines: [],
      countedBy: TECH,
    });
    expect(codeOf(s.attempt(correction(c.entryId, 'x')))).toBe('not-correctable');
    expect(codeOf(s.attempt(correction('e-404', 'x')))).toBe('correction-target-not-found');
  });
});
