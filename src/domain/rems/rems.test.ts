import { describe, expect, it } from 'vitest';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { assertRemsEnrolment } from './enrolment.js';
import { formStatus } from './form-status.js';
import { buildMonitoringForm, formObservationsFromSession, type MonitoringFormInput } from './monitoring-form.js';
import { CURRENT_REMS_RULES, REMS_RULE_SETS, remsRulesFor } from './rules.js';

const T0 = Date.parse('2025-03-04T10:00:00Z');
const at = (min: number): Date => new Date(T0 + min * 60_000);

function completeForm(overrides: Partial<MonitoringFormInput> = {}): MonitoringFormInput {
  return {
    setting: 'outpatient',
    patient: { firstName: 'Alex', lastName: 'Morgan', birthDate: '1980-05-17', sex: 'female' },
    isFirstTreatment: false,
    patientEnrolled: true,
    concomitantMedications: {
      benzodiazepines: false,
      'sedative-hypnotics': false,
      opioids: false,
      psychostimulants: true,
    },
    prescriber: { firstName: 'Dana', lastName: 'Lee' },
    monitoringProvider: { firstName: 'Chris', lastName: 'Park', phone: '+1 555 0101', email: 'cpark@clinic.example' },
    healthcareSetting: {
      name: 'Riverside Clinic',
      address1: '1 Main St',
      city: 'Springfield',
      state: 'IL',
      zip: '62701',
    },
    treatmentDate: '2025-03-04',
    doseMg: 84,
    lotNumbers: ['LOT123'],
    firstDeviceAt: at(0),
    lastDeviceAt: at(10),
    monitoringEndedAt: at(135),
    vitalSignsAcceptable: { beforeAdministration: true, beforeCompletion: true },
    bloodPressure: {
      beforeAdministration: { systolic: 126, diastolic: 80 },
      fortyMinutesAfter: { systolic: 148, diastolic: 92 },
      beforeCompletion: { systolic: 130, diastolic: 82 },
    },
    sedation: true,
    dissociation: true,
    respiratory: { respiratoryDepression: false, pulseOximetryUsed: true, lowestSpo2: 95 },
    seriousAdverseEvents: { occurred: false },
    ...overrides,
  };
}

describe('REMS rule sets', () => {
  // Source: FDA REMS page, Spravato, "REMS last update 12/31/2024"; Patient Monitoring Form 11/2021.
  it('pick the rules in effect on the session date', () => {
    expect(remsRulesFor('2024-12-30').version).toBe('spravato-rems-2021-11');
    expect(remsRulesFor('2024-12-31').version).toBe('spravato-rems-2024-12');
    expect(remsRulesFor('2026-01-15')).toBe(CURRENT_REMS_RULES);
    expect(() => remsRulesFor('2020-01-01')).toThrow(DomainValidationError);
    expect(() => remsRulesFor('31/12/2024')).toThrow(/YYYY-MM-DD/);
  });

  it('cover every day from the first to the current set without gaps', () => {
    for (let i = 1; i < REMS_RULE_SETS.length; i++) {
      const previousEnd = new Date(`${REMS_RULE_SETS[i - 1]!.effectiveTo}T00:00:00Z`);
      previousEnd.setUTCDate(previousEnd.getUTCDate() + 1);
      expect(previousEnd.toISOString().slice(0, 10)).toBe(REMS_RULE_SETS[i]!.effectiveFrom);
    }
  });

  // Source: J&J REMS Patient Monitoring Form overview: benzodiazepines, sedative hypnotics, opioids, psychostimulants.
  it('list the four concomitant sedating classes in the current rules', () => {
    expect(CURRENT_REMS_RULES.concomitantMedicationClasses).toEqual([
      'benzodiazepines',
      'sedative-hypnotics',
      'opioids',
      'psychostimulants',
    ]);
    expect(CURRENT_REMS_RULES.requiresRespiratoryMonitoring).toBe(true);
  });
});

describe('assertRemsEnrolment', () => {
  // Source: spravatorems.com, outpatient settings enrol patients before treatment; inpatient settings do not.
  it('refuses an outpatient treatment without enrolment and ignores inpatient settings', () => {
    expect(() =>
      assertRemsEnrolment({ setting: 'outpatient', patientEnrolled: false, rules: CURRENT_REMS_RULES }),
    ).toThrow(RuleViolationError);
    expect(() =>
      assertRemsEnrolment({ setting: 'inpatient', patientEnrolled: false, rules: CURRENT_REMS_RULES }),
    ).not.toThrow();
    expect(() =>
      assertRemsEnrolment({ setting: 'outpatient', patientEnrolled: true, rules: CURRENT_REMS_RULES }),
    ).not.toThrow();
  });
});

describe('buildMonitoringForm', () => {
  it('returns the form with its duration, deadline and rule version', () => {
    const form = buildMonitoringForm(completeForm());
    expect(form).toMatchObject({
      ruleVersion: 'spravato-rems-2024-12',
      treatmentDurationMin: 135,
      monitoringAfterLastDeviceMin: 125,
      submissionDeadline: at(135 + 7 * 24 * 60),
      warnings: [],
    });
  });

  it('names every missing field', () => {
    const incomplete = completeForm({
      lotNumbers: [],
      concomitantMedications: { benzodiazepines: false },
      respiratory: undefined,
      seriousAdverseEvents: { occurred: true },
    });
    try {
      buildMonitoringForm(incomplete);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(DomainValidationError);
      expect((e as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'concomitantMedications.sedative-hypnotics',
        'concomitantMedications.opioids',
        'concomitantMedications.psychostimulants',
        'lotNumbers',
        'respiratory.respiratoryDepression',
        'respiratory.pulseOximetryUsed',
        'respiratory.lowestSpo2',
        'seriousAdverseEvents.description',
      ]);
    }
  });

  it('asks the 2021 questions for a 2021-rules session (no respiratory section, MAOIs asked)', () => {
    const old = completeForm({
      treatmentDate: '2024-06-01',
      respiratory: undefined,
      concomitantMedications: {
        benzodiazepines: false,
        'non-benzodiazepine-sedative-hypnotics': false,
        psychostimulants: false,
        maois: false,
      },
    });
    expect(buildMonitoringForm(old).ruleVersion).toBe('spravato-rems-2021-11');
  });

  // Source: Spravato REMS: monitoring at least 2 hours. The form records facts; a short session is flagged, not hidden.
  it('flags monitoring shorter than 2 hours after the last device', () => {
    expect(buildMonitoringForm(completeForm({ monitoringEndedAt: at(100) })).warnings).toEqual([
      'Monitoring after the last device was 90 min; the REMS requires at least 120 min.',
    ]);
  });

  it('is not produced for an inpatient setting', () => {
    expect(() => buildMonitoringForm(completeForm({ setting: 'inpatient' }))).toThrow(
      expect.objectContaining({ code: 'rems-form-not-required' }),
    );
  });

  it('rejects a dose that is not whole devices', () => {
    expect(() => buildMonitoringForm(completeForm({ doseMg: 70 }))).toThrow(/doseMg/);
  });
});

describe('formObservationsFromSession', () => {
  it('picks the pre-dose, ~40-minute and last readings, the lowest SpO2 and suggests sedation from MOAA/S', () => {
    const obs = formObservationsFromSession({
      preDoseVitals: { takenAt: at(-10), systolic: 124, diastolic: 80, spo2: 99 },
      readings: [
        { takenAt: at(30), systolic: 140, diastolic: 88, spo2: 96 },
        { takenAt: at(52), systolic: 150, diastolic: 94, spo2: 94 },
        { takenAt: at(128), systolic: 128, diastolic: 81, spo2: 97 },
      ],
      moaasRatings: [
        { score: 4, at: at(40) },
        { score: 5, at: at(128) },
      ],
      lastDeviceAt: at(10),
    });
    expect(obs).toEqual({
      beforeAdministration: { systolic: 124, diastolic: 80 },
      fortyMinutesAfter: { systolic: 150, diastolic: 94 },
      beforeCompletion: { systolic: 128, diastolic: 81 },
      lowestSpo2: 94,
      lowestMoaas: 4,
      sedationSuggested: true,
    });
  });

  it('leaves the 40-minute reading empty when none was taken near it', () => {
    const obs = formObservationsFromSession({
      readings: [{ takenAt: at(80), systolic: 130, diastolic: 80 }],
      moaasRatings: [],
      lastDeviceAt: at(10),
    });
    expect(obs.fortyMinutesAfter).toBeUndefined();
    expect(obs.sedationSuggested).toBe(false);
  });
});

describe('formStatus', () => {
  // Source: SPRAVATO REMS Patient Monitoring Form instructions: submit within 7 days after each session.
  it('is due until 7 days after the session, then overdue', () => {
    const session = at(0);
    expect(formStatus(session, undefined, at(60))).toMatchObject({ status: 'due', deadline: at(7 * 24 * 60) });
    expect(formStatus(session, undefined, at(7 * 24 * 60)).status).toBe('due');
    expect(formStatus(session, undefined, at(7 * 24 * 60 + 1))).toMatchObject({
      status: 'overdue',
      msUntilDeadline: -60_000,
    });
  });

  it('is submitted once submitted, saying whether it was late', () => {
    expect(formStatus(at(0), at(3 * 24 * 60), at(10 * 24 * 60))).toMatchObject({
      status: 'submitted',
      submittedLate: false,
    });
    expect(formStatus(at(0), at(8 * 24 * 60), at(10 * 24 * 60))).toMatchObject({
      status: 'submitted',
      submittedLate: true,
    });
  });

  it('rejects a submission dated before the session', () => {
    expect(() => formStatus(at(0), at(-5), at(10))).toThrow(/submittedAt/);
  });
});
