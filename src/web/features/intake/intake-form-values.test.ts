import { describe, expect, it } from 'vitest';
import type { Intake } from './intake.api';
import { checkValues, intakeFormValues, intakeOf } from './intake-form-values';
import { FAILED_SERTRALINE_TRIAL } from '../../../domain/eligibility/trials.testing';

const base: Intake = {
  demographics: { language: 'English' },
  emergencyContact: { name: 'Sam Contact', phone: '555-0100' },
  weightKg: 70,
  diagnoses: [{ code: 'F33.2', name: 'Major depressive disorder, recurrent, severe' }],
  psychiatricHistory: { psychosis: 'never', priorKetamine: { received: false } },
  medicalHistory: {
    conditions: ['interstitial-cystitis'],
    hypertension: {
      diagnosed: false,
      readings: [{ systolic: 120, diastolic: 80, takenAt: '2026-10-01T12:00:00.000Z', position: 'seated' }],
    },
    pregnancy: { status: 'not-pregnant', planning: false },
  },
  medications: [{ name: 'sertraline', dose: '100 mg daily' }],
  trials: [FAILED_SERTRALINE_TRIAL],
};

describe('intake form values', () => {
  it('round-trips an intake through the form unchanged when nothing is edited', () => {
    expect(intakeOf(intakeFormValues(base), base)).toEqual({
      ...base,
      psychiatricHistory: {
        ...base.psychiatricHistory,
        schizophrenia: false,
        bipolarDisorder: false,
        ketamineUseDisorderHistory: false,
        acuteSuicidalIdeation: false,
      },
      medicalHistory: {
        ...base.medicalHistory,
        pregnancy: { status: 'not-pregnant', planning: false, breastfeeding: false },
      },
      allergies: [],
    });
  });

  it('keeps the sections the form does not show (demographics, emergency contact, prior ketamine)', () => {
    const saved = intakeOf({ ...intakeFormValues(base), weightKg: '72.5' }, base);
    expect(saved.weightKg).toBe(72.5);
    expect(saved.demographics).toEqual(base.demographics);
    expect(saved.emergencyContact).toEqual(base.emergencyContact);
    expect(saved.psychiatricHistory?.priorKetamine).toEqual({ received: false });
  });

  it("sends the condition checklist as the server's codes, in the server's order", () => {
    const values = {
      ...intakeFormValues(base),
      conditions: ['interstitial-cystitis', 'intracerebral-hemorrhage-history'] as const,
    };
    expect(intakeOf({ ...values, conditions: [...values.conditions] }, base).medicalHistory?.conditions).toEqual([
      'intracerebral-hemorrhage-history',
      'interstitial-cystitis',
    ]);
  });

  it('adds a changed blood pressure as a new seated reading and keeps the earlier one', () => {
    const values = { ...intakeFormValues(base), systolic: '150', diastolic: '95', readingDate: '2026-11-20' };
    expect(intakeOf(values, base).medicalHistory?.hypertension?.readings).toEqual([
      { systolic: 120, diastolic: 80, takenAt: '2026-10-01T12:00:00.000Z', position: 'seated' },
      { systolic: 150, diastolic: 95, takenAt: '2026-11-20T12:00:00.000Z', position: 'seated' },
    ]);
  });

  it('reads medicines and diagnoses one per line, name first, and lower-cases generic names', () => {
    const values = {
      ...intakeFormValues(null),
      medications: 'Lamotrigine, 100 mg daily\n\n  bupropion  ',
      diagnoses: 'f32.1, Moderate depressive episode',
    };
    const saved = intakeOf(values, null);
    expect(saved.medications).toEqual([{ name: 'lamotrigine', dose: '100 mg daily' }, { name: 'bupropion' }]);
    expect(saved.diagnoses).toEqual([{ code: 'F32.1', name: 'Moderate depressive episode' }]);
  });

  it('asks for both pressures and the date before saving a blood pressure, and for each trial field', () => {
    const errors = checkValues({
      ...intakeFormValues(null),
      systolic: '140',
      trials: [{ drug: ' ', dose: '0', weeks: '', adherence: 'good', outcome: 'no-response', currentEpisode: true }],
    });
    expect(errors).toEqual({
      bp: 'Enter both the systolic and the diastolic pressure.',
      readingDate: 'Enter the date the blood pressure was taken.',
      'trials.0.drug': 'Enter the antidepressant.',
      'trials.0.doseMgPerDay': 'Enter the highest daily dose in mg.',
      'trials.0.weeks': 'Enter the weeks at that dose.',
    });
  });
});
