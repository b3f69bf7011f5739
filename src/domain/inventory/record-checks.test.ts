import { describe, expect, it } from 'vitest';
import { RuleViolationError } from '../shared/validation.js';
import {
  assertDistinctDestructionWitnesses,
  hasAdministrationAddress,
  lossDiscoveryDateProblem,
  RECORD_CHECK_CITATIONS,
} from './record-checks.js';

describe('hasAdministrationAddress', () => {
  // Source: 21 CFR 1304.22(c): the record of a substance dispensed or administered holds the name and address of
  // the person it was given to.
  it('needs an address on the patient record before an administration is recorded', () => {
    expect(hasAdministrationAddress('')).toBe(false);
    expect(hasAdministrationAddress('1 Main St, Springfield, IL 62701')).toBe(true);
    expect(RECORD_CHECK_CITATIONS.administrationAddress.source).toContain('1304.22(c)');
  });
});

describe('assertDistinctDestructionWitnesses', () => {
  // Source: DEA Form 41 section D (first and second authorised employee witnesses); 21 CFR 1317.95(d).
  it('refuses the same person twice, whatever the case or spaces of the e-mail, naming the second witness', () => {
    let refusal: unknown;
    try {
      assertDistinctDestructionWitnesses([{ email: 'nurse@clinic.example' }, { email: ' Nurse@Clinic.example ' }]);
    } catch (error) {
      refusal = error;
    }
    expect(refusal).toBeInstanceOf(RuleViolationError);
    expect(refusal).toMatchObject({ code: 'witnesses-not-distinct', field: 'witnesses.1' });
  });

  it('accepts two different people, and leaves a missing second witness to the ledger rules', () => {
    expect(() =>
      assertDistinctDestructionWitnesses([{ email: 'nurse@clinic.example' }, { email: 'doctor@clinic.example' }]),
    ).not.toThrow();
    expect(() => assertDistinctDestructionWitnesses([{ email: 'nurse@clinic.example' }])).not.toThrow();
  });
});

describe('lossDiscoveryDateProblem', () => {
  // Source: 21 CFR 1301.76(b) (notice within one business day of discovery) and 88 FR 40707 (DEA Form 106 within
  // 45 days): the discovery date starts both deadlines, so it is a day that has already come.
  it("accepts today and earlier days, and refuses a day after the clinic's today", () => {
    expect(lossDiscoveryDateProblem('2026-11-02', '2026-11-02')).toBeUndefined();
    expect(lossDiscoveryDateProblem('2026-10-30', '2026-11-02')).toBeUndefined();
    expect(lossDiscoveryDateProblem('2026-11-03', '2026-11-02')).toBe('is in the future');
  });
});
