import { describe, expect, it } from 'vitest';
import {
  readableSummary,
  amountFromDraft,
  checkDecimal,
  countLineKey,
  EMPTY_AMOUNT,
  parseCountLine,
  EMPTY_WITNESS,
  shiftIsoDate,
  shortHash,
  thousandthsText,
  unitsText,
  witnessFromDraft,
  witnessNames,
} from './ledger-format';

describe('controlled-substance amounts on screen', () => {
  it('shows micrograms as exact milligrams, with the unit', () => {
    expect(unitsText('ug', 36_500)).toBe('36.5 mg');
    expect(unitsText('ug', 4_900_000)).toBe('4900 mg');
    expect(unitsText('ug', 1)).toBe('0.001 mg');
    expect(unitsText('ug', -500_000)).toBe('-500 mg');
  });

  it('shows devices whole, with the unit', () => {
    expect(unitsText('device', 1)).toBe('1 device');
    expect(unitsText('device', 7)).toBe('7 devices');
  });

  it('formats thousandths without binary-float error (0.1 + 0.2 would not be 0.3)', () => {
    expect(thousandthsText(100 + 200)).toBe('0.3');
    expect(thousandthsText(12_345)).toBe('12.345');
    expect(thousandthsText(12_340)).toBe('12.34');
    expect(() => thousandthsText(1.5)).toThrow(RangeError);
  });
});

describe('amounts typed into a form', () => {
  it('keeps the text exactly as typed (trimmed), never a rounded number', () => {
    expect(checkDecimal(' 36.5 ', 'mg')).toEqual({ ok: true, value: '36.5' });
    expect(checkDecimal('0.125', 'mL')).toEqual({ ok: true, value: '0.125' });
  });

  it('refuses a fourth decimal instead of rounding it away', () => {
    expect(checkDecimal('36.5004', 'mg')).toEqual({
      ok: false,
      message: 'Use at most 3 decimals: amounts are never rounded.',
    });
  });

  it('refuses commas, signs and units in the box', () => {
    for (const typed of ['36,5', '-5', '36.5 mg', '.5', '']) expect(checkDecimal(typed, 'mg').ok).toBe(false);
  });

  it('builds { mg }, { ml } or both for a solution', () => {
    const vial = { unit: 'ug' as const };
    expect(amountFromDraft(vial, { ...EMPTY_AMOUNT, mg: '72.5' })).toEqual({ ok: true, amount: { mg: '72.5' } });
    expect(amountFromDraft(vial, { ...EMPTY_AMOUNT, ml: '1' })).toEqual({ ok: true, amount: { ml: '1' } });
    expect(amountFromDraft(vial, { ...EMPTY_AMOUNT, mg: '100', ml: '1' })).toEqual({
      ok: true,
      amount: { mg: '100', ml: '1' },
    });
    expect(amountFromDraft(vial, EMPTY_AMOUNT)).toEqual({
      ok: false,
      errors: { mg: 'Enter the amount in mg (and mL if you measured the volume).' },
    });
  });

  it('builds { devices } for a nasal-spray kit, whole devices only', () => {
    const kit = { unit: 'device' as const };
    expect(amountFromDraft(kit, { ...EMPTY_AMOUNT, devices: '3' })).toEqual({ ok: true, amount: { devices: 3 } });
    expect(amountFromDraft(kit, { ...EMPTY_AMOUNT, devices: '1.5' }).ok).toBe(false);
    expect(amountFromDraft(kit, { ...EMPTY_AMOUNT, devices: '0' }).ok).toBe(false);
  });
});

describe('ledger entry details', () => {
  it('shortens a hash for reading and leaves a short one alone', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…`);
    expect(shortHash('abc')).toBe('abc');
  });

  it('names the witness or both witnesses of an entry', () => {
    expect(witnessNames({ witness: { userId: 'u', name: 'Dr Priya Prescriber', authenticated: true } })).toBe(
      'Dr Priya Prescriber',
    );
    expect(witnessNames({ witnesses: [{ name: 'A' }, { name: 'B' }] })).toBe('A and B');
    expect(witnessNames({ kind: 'administration' })).toBeUndefined();
  });

  it('shifts calendar dates across month ends', () => {
    expect(shiftIsoDate('2026-12-01', -1)).toBe('2026-11-30');
    expect(shiftIsoDate('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('the witness signing in inside a form', () => {
  it("sends the witness's own email and password", () => {
    expect(
      witnessFromDraft({ email: ' prescriber@demo.ketaclinic.test ', password: 'secret pass', totpCode: '' }),
    ).toEqual({ ok: true, witness: { email: 'prescriber@demo.ketaclinic.test', password: 'secret pass' } });
  });

  it('or a 6-digit authenticator code instead of the password', () => {
    expect(witnessFromDraft({ email: 'p@example.com', password: '', totpCode: '123456' })).toEqual({
      ok: true,
      witness: { email: 'p@example.com', totpCode: '123456' },
    });
    expect(witnessFromDraft({ email: 'p@example.com', password: '', totpCode: '12345' })).toMatchObject({
      ok: false,
      errors: { 'witness.totpCode': expect.any(String) },
    });
  });

  it('refuses a witness with no credentials at all, naming both boxes', () => {
    const result = witnessFromDraft(EMPTY_WITNESS);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : Object.keys(result.errors).sort()).toEqual(['witness.email', 'witness.password']);
  });
});

describe('a counted line (daily count and inventory forms)', () => {
  const vials = { ndc: '0001-0001-01', lot: 'A1', unit: 'ug' as const };
  const kits = { ndc: '0002-0002-02', lot: 'K9', unit: 'device' as const };
  const key = countLineKey(vials);

  it('sends full containers and the opened amount exactly as typed', () => {
    expect(parseCountLine(vials, { full: '9', opened: '400' }, 'missing')).toEqual({
      line: { ndc: vials.ndc, lot: 'A1', fullContainers: 9, opened: { mg: '400' } },
      errors: {},
    });
    expect(parseCountLine(vials, { full: '0', opened: ' ' }, 'missing').line).toEqual({
      ndc: vials.ndc,
      lot: 'A1',
      fullContainers: 0,
    });
  });

  it('counts devices in whole numbers, and 0 opened devices as none', () => {
    expect(parseCountLine(kits, { full: '2', opened: '1' }, 'missing').line?.opened).toEqual({ devices: 1 });
    expect(parseCountLine(kits, { full: '2', opened: '0' }, 'missing').line).toEqual({
      ndc: kits.ndc,
      lot: 'K9',
      fullContainers: 2,
    });
    expect(parseCountLine(kits, { full: '2', opened: '1.5' }, 'missing').errors).toEqual({
      [`${countLineKey(kits)}:opened`]: 'Enter a whole number of devices.',
    });
  });

  it('names each field it refuses, with the page wording for a missing full count, and sends no line without it', () => {
    const parsed = parseCountLine(vials, { full: '', opened: '1.2345' }, 'Enter the number of full vials.');
    expect(parsed.line).toBeUndefined();
    expect(parsed.errors[`${key}:full`]).toBe('Enter the number of full vials.');
    expect(parsed.errors[`${key}:opened`]).toBeDefined();
  });
});

describe('readableSummary', () => {
  const locations = [
    { locationId: 'main-safe', name: 'Main safe (medication room)' },
    { locationId: 'main', name: 'Main cabinet' },
  ];

  it('names storage locations and leaves out session ids', () => {
    expect(
      readableSummary(
        'Drew 50 mg (1 mL) of lot K50-A from main-safe for session 0b6f3d7e-1c2a-4f5b-9d8e-7a6b5c4d3e2f',
        locations,
      ),
    ).toBe('Drew 50 mg (1 mL) of lot K50-A from Main safe (medication room) for the session');
  });

  it('replaces whole location ids only', () => {
    expect(readableSummary('Moved 1 vial of lot main-7 from main to main-safe', locations)).toBe(
      'Moved 1 vial of lot main-7 from Main cabinet to Main safe (medication room)',
    );
  });
});
