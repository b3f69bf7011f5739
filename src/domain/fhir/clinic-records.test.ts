import { describe, expect, it } from 'vitest';
import {
  allergyId,
  toFhirAdverseEvent,
  toFhirAllergy,
  toFhirConsent,
  toFhirLocation,
  toFhirProtocolGroup,
} from './clinic-records.js';
import { routeOf, toMedicationAdministration, toMedicationRequest } from './medication.js';

const PATIENT = '11111111-1111-4111-8111-111111111111';
const SESSION = '22222222-2222-4222-8222-222222222222';
const PLAN = '33333333-3333-4333-8333-333333333333';
const CLINIC = '44444444-4444-4444-8444-444444444444';
const AT = new Date('2026-11-02T15:00:00Z');

describe('MedicationAdministration', () => {
  const base = {
    id: '55555555-5555-4555-8555-555555555555',
    patientId: PATIENT,
    sessionId: SESSION,
    startedAt: AT,
    preparedMg: 56,
    lotNumber: 'L123',
    lotExpiry: '2027-03-31',
    ndc: '50458-028-02',
    versionId: '3',
    lastUpdated: AT,
  };

  it('codes esketamine with RxNorm 2201623 and the NDC, the lot in a contained Medication, 28 mg a device by the nasal route', () => {
    // Spravato label section 2: one device delivers 28 mg; RxNorm SCDF 2201623 "esketamine Nasal Spray"; SNOMED 46713006 nasal route.
    const ma = toMedicationAdministration({
      ...base,
      modality: 'esketamine-nasal',
      route: 'intranasal',
      status: 'completed',
      completedAt: new Date('2026-11-02T15:05:00Z'),
      givenMg: 56,
      devices: 2,
    });
    expect(ma.medicationReference).toMatchObject({ reference: '#med' });
    expect(ma.contained?.[0]).toMatchObject({
      resourceType: 'Medication',
      id: 'med',
      batch: { lotNumber: 'L123', expirationDate: '2027-03-31' },
      code: {
        coding: [
          { system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '2201623' },
          { system: 'http://hl7.org/fhir/sid/ndc', code: '50458-028-02' },
        ],
      },
    });
    expect(ma.dosage).toMatchObject({
      dose: { value: 56, unit: 'mg', system: 'http://unitsofmeasure.org', code: 'mg' },
      route: { coding: [{ code: '46713006' }] },
    });
    expect(ma.effectivePeriod).toEqual({ start: '2026-11-02T15:00:00.000Z', end: '2026-11-02T15:05:00.000Z' });
    expect(ma.context).toEqual({ reference: `Encounter/${SESSION}` });
  });

  it('gives a running infusion its rate instead of a dose, as R4 mad-1 requires one of them', () => {
    const ma = toMedicationAdministration({
      ...base,
      ndc: '0409-2051-05',
      modality: 'iv-ketamine',
      route: 'intravenous',
      status: 'in-progress',
      preparedMg: 35,
      rateMgPerMin: 0.875,
    });
    expect(ma.status).toBe('in-progress');
    expect(ma.dosage?.dose).toBeUndefined();
    expect(ma.dosage?.rateRatio).toMatchObject({
      numerator: { value: 0.875, code: 'mg' },
      denominator: { value: 1, code: 'min' },
    });
    // RxNorm ingredient 6130 ketamine, beside the vial's NDC (FDA NDC directory 0409-2051, Hospira).
    expect(ma.contained?.[0]).toMatchObject({ code: { coding: [{ code: '6130' }, { code: '0409-2051-05' }] } });
  });

  it("takes the route a session recorded, else the modality's own", () => {
    expect(routeOf('kap', 'intramuscular')).toBe('intramuscular');
    expect(routeOf('kap', null)).toBe('sublingual');
    expect(routeOf('im-ketamine', null)).toBe('intramuscular');
    expect(routeOf('esketamine-nasal', 'bogus')).toBe('intranasal');
    expect(routeOf('iv-ketamine-pain', null)).toBe('intravenous');
  });
});

describe('MedicationRequest', () => {
  it('is one order per planned session, stopped when the plan was discontinued, based on the CarePlan', () => {
    const mr = toMedicationRequest({
      planId: PLAN,
      patientId: PATIENT,
      modality: 'iv-ketamine',
      planStatus: 'discontinued',
      protocolTitle: 'IV ketamine induction',
      session: {
        number: 2,
        date: '2026-11-05',
        week: 1,
        phase: 'induction',
        doseMg: 35,
        route: 'intravenous',
        durationMin: 40,
        monitoringMin: 60,
      },
      authoredOn: AT,
      requesterId: CLINIC,
      versionId: '3',
      lastUpdated: AT,
    });
    expect(mr).toMatchObject({
      id: `${PLAN}-2`,
      status: 'stopped',
      intent: 'order',
      basedOn: [{ reference: `CarePlan/${PLAN}` }],
      requester: { reference: `Practitioner/${CLINIC}` },
      dosageInstruction: [
        { sequence: 2, timing: { event: ['2026-11-05'] }, doseAndRate: [{ doseQuantity: { value: 35, code: 'mg' } }] },
      ],
    });
  });
});

describe('Consent, AllergyIntolerance, AdverseEvent, Location, Group', () => {
  it('maps a declined consent as rejected with a deny provision, an agreed one as active', () => {
    const c = {
      id: PLAN,
      clinicId: CLINIC,
      patientId: PATIENT,
      modality: 'iv-ketamine',
      documentId: 'iv-ketamine',
      documentVersion: '1.0.0',
      signedAt: AT,
    };
    expect(toFhirConsent({ ...c, agreed: true })).toMatchObject({
      status: 'active',
      provision: { type: 'permit' },
      scope: { coding: [{ code: 'treatment' }] },
    });
    expect(toFhirConsent({ ...c, agreed: false })).toMatchObject({ status: 'rejected', provision: { type: 'deny' } });
  });

  it("keeps an allergy's id across intake versions and spellings of case, within FHIR's 64-character id", () => {
    expect(allergyId(PATIENT, 'Penicillin ')).toBe(allergyId(PATIENT, 'penicillin'));
    expect(allergyId(PATIENT, 'penicillin')).not.toBe(allergyId(PATIENT, 'latex'));
    expect(allergyId(PATIENT, 'x'.repeat(80)).length).toBeLessThanOrEqual(64);
    const a = toFhirAllergy({
      patientId: PATIENT,
      substance: 'penicillin',
      reaction: 'rash',
      intakeVersion: 2,
      recordedAt: AT,
      reportedByPatient: true,
    });
    expect(a).toMatchObject({
      verificationStatus: { coding: [{ code: 'unconfirmed' }] },
      recorder: { reference: `Patient/${PATIENT}` },
      reaction: [{ manifestation: [{ text: 'rash' }] }],
    });
  });

  it("maps an adverse event's outcome to R4's codes and names the dose as suspect", () => {
    const ae = toFhirAdverseEvent({
      id: PLAN,
      patientId: PATIENT,
      sessionId: SESSION,
      recordedAt: AT,
      recorderId: CLINIC,
      administrationId: SESSION,
      versionId: '1',
      lastUpdated: AT,
      event: {
        type: 'hypertension',
        severity: 'severe',
        serious: true,
        startedAt: AT,
        interventions: [],
        outcome: 'transferred',
      },
    });
    expect(ae).toMatchObject({
      actuality: 'actual',
      seriousness: { coding: [{ code: 'serious' }] },
      severity: { coding: [{ code: 'severe' }] },
      outcome: { coding: [{ code: 'unknown' }] },
      suspectEntity: [{ instance: { reference: `MedicationAdministration/${SESSION}` } }],
      event: { text: 'Hypertension' },
    });
  });

  it('makes a chair part of its room, and a Group with no plans has no member list', () => {
    expect(
      toFhirLocation({
        id: SESSION,
        clinicId: CLINIC,
        kind: 'chair',
        name: 'Chair 1',
        isActive: false,
        updatedAt: AT,
        roomId: PLAN,
      }),
    ).toMatchObject({
      status: 'inactive',
      partOf: { reference: `Location/${PLAN}` },
      physicalType: { coding: [{ code: 'bd' }] },
    });
    const empty = toFhirProtocolGroup({
      protocolId: 'kap-standard',
      title: 'KAP',
      clinicId: CLINIC,
      members: [],
      lastUpdated: AT,
    });
    expect(empty.quantity).toBe(0);
    expect(empty.member).toBeUndefined();
    const group = toFhirProtocolGroup({
      protocolId: 'esketamine-trd',
      title: 'Esketamine',
      clinicId: CLINIC,
      members: [{ patientId: PATIENT, since: AT, isActive: false }],
      lastUpdated: AT,
    });
    expect(group.member).toEqual([
      { entity: { reference: `Patient/${PATIENT}` }, period: { start: AT.toISOString() }, inactive: true },
    ]);
  });
});
