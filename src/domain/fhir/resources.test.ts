import { describe, expect, it } from 'vitest';
import {
  conditionId,
  ICD10CM_SYSTEM,
  MRN_SYSTEM,
  toFhirCondition,
  toFhirEncounter,
  toFhirPatient,
  toFhirPractitioner,
} from './resources.js';

const updatedAt = new Date('2026-11-02T15:00:00Z');

describe('toFhirPatient', () => {
  it('carries the MRN as an MR identifier, the name, birth date, version and clinic', () => {
    const patient = toFhirPatient({
      id: 'p1',
      clinicId: 'c1',
      mrn: 'KC-000042',
      givenName: 'Noah',
      familyName: 'Feldman',
      dateOfBirth: '1968-12-21',
      sex: 'male',
      phone: '+1 555 0100',
      email: null,
      address: null,
      version: 3,
      updatedAt,
    });
    expect(patient).toMatchObject({
      resourceType: 'Patient',
      id: 'p1',
      meta: { versionId: '3', lastUpdated: '2026-11-02T15:00:00.000Z' },
      identifier: [{ system: MRN_SYSTEM, value: 'KC-000042', type: { coding: [{ code: 'MR' }] } }],
      name: [{ family: 'Feldman', given: ['Noah'] }],
      birthDate: '1968-12-21',
      gender: 'male',
      telecom: [{ system: 'phone', value: '+1 555 0100' }],
      managingOrganization: { reference: 'Organization/c1' },
    });
    expect(patient.address).toBeUndefined();
  });
});

describe('toFhirEncounter', () => {
  // R4 Encounter.status (http://hl7.org/fhir/R4/valueset-encounter-status.html) has no no-show: a no-show is cancelled.
  it.each([
    ['scheduled', 'planned'],
    ['in-progress', 'in-progress'],
    ['completed', 'finished'],
    ['cancelled', 'cancelled'],
    ['no-show', 'cancelled'],
  ] as const)('maps a %s session to %s', (status, expected) => {
    const e = toFhirEncounter({
      id: 's1',
      patientId: 'p1',
      clinicId: 'c1',
      modality: 'iv-ketamine',
      sessionNumber: 2,
      status,
      staffId: 'u1',
      startsAt: updatedAt,
      endsAt: new Date(updatedAt.getTime() + 100 * 60_000),
      lastUpdated: updatedAt,
      versionId: '1',
    });
    expect(e).toMatchObject({
      status: expected,
      class: { code: 'AMB' },
      subject: { reference: 'Patient/p1' },
      participant: [{ individual: { reference: 'Practitioner/u1' } }],
    });
  });
});

describe('toFhirCondition', () => {
  it('codes an intake diagnosis with ICD-10-CM, id stable per patient and code', () => {
    const c = toFhirCondition({
      patientId: 'p1',
      code: 'F33.2',
      name: 'Major depressive disorder, recurrent severe',
      intakeVersion: 2,
      recordedAt: updatedAt,
      recorderId: null,
    });
    expect(c).toMatchObject({
      id: conditionId('p1', 'F33.2'),
      code: { coding: [{ system: ICD10CM_SYSTEM, code: 'F33.2' }] },
      meta: { versionId: '2' },
    });
    expect(c.id).toBe('p1-F33.2');
  });
});

describe('toFhirPractitioner', () => {
  it('splits the display name into given and family', () => {
    const p = toFhirPractitioner({
      id: 'u1',
      displayName: 'Ana Maria Costa',
      email: 'ana@example.org',
      role: 'nurse',
      isActive: true,
      updatedAt,
    });
    expect(p.name).toEqual([{ text: 'Ana Maria Costa', family: 'Costa', given: ['Ana', 'Maria'] }]);
  });
});
