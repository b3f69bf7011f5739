import { describe, expect, it } from 'vitest';
import { evaluateEligibility } from './evaluate.js';
import { MEDICINES, classifyMedicationList, normaliseMedicine } from './medications.js';
import { FAILED_SERTRALINE_TRIAL } from './trials.testing.js';

const ingredients = (written: string) => normaliseMedicine(written).ingredients.map((e) => e.ingredient);
const adultTrd = {
  age: 40,
  systolic: 120,
  diastolic: 80,
  pregnant: false,
  diagnoses: ['F33.2'],
  trials: [
    FAILED_SERTRALINE_TRIAL,
    { drug: 'bupropion', doseMgPerDay: 300, weeks: 8, adherence: 'good', outcome: 'no-response', currentEpisode: true },
  ],
};

describe('normaliseMedicine', () => {
  // Source: SPRAVATO US PI section 7 (Drug Interactions): the classes are ingredients, whatever the name written.
  // Before rule set 2.0.0 only exact generic names matched, so each of these gave no reason at all.
  it.each([
    ['Xanax', ['alprazolam']],
    ['Xanax 0.5 mg', ['alprazolam']],
    ['Adderall XR', ['amphetamine']],
    ['Adderall XR 20mg daily', ['amphetamine']],
    ['lorazepam 1 mg', ['lorazepam']],
    ['Lorazepam 1mg at night PRN', ['lorazepam']],
    ['linezolid', ['linezolid']],
    ['Zyvox 600 mg', ['linezolid']],
    ['methylene blue', ['methylene blue']],
    ['bupropion HCl XL 300 mg', ['bupropion']],
    ['Wellbutrin XL', ['bupropion']],
    ['sertraline hydrochloride 50 mg tablet', ['sertraline']],
    ['Concerta 36 mg', ['methylphenidate']],
    ['alprazolam (Xanax)', ['alprazolam']],
    ['oxycodone/acetaminophen 5/325', ['oxycodone', 'acetaminophen']],
    ['Percocet', ['oxycodone']],
    ['Suboxone film', ['buprenorphine']],
    ['sodium oxybate', ['sodium oxybate']],
    ['dextroamphetamine-amphetamine ER', ['dextroamphetamine', 'amphetamine']],
  ])('reads %s as %j', (written, expected) => {
    expect(ingredients(written)).toEqual(expected);
  });

  it('leaves a name it does not know unrecognised instead of guessing', () => {
    expect(normaliseMedicine('kratom extract').ingredients).toEqual([]);
    // No guessing from part of a name: Tylenol PM also contains diphenhydramine, a sedative.
    expect(normaliseMedicine('Tylenol PM').ingredients).toEqual([]);
    expect(classifyMedicationList(['Claritin-D']).unrecognised).toEqual(['D (in Claritin-D)']);
  });

  it('recognises common medicines outside the label classes, so they raise no reason', () => {
    const result = classifyMedicationList(['lisinopril 10 mg', 'Lipitor 20mg', 'metformin ER 500 mg']);
    expect(result.unrecognised).toEqual([]);
    expect(result.classes.size).toBe(0);
  });

  it('carries RxNorm ingredient codes only as published, e.g. sertraline 36437 and methylene blue 6878', () => {
    // Source: CPIC drug table (RxNorm ingredient identifiers), https://github.com/cpicpgx/cpic-schema
    expect(MEDICINES.find((m) => m.ingredient === 'sertraline')?.rxcui).toBe('36437');
    expect(MEDICINES.find((m) => m.ingredient === 'methylene blue')?.rxcui).toBe('6878');
    for (const m of MEDICINES) if (m.rxcui !== undefined) expect(m.rxcui).toMatch(/^\d+$/);
  });
});

describe('classifyMedicationList', () => {
  it('never drops a medicine: the unknown ones and unknown parts of combinations are listed by name', () => {
    const result = classifyMedicationList(['Xanax 0.5 mg', 'kratom extract', 'oxycodone/mysterium']);
    expect(result.classes.get('benzodiazepine')).toEqual(['Xanax 0.5 mg']);
    expect(result.classes.get('opioid')).toEqual(['oxycodone/mysterium']);
    expect(result.unrecognised).toEqual(['kratom extract', 'mysterium (in oxycodone/mysterium)']);
  });

  it('finds oral antidepressants by brand', () => {
    expect(classifyMedicationList(['Lexapro 10 mg', 'Xanax']).oralAntidepressants).toEqual(['Lexapro 10 mg']);
  });
});

describe('medicine reasons in eligibility', () => {
  // Source: SPRAVATO US PI section 7: CNS depressants (benzodiazepines, opioids, alcohol) -> sedation;
  // psychostimulants and MAOIs -> blood pressure. Linezolid and methylene blue inhibit MAO (their US labels).
  it('gives each label interaction class a reason whatever the name written', () => {
    const codes = (medications: string[]) =>
      evaluateEligibility('esketamine-nasal', { ...adultTrd, medications }).reasons.map((r) => r.code);
    expect(codes(['Xanax'])).toEqual(['medication-benzodiazepine']);
    expect(codes(['Adderall XR'])).toEqual(['medication-stimulant']);
    expect(codes(['lorazepam 1 mg'])).toEqual(['medication-benzodiazepine']);
    expect(codes(['linezolid'])).toEqual(['medication-maoi']);
    expect(codes(['methylene blue'])).toEqual(['medication-maoi']);
    expect(codes(['Norco 10/325'])).toEqual(['medication-opioid']);
    expect(codes(['alcohol'])).toEqual(['medication-alcohol']);
  });

  it('makes an unrecognised medicine a review reason that names it', () => {
    const result = evaluateEligibility('esketamine-nasal', { ...adultTrd, medications: ['Zoloft', 'kratom extract'] });
    expect(result.decision).toBe('review');
    expect(result.reasons).toHaveLength(1);
    expect(result.reasons[0]).toMatchObject({ code: 'medication-unrecognised', severity: 'relative' });
    expect(result.reasons[0]?.message).toContain('"kratom extract"');
  });
});
