import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { additionalHourUnits, billingCodesForSession, DEFAULT_BILLING_SETTINGS } from './session-billing.js';

const codes = (b: ReturnType<typeof billingCodesForSession>): string[] => b.lines.map((l) => `${l.code}x${l.units}`);

describe('billingCodesForSession, IV ketamine', () => {
  // Source: AMA CPT 96365/96366 time rules as restated by AAPC: more than 15 min for 96365; a partial additional hour
  // counts when it runs more than 30 min past the hour (75 min = 96365 only; 1 h 45 min = 96365 + 96366).
  it('bills a 40-minute infusion as 96365 once', () => {
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 40, diagnoses: ['F33.2'] })),
    ).toEqual(['96365x1']);
  });

  it('needs more than 15 minutes for 96365', () => {
    const short = billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 15, diagnoses: ['F33.2'] });
    expect(short.lines).toEqual([]);
    expect(short.notes[0]).toContain('96365 does not apply');
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 16, diagnoses: ['F33.2'] })),
    ).toEqual(['96365x1']);
  });

  it('adds 96366 only when the partial hour runs more than 30 minutes past the hour', () => {
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 75, diagnoses: ['F33.2'] })),
    ).toEqual(['96365x1']);
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 90, diagnoses: ['F33.2'] })),
    ).toEqual(['96365x1']);
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 91, diagnoses: ['F33.2'] })),
    ).toEqual(['96365x1', '96366x1']);
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 105, diagnoses: ['F33.2'] })),
    ).toEqual(['96365x1', '96366x1']);
  });

  // Source: Cohen 2018 (ASRA/AAPM/ASA): CRPS infusions of 4 hours.
  it('counts additional hours of a 4-hour pain infusion', () => {
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine-pain', infusionMinutes: 240, diagnoses: ['G90.512'] })),
    ).toEqual(['96365x1', '96366x3']);
    expect(additionalHourUnits(150)).toBe(1);
    expect(additionalHourUnits(151)).toBe(2);
  });

  it('uses the clinic setting when a payer counts the partial hour differently', () => {
    const settings = { ...DEFAULT_BILLING_SETTINGS, ivAdditionalHourMoreThanMin: 29 };
    expect(
      codes(billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 90, diagnoses: ['F33.2'], settings })),
    ).toEqual(['96365x1', '96366x1']);
  });
});

describe('billingCodesForSession, esketamine', () => {
  // Source: CMS HCPCS G2082 (up to 56 mg) and G2083 (more than 56 mg), each including 2 hours of observation.
  it('bills 28 and 56 mg as G2082 and 84 mg as G2083', () => {
    expect(
      codes(billingCodesForSession({ modality: 'esketamine-nasal', esketamineDoseMg: 28, diagnoses: ['F33.2'] })),
    ).toEqual(['G2082x1']);
    expect(
      codes(billingCodesForSession({ modality: 'esketamine-nasal', esketamineDoseMg: 56, diagnoses: ['F33.2'] })),
    ).toEqual(['G2082x1']);
    expect(
      codes(billingCodesForSession({ modality: 'esketamine-nasal', esketamineDoseMg: 84, diagnoses: ['F33.2'] })),
    ).toEqual(['G2083x1']);
  });

  it('notes a new patient and an observation shorter than 2 hours', () => {
    const b = billingCodesForSession({
      modality: 'esketamine-nasal',
      esketamineDoseMg: 56,
      diagnoses: ['F33.2'],
      isEstablishedPatient: false,
      observationMinutes: 110,
    });
    expect(b.notes).toHaveLength(2);
  });

  it('rejects a dose that is not whole devices', () => {
    expect(() =>
      billingCodesForSession({ modality: 'esketamine-nasal', esketamineDoseMg: 70, diagnoses: ['F33.2'] }),
    ).toThrow(/esketamineDoseMg/);
  });
});

describe('diagnoses', () => {
  it('normalise ICD-10-CM codes, keep the primary first and drop duplicates', () => {
    const b = billingCodesForSession({
      modality: 'esketamine-nasal',
      esketamineDoseMg: 56,
      diagnoses: ['f33.2', 'R45851', 'F33.2', 'F41.1'],
    });
    expect(b.diagnoses.map((d) => d.code)).toEqual(['F33.2', 'R45.851', 'F41.1']);
    expect(b.diagnoses[0]).toMatchObject({
      description: 'Major depressive disorder, recurrent, severe without psychotic features',
      isCommon: true,
    });
  });

  it('accept other well-formed codes and refuse headings and nonsense, naming the entry', () => {
    expect(
      billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 40, diagnoses: ['F31.32'] }).diagnoses[0],
    ).toMatchObject({ code: 'F31.32', isCommon: false });
    expect(() => billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 40, diagnoses: ['F33'] })).toThrow(
      /diagnoses.0: F33 is a category heading/,
    );
    expect(() =>
      billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 40, diagnoses: ['depression'] }),
    ).toThrow(DomainValidationError);
    expect(() => billingCodesForSession({ modality: 'iv-ketamine', infusionMinutes: 40, diagnoses: [] })).toThrow(
      /diagnoses/,
    );
  });
});
