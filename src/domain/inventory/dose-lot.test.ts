import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../shared/validation.js';
import { chooseDoseLot, doseLotsFor } from './dose-lot.js';
import type { StockBalance } from './ledger.js';
import { PRODUCTS } from './products.js';

const KETAMINE = '00000-0500-10';
const KIT = '50458-028-02';
const balance = (ndc: string, lot: string, quantity: number, expiry: string, locationId = 'safe'): StockBalance => ({
  ndc,
  lot,
  locationId,
  productId: 'x',
  unit: ndc === KIT ? 'device' : 'ug',
  quantity,
  mg: '0',
  containers: { full: 0, partialQuantity: 0 },
  expiry,
});

// Source: 21 CFR 1304.22(c): what is administered is recorded against the stock the registrant received; a lot the
// ledger never received, or one past its expiry, cannot be the lot of a dose (issue 10 item 14).
describe('dose lots from the ledger', () => {
  const balances = [
    balance(KETAMINE, 'K-A', 300_000, '2027-06', 'safe'),
    balance(KETAMINE, 'K-A', 200_000, '2027-06', 'cart'),
    balance(KETAMINE, 'K-OLD', 100_000, '2026-10'),
    balance(KETAMINE, 'K-EMPTY', 0, '2028-01'),
    balance(KIT, 'E-1', 2, '2027-01'),
  ];

  it('offers the lots of the drug held in any safe, summed, plus lots drawn for the session', () => {
    const lots = doseLotsFor({
      drug: 'ketamine-hcl',
      balances,
      products: PRODUCTS,
      sessionLots: [{ ndc: KETAMINE, lot: 'K-EMPTY', expiry: '2028-01' }],
    });
    expect(lots.map((l) => [l.lot, l.heldMg, l.drawnForSession])).toEqual([
      ['K-OLD', '100', false],
      ['K-A', '500', false],
      ['K-EMPTY', '0', true],
    ]);
    expect(lots.find((l) => l.lot === 'K-A')?.usableUntil).toBe('2027-06-30');
    expect(doseLotsFor({ drug: 'esketamine-hcl', balances, products: PRODUCTS }).map((l) => [l.lot, l.heldMg])).toEqual(
      [['E-1', '56']],
    );
  });

  it('refuses a lot that is not held, and an expired one, naming lotNumber', () => {
    const lots = doseLotsFor({ drug: 'ketamine-hcl', balances, products: PRODUCTS });
    expect(chooseDoseLot({ lots, lotNumber: ' K-A ', on: '2026-11-02' }).ndc).toBe(KETAMINE);
    for (const [lotNumber, code] of [
      ['K123', 'lot-not-in-stock'],
      ['E-1', 'lot-not-in-stock'],
      ['K-EMPTY', 'lot-not-in-stock'],
      ['K-OLD', 'lot-expired'],
    ] as const) {
      let error: unknown;
      try {
        chooseDoseLot({ lots, lotNumber, on: '2026-11-02' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(RuleViolationError);
      expect(error).toMatchObject({ code, field: 'lotNumber' });
    }
  });
});
