/**
 * Vital-sign readings to FHIR R4 Observations following the R4 core vital-signs profiles, and back.
 * LOINC: blood pressure panel 85354-9 with systolic 8480-6 and diastolic 8462-4 as components; heart rate 8867-4;
 * oxygen saturation 2708-6 (the code the R4 oxygensat profile requires) plus 59408-5 (by pulse oximetry, what the
 * clinic measures); respiratory rate 9279-1. Units in UCUM.
 */
import type {
  CodeableConcept,
  Coding,
  Encounter,
  Observation,
  ObservationComponent,
  Patient,
  Practitioner,
  Reference,
} from '@medplum/fhirtypes';
import { DomainValidationError } from '../shared/validation.js';
import { validateVitalSignReading, type VitalSignReading } from '../monitoring/vitals.js';

export const VITALS_LOINC = {
  bloodPressurePanel: { code: '85354-9', display: 'Blood pressure panel with all children optional' },
  systolic: { code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { code: '8462-4', display: 'Diastolic blood pressure' },
  heartRate: { code: '8867-4', display: 'Heart rate' },
  oxygenSaturation: { code: '2708-6', display: 'Oxygen saturation in Arterial blood' },
  pulseOximetry: { code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' },
  respiratoryRate: { code: '9279-1', display: 'Respiratory rate' },
} as const;

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';
const CATEGORY: CodeableConcept = {
  coding: [
    {
      system: 'http://terminology.hl7.org/CodeSystem/observation-category',
      code: 'vital-signs',
      display: 'Vital Signs',
    },
  ],
  text: 'Vital Signs',
};
const PROFILE = {
  bp: 'http://hl7.org/fhir/StructureDefinition/bp',
  heartRate: 'http://hl7.org/fhir/StructureDefinition/heartrate',
  oxygenSat: 'http://hl7.org/fhir/StructureDefinition/oxygensat',
  respRate: 'http://hl7.org/fhir/StructureDefinition/resprate',
} as const;

export interface VitalsObservationContext {
  readonly subject: Reference<Patient>;
  readonly encounter?: Reference<Encounter>;
  readonly performer?: ReadonlyArray<Reference<Practitioner>>;
  /** When given, Observation ids are `${idPrefix}-bp`, `-hr`, `-spo2`, `-rr`. */
  readonly idPrefix?: string;
  readonly status?: 'final' | 'amended' | 'corrected' | 'entered-in-error';
}

const coding = (c: { code: string; display: string }): Coding => ({ system: LOINC, code: c.code, display: c.display });
const quantity = (value: number, unit: string, code: string) => ({ value, unit, system: UCUM, code });

function base(
  ctx: VitalsObservationContext,
  reading: VitalSignReading,
  suffix: string,
  profile: string,
  code: CodeableConcept,
): Observation {
  return {
    resourceType: 'Observation',
    ...(ctx.idPrefix ? { id: `${ctx.idPrefix}-${suffix}` } : {}),
    meta: { profile: [profile] },
    status: ctx.status ?? 'final',
    category: [CATEGORY],
    code,
    subject: ctx.subject,
    ...(ctx.encounter ? { encounter: ctx.encounter } : {}),
    ...(ctx.performer && ctx.performer.length > 0 ? { performer: [...ctx.performer] } : {}),
    effectiveDateTime: reading.takenAt.toISOString(),
  };
}

/** One Observation per measured vital sign in the reading (none for a reading with no values). */
export function vitalSignsToObservations(reading: VitalSignReading, ctx: VitalsObservationContext): Observation[] {
  validateVitalSignReading(reading);
  if (!ctx.subject?.reference)
    throw new DomainValidationError([{ field: 'subject.reference', message: 'is required' }]);
  const out: Observation[] = [];
  if (reading.systolic !== undefined && reading.diastolic !== undefined) {
    const components: ObservationComponent[] = [
      {
        code: { coding: [coding(VITALS_LOINC.systolic)] },
        valueQuantity: quantity(reading.systolic, 'mmHg', 'mm[Hg]'),
      },
      {
        code: { coding: [coding(VITALS_LOINC.diastolic)] },
        valueQuantity: quantity(reading.diastolic, 'mmHg', 'mm[Hg]'),
      },
    ];
    out.push({
      ...base(ctx, reading, 'bp', PROFILE.bp, {
        coding: [coding(VITALS_LOINC.bloodPressurePanel)],
        text: 'Blood pressure',
      }),
      component: components,
    });
  }
  if (reading.heartRate !== undefined) {
    out.push({
      ...base(ctx, reading, 'hr', PROFILE.heartRate, { coding: [coding(VITALS_LOINC.heartRate)], text: 'Heart rate' }),
      valueQuantity: quantity(reading.heartRate, 'beats/minute', '/min'),
    });
  }
  if (reading.spo2 !== undefined) {
    out.push({
      ...base(ctx, reading, 'spo2', PROFILE.oxygenSat, {
        coding: [coding(VITALS_LOINC.oxygenSaturation), coding(VITALS_LOINC.pulseOximetry)],
        text: 'SpO2 (pulse oximetry)',
      }),
      valueQuantity: quantity(reading.spo2, '%', '%'),
    });
  }
  if (reading.respiratoryRate !== undefined) {
    out.push({
      ...base(ctx, reading, 'rr', PROFILE.respRate, {
        coding: [coding(VITALS_LOINC.respiratoryRate)],
        text: 'Respiratory rate',
      }),
      valueQuantity: quantity(reading.respiratoryRate, 'breaths/minute', '/min'),
    });
  }
  return out;
}

const hasCode = (concept: CodeableConcept | undefined, code: string): boolean =>
  concept?.coding?.some((c) => c.system === LOINC && c.code === code) ?? false;

/**
 * Reads vital-sign Observations back into one reading (for import). Observations must share one effective time;
 * unknown codes are ignored; a value without a number is a DomainValidationError naming the Observation.
 */
export function observationsToVitalSigns(observations: readonly Observation[]): VitalSignReading {
  const times = new Set(observations.map((o) => o.effectiveDateTime));
  if (observations.length === 0 || times.size !== 1 || [...times][0] === undefined) {
    throw new DomainValidationError([
      { field: 'observations', message: 'need at least one Observation, all with the same effectiveDateTime' },
    ]);
  }
  const takenAt = new Date([...times][0]!);
  const values: { systolic?: number; diastolic?: number; heartRate?: number; spo2?: number; respiratoryRate?: number } =
    {};
  const num = (value: number | undefined, field: string): number => {
    if (typeof value !== 'number')
      throw new DomainValidationError([{ field, message: 'valueQuantity.value is required' }]);
    return value;
  };
  observations.forEach((o, i) => {
    if (hasCode(o.code, VITALS_LOINC.bloodPressurePanel.code)) {
      for (const c of o.component ?? []) {
        if (hasCode(c.code, VITALS_LOINC.systolic.code))
          values.systolic = num(c.valueQuantity?.value, `observations.${i}.component.systolic`);
        if (hasCode(c.code, VITALS_LOINC.diastolic.code))
          values.diastolic = num(c.valueQuantity?.value, `observations.${i}.component.diastolic`);
      }
    } else if (hasCode(o.code, VITALS_LOINC.heartRate.code))
      values.heartRate = num(o.valueQuantity?.value, `observations.${i}`);
    else if (hasCode(o.code, VITALS_LOINC.oxygenSaturation.code) || hasCode(o.code, VITALS_LOINC.pulseOximetry.code))
      values.spo2 = num(o.valueQuantity?.value, `observations.${i}`);
    else if (hasCode(o.code, VITALS_LOINC.respiratoryRate.code))
      values.respiratoryRate = num(o.valueQuantity?.value, `observations.${i}`);
  });
  const reading: VitalSignReading = { takenAt, ...values };
  validateVitalSignReading(reading, 'observations');
  return reading;
}
