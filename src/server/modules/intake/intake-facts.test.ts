import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import { ageOn, changedSections, intakeToFacts } from './intake-facts.js';
import type { Intake } from '../../../contract/intake.js';
import { FAILED_SERTRALINE_TRIAL } from '../../../domain/eligibility/trials.testing.js';

const patient = { dateOfBirth: '1980-06-15' };

describe('ageOn', () => {
  it('counts whole years, the birthday itself included', () => {
    expect(ageOn('1980-06-15', '2026-06-14')).toBe(45);
    expect(ageOn('1980-06-15', '2026-06-15')).toBe(46);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('intakeToFacts', () => {
  it('derives age, weight, the latest blood pressure, medicines, diagnoses and trials', () => {
    const intake: Intake = {
      weightKg: 82,
      diagnoses: [{ code: 'f33.2', name: 'MDD, recurrent, severe' }],
      medicalHistory: {
        hypertension: {
          diagnosed: true,
          controlled: true,
          readings: [
            { systolic: 150, diastolic: 95, takenAt: '2026-10-01T10:00:00Z' },
            { systolic: 128, diastolic: 82, takenAt: '2026-10-20T10:00:00Z' },
          ],
        },
      },
      medications: [{ name: 'Lorazepam', dose: '1 mg at night' }],
      trials: [FAILED_SERTRALINE_TRIAL],
    };
    const facts = intakeToFacts(intake, patient, '2026-11-02');
    expect(facts).toMatchObject({
      age: 46,
      weightKg: 82,
      systolic: 128,
      diastolic: 82,
      medications: ['lorazepam'],
      diagnoses: ['F33.2'],
      conditions: [],
    });
    expect(facts.trials).toHaveLength(1);
  });

  it('adds the condition codes that the structured history implies, in the domain order', () => {
    const intake: Intake = {
      psychiatricHistory: {
        psychosis: 'active',
        mania: 'past',
        substanceUse: 'active',
        ketamineUseDisorderHistory: true,
        schizophrenia: false,
      },
      medicalHistory: {
        conditions: ['intracerebral-hemorrhage-history'],
        liverDisease: { present: true, severe: true },
        cardiacDisease: { present: true, stable: false },
        hypertension: { diagnosed: true, controlled: false },
      },
    };
    expect(intakeToFacts(intake, patient, '2026-11-02').conditions).toEqual([
      'intracerebral-hemorrhage-history',
      'uncontrolled-hypertension',
      'cardiovascular-disease-unstable',
      'psychosis-active',
      'bipolar-disorder-history',
      'substance-use-disorder-active',
      'ketamine-use-disorder-history',
      'severe-hepatic-disease',
    ]);
  });

  // Source: SPRAVATO US PI section 8.6 (2019 numbering): moderate hepatic impairment may need longer monitoring.
  it('reads liver disease that is not marked severe as possible moderate impairment, for a prescriber to review', () => {
    const intake: Intake = { medicalHistory: { liverDisease: { present: true, severe: false } } };
    expect(intakeToFacts(intake, patient, '2026-11-02').conditions).toEqual(['moderate-hepatic-impairment']);
  });

  it('reads pregnancy status; unknown is left unrecorded', () => {
    const facts = (status: 'pregnant' | 'not-pregnant' | 'unknown' | 'not-applicable') =>
      intakeToFacts({ medicalHistory: { pregnancy: { status, breastfeeding: false } } }, patient, '2026-11-02');
    expect(facts('pregnant').pregnant).toBe(true);
    expect(facts('not-pregnant').pregnant).toBe(false);
    expect(facts('not-applicable').pregnant).toBe(false);
    expect(facts('unknown').pregnant).toBeUndefined();
    expect(facts('unknown').breastfeeding).toBe(false);
    // 'unknown' says the patient can become pregnant, so esketamine asks for a review (SPRAVATO section 8.1).
    expect(facts('unknown').canBecomePregnant).toBe(true);
    expect(facts('not-applicable').canBecomePregnant).toBe(false);
  });

  it('names the intake field when the domain refuses a fact', () => {
    const intake: Intake = {
      medicalHistory: {
        hypertension: { diagnosed: true, readings: [{ systolic: 90, diastolic: 95, takenAt: '2026-10-01T10:00:00Z' }] },
      },
    };
    try {
      intakeToFacts(intake, patient, '2026-11-02');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues[0]?.field).toBe('intake.diastolic');
    }
  });
});

describe('changedSections', () => {
  it('lists the sections that differ, ignoring key order', () => {
    const before: Intake = {
      weightKg: 80,
      emergencyContact: { name: 'Sam', phone: '555-0100', relationship: 'partner' },
    };
    const after: Intake = {
      weightKg: 81,
      emergencyContact: { relationship: 'partner', phone: '555-0100', name: 'Sam' },
      allergies: [],
    };
    expect(changedSections(before, after)).toEqual(['weightKg', 'allergies']);
    expect(changedSections(undefined, { weightKg: 80 })).toEqual(['weightKg']);
  });
});
