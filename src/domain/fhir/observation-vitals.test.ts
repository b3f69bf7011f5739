import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { observationsToVitalSigns, vitalSignsToObservations, VITALS_LOINC } from './observation-vitals.js';

const reading = {
  takenAt: new Date('2025-03-04T14:40:00Z'),
  systolic: 152,
  diastolic: 94,
  heartRate: 88,
  spo2: 97,
  respiratoryRate: 16,
};
const ctx = { subject: { reference: 'Patient/p1' }, encounter: { reference: 'Encounter/s1' }, idPrefix: 'vs-123' };

describe('vitalSignsToObservations', () => {
  // Source: FHIR R4 vital-signs profiles (bp 85354-9 with 8480-6/8462-4; oxygensat requires 2708-6; resprate 9279-1;
  // heartrate 8867-4); LOINC 59408-5 is SpO2 by pulse oximetry.
  it('maps a full reading to four vital-sign Observations with LOINC codes and UCUM units', () => {
    const [bp, hr, spo2, rr] = vitalSignsToObservations(reading, ctx);
    expect(bp).toMatchObject({
      resourceType: 'Observation',
      id: 'vs-123-bp',
      meta: { profile: ['http://hl7.org/fhir/StructureDefinition/bp'] },
      status: 'final',
      category: [
        { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] },
      ],
      code: { coding: [{ system: 'http://loinc.org', code: '85354-9' }] },
      subject: { reference: 'Patient/p1' },
      encounter: { reference: 'Encounter/s1' },
      effectiveDateTime: '2025-03-04T14:40:00.000Z',
      component: [
        {
          code: { coding: [{ code: '8480-6' }] },
          valueQuantity: { value: 152, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' },
        },
        { code: { coding: [{ code: '8462-4' }] }, valueQuantity: { value: 94, code: 'mm[Hg]' } },
      ],
    });
    expect(bp?.valueQuantity).toBeUndefined();
    expect(hr).toMatchObject({ code: { coding: [{ code: '8867-4' }] }, valueQuantity: { value: 88, code: '/min' } });
    expect(spo2?.code.coding?.map((c) => c.code)).toEqual(['2708-6', '59408-5']);
    expect(spo2).toMatchObject({
      valueQuantity: { value: 97, code: '%' },
      meta: { profile: ['http://hl7.org/fhir/StructureDefinition/oxygensat'] },
    });
    expect(rr).toMatchObject({
      id: 'vs-123-rr',
      code: { coding: [{ code: VITALS_LOINC.respiratoryRate.code }] },
      valueQuantity: { value: 16, code: '/min' },
    });
  });

  it('maps only what was measured', () => {
    const obs = vitalSignsToObservations(
      { takenAt: reading.takenAt, spo2: 93 },
      { subject: { reference: 'Patient/p1' } },
    );
    expect(obs).toHaveLength(1);
    expect(obs[0]?.id).toBeUndefined();
  });

  it('round-trips through observationsToVitalSigns', () => {
    expect(observationsToVitalSigns(vitalSignsToObservations(reading, ctx))).toEqual(reading);
  });

  it('rejects implausible values and a missing subject, naming the field', () => {
    expect(() => vitalSignsToObservations({ ...reading, spo2: 130 }, ctx)).toThrow(/reading.spo2/);
    expect(() => vitalSignsToObservations(reading, { subject: {} })).toThrow(DomainValidationError);
  });
});
