import { describe, expect, it } from 'vitest';
import { PRODUCTS, findProduct } from '../../../domain/inventory/index.js';
import { DomainValidationError, RuleViolationError } from '../../../domain/shared/validation.js';
import { BadRequestError } from '../../errors/http-errors.js';
import { exactAmount, requestField, withRequestFields } from './ledger-amounts.js';
import { clinicInstant } from './ledger-time.js';
import { localDateOf as clinicDate } from '../clinics/clinic-time.js';

const vial50 = findProduct(PRODUCTS, '00000-0500-10')!;
const kit3 = findProduct(PRODUCTS, '50458-028-03')!;

describe('request amounts', () => {
  it('turns mg and mL text into exact micrograms and microlitres, never rounding', () => {
    expect(exactAmount(vial50, { mg: '36.5' })).toEqual({ quantity: 36_500, volumeUl: 730 });
    expect(exactAmount(vial50, { mg: 13.5 })).toEqual({ quantity: 13_500, volumeUl: 270 });
    expect(exactAmount(vial50, { ml: '0.73' })).toEqual({ quantity: 36_500, volumeUl: 730 });
    expect(exactAmount(vial50, { mg: '50', ml: '2' })).toEqual({ quantity: 50_000, volumeUl: 2000 });
    // 0.001 mg at 50 mg/mL is 0.02 uL: no whole volume, so none is given (a draw then asks for amount.ml).
    expect(exactAmount(vial50, { mg: '0.001' })).toEqual({ quantity: 1 });
    expect(exactAmount(vial50, { containers: 2 })).toEqual({ quantity: 1_000_000, volumeUl: 20_000 });
    expect(() => exactAmount(vial50, { mg: 1.0001 })).toThrow(BadRequestError);
  });

  it('counts esketamine in devices or whole kits, and refuses mg for it', () => {
    expect(exactAmount(kit3, { devices: 2 })).toEqual({ quantity: 2 });
    expect(exactAmount(kit3, { containers: 2 })).toEqual({ quantity: 6 });
    expect(() => exactAmount(kit3, { mg: '56' })).toThrow(/counted in devices/);
    expect(() => exactAmount(vial50, { devices: 1 })).toThrow(/solution/);
  });

  it('takes exactly one way of giving the amount', () => {
    expect(() => exactAmount(vial50, { mg: '50', containers: 1 })).toThrow(/one way/);
  });
});

describe('request field names', () => {
  it('names what the user typed, not the stored event field', () => {
    expect(requestField('event.quantity')).toBe('amount');
    expect(requestField('event.volumeUl')).toBe('amount.ml');
    expect(requestField('event.witness.authenticated')).toBe('witness');
    expect(requestField('event.witnesses.1.userId')).toBe('witnesses.1');
    expect(requestField('event.replacement.quantity')).toBe('replacement.amount');
    expect(requestField('event.lines.2.openedQuantity')).toBe('lines.2.opened');
    expect(requestField('event.locationId')).toBe('locationId');
    expect(requestField(undefined)).toBeUndefined();
  });

  it('rewrites domain errors and keeps their codes', () => {
    expect(() => withRequestFields(new RuleViolationError('negative-balance', 'too much', 'event.quantity'))).toThrow(
      expect.objectContaining({ code: 'negative-balance', field: 'amount' }),
    );
    expect(() =>
      withRequestFields(new DomainValidationError([{ field: 'event.volumeUl', message: 'is required' }])),
    ).toThrow(expect.objectContaining({ issues: [{ field: 'amount.ml', message: 'is required' }] }));
  });
});

describe('clinic time', () => {
  it("writes instants with the clinic's offset, so the calendar date is the clinic's", () => {
    expect(clinicInstant(new Date('2026-11-02T15:00:00.123Z'), 'America/New_York')).toBe('2026-11-02T10:00:00-05:00');
    expect(clinicInstant(new Date('2026-07-02T04:00:00Z'), 'America/New_York')).toBe('2026-07-02T00:00:00-04:00');
    expect(clinicInstant(new Date('2026-11-02T15:00:00Z'), 'UTC')).toBe('2026-11-02T15:00:00+00:00');
    expect(clinicDate(new Date('2026-11-03T03:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-02');
  });
});
