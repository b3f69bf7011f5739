import { describe, expect, it } from 'vitest';
import { readTransactionBundle } from './transaction-bundle.js';

// FHIR R4 transaction Bundles: https://hl7.org/fhir/R4/http.html#transaction (entries linked by fullUrl, all or nothing).
const P = 'urn:uuid:11111111-1111-4111-8111-111111111111';
const post = (url: string) => ({ method: 'POST', url });
const patient = {
  fullUrl: P,
  request: post('Patient'),
  resource: {
    resourceType: 'Patient',
    name: [{ family: 'Ng', given: ['Mei', 'Li'] }],
    birthDate: '1988-01-31',
    gender: 'female',
    identifier: [{ system: 'urn:x', value: '7' }],
  },
};

describe('readTransactionBundle', () => {
  it('reads a Patient and the entries that refer to it by fullUrl', () => {
    const reading = readTransactionBundle({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        patient,
        {
          request: post('Condition'),
          resource: {
            resourceType: 'Condition',
            subject: { reference: P },
            code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'f33.1' }] },
          },
        },
        {
          request: post('MedicationStatement'),
          resource: {
            resourceType: 'MedicationStatement',
            status: 'active',
            subject: { reference: 'Patient/abc-1' },
            medicationCodeableConcept: { coding: [{ display: 'bupropion' }] },
          },
        },
      ],
    });
    expect(reading).toEqual({
      ok: true,
      items: [
        {
          index: 0,
          type: 'Patient',
          patient: {
            givenName: 'Mei Li',
            familyName: 'Ng',
            dateOfBirth: '1988-01-31',
            sex: 'female',
            email: null,
            phone: null,
            address: null,
            identifiers: [{ system: 'urn:x', value: '7' }],
          },
        },
        { index: 1, type: 'Condition', subject: { entry: 0 }, code: 'F33.1', name: undefined },
        { index: 2, type: 'MedicationStatement', subject: { id: 'abc-1' }, name: 'bupropion', dose: undefined },
      ],
    });
  });

  it('names every bad entry by index and field', () => {
    const reading = readTransactionBundle({
      resourceType: 'Bundle',
      type: 'transaction',
      entry: [
        { ...patient, resource: { ...patient.resource, birthDate: '31/01/1988' } },
        {
          request: post('Condition'),
          resource: {
            resourceType: 'Condition',
            subject: { reference: 'urn:uuid:unknown' },
            code: { text: 'depression' },
          },
        },
        {
          request: post('MedicationStatement'),
          resource: {
            resourceType: 'MedicationStatement',
            status: 'completed',
            subject: { reference: P },
            medicationCodeableConcept: { text: 'lithium' },
          },
        },
        { request: post('Observation'), resource: { resourceType: 'Observation' } },
        { request: { method: 'PUT', url: 'Patient/1' }, resource: { resourceType: 'Patient' } },
      ],
    });
    expect(reading.ok).toBe(false);
    expect(reading.ok ? [] : reading.issues.map((i) => i.field)).toEqual([
      'Bundle.entry[0].resource.birthDate',
      'Bundle.entry[1].resource.subject',
      'Bundle.entry[1].resource.code',
      'Bundle.entry[2].resource.status',
      'Bundle.entry[3].resource.resourceType',
      'Bundle.entry[4].request',
    ]);
  });

  it('accepts only a transaction Bundle', () => {
    expect(readTransactionBundle({ resourceType: 'Bundle', type: 'batch', entry: [patient] })).toEqual({
      ok: false,
      issues: [{ field: 'Bundle.type', message: 'must be transaction (batch is not supported)' }],
    });
    expect(readTransactionBundle({ resourceType: 'Patient' })).toEqual({
      ok: false,
      issues: [{ field: 'Bundle.resourceType', message: 'must be Bundle' }],
    });
  });
});
