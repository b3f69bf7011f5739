import { describe, expect, it } from 'vitest';
import { checkDeaNumber, deaCheckDigit } from './dea-number.js';

// Source: DEA registration number check digit as published in pharmacy references (takerx.com "Verify a DEA
// number"): 2 letters + 7 digits; last digit of (d1+d3+d5) + 2*(d2+d4+d6) equals d7. Not in 21 CFR.
describe('DEA registration number', () => {
  it('accepts numbers whose check digit matches (published worked examples)', () => {
    expect(deaCheckDigit('583672')).toBe(7); // AP5836727: 5+3+7 = 15, 2*(8+6+2) = 32, 47 -> 7
    expect(checkDeaNumber('AP5836727')).toEqual({ valid: true, normalised: 'AP5836727', registrantType: 'A' });
    expect(checkDeaNumber(' bj1234563 ').valid).toBe(true);
    expect(checkDeaNumber('F91234563').valid).toBe(true); // business-address registrant: second character 9
  });

  it('refuses a wrong check digit, a bad shape and an unknown registrant letter', () => {
    expect(checkDeaNumber('AP5836728')).toMatchObject({
      valid: false,
      reason: 'check-digit',
      message: 'check digit should be 7',
    });
    expect(checkDeaNumber('AP583672')).toMatchObject({ valid: false, reason: 'format' });
    expect(checkDeaNumber('A15836727')).toMatchObject({ valid: false, reason: 'format' });
    expect(checkDeaNumber('QP5836727')).toMatchObject({ valid: false, reason: 'registrant-type' });
  });
});
