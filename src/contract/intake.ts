/**
 * The structured intake, as the API accepts and returns it. Every field is optional so that staff can save a
 * partial intake and come back; what the eligibility rules need is derived from it (intake-facts.ts).
 *
 * Two parts, written by different people (issue 10, item 16): the registration the front desk records
 * (demographics, emergency contact, insurance, the ride home: REGISTRATION_SECTIONS) and the clinical history
 * (everything else: diagnoses, psychiatric and medical history, medicines, trials), which only clinicians read and
 * write. Both are kept in the same versioned document, so a version is still one whole intake.
 */
import { Type, type Static } from 'typebox';
import {
  MANIA_HISTORY,
  PREGNANCY_STATUSES,
  PSYCHOSIS_HISTORY,
  SUBSCRIBER_RELATIONSHIPS,
  SUBSTANCE_USE,
} from './code-lists.js';
import { JsonObject, Nullable, StaffRefSchema } from './common.js';
import { TreatmentResistanceAssessmentSchema } from './eligibility.js';
import { CONDITION_CODES } from '../domain/eligibility/index.js';
import { ADHERENCE_LEVELS, TRIAL_OUTCOMES } from '../domain/eligibility/index.js';

const Text = (maxLength = 200) => Type.String({ maxLength });
const Name = Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' });
const Phone = Type.String({ minLength: 3, maxLength: 40, pattern: '^[0-9+()\\-. ]+$' });
/** ICD-10-CM: letter, digit, letter or digit, then optionally a dot and 1-4 letters or digits (F33.2, R45.851). */
export const Icd10CmPattern = '^[A-Za-z][0-9][0-9A-Za-z](\\.?[0-9A-Za-z]{1,4})?$';

export const ConditionCodeSchema = Type.Enum(CONDITION_CODES);

export const BloodPressureReadingSchema = Type.Object(
  {
    systolic: Type.Integer({ minimum: 50, maximum: 300 }),
    diastolic: Type.Integer({ minimum: 20, maximum: 200 }),
    takenAt: Type.String({ format: 'date-time' }),
    position: Type.Optional(Type.Enum(['seated', 'standing', 'lying'])),
  },
  { additionalProperties: false },
);

export const AntidepressantTrialSchema = Type.Object(
  {
    drug: Type.String({ minLength: 1, maxLength: 80, description: 'Generic name, e.g. sertraline' }),
    doseMgPerDay: Type.Number({ exclusiveMinimum: 0, maximum: 5000, description: 'The highest daily dose held' }),
    weeks: Type.Number({ minimum: 0, maximum: 1040, description: 'Weeks at that dose or above' }),
    adherence: Type.Enum(ADHERENCE_LEVELS),
    outcome: Type.Enum(TRIAL_OUTCOMES),
    currentEpisode: Type.Boolean(),
  },
  { additionalProperties: false },
);

/** The medicines a patient takes now (intake, and the patient's own self-intake). */
export const MedicationListSchema = Type.Array(
  Type.Object(
    {
      name: Type.String({ minLength: 1, maxLength: 80, description: 'Generic name' }),
      dose: Type.Optional(Text(80)),
    },
    { additionalProperties: false },
  ),
  { maxItems: 40 },
);

/** Known allergies with the reaction each gave (intake, and the patient's own self-intake). */
export const AllergyListSchema = Type.Array(
  Type.Object(
    {
      substance: Type.String({ minLength: 1, maxLength: 80 }),
      reaction: Type.Optional(Text(200)),
    },
    { additionalProperties: false },
  ),
  { maxItems: 40 },
);

export const IntakeSchema = Type.Object(
  {
    demographics: Type.Optional(
      Type.Object(
        {
          preferredName: Type.Optional(Text(100)),
          pronouns: Type.Optional(Text(40)),
          language: Type.Optional(Text(60)),
          occupation: Type.Optional(Text(100)),
          livingSituation: Type.Optional(Text(200)),
        },
        { additionalProperties: false },
      ),
    ),
    emergencyContact: Type.Optional(
      Type.Object(
        {
          name: Name,
          relationship: Type.Optional(Text(60)),
          phone: Phone,
        },
        { additionalProperties: false },
      ),
    ),
    insurance: Type.Optional(
      Type.Object(
        {
          payer: Type.Optional(Text(100)),
          planName: Type.Optional(Text(100)),
          memberId: Type.Optional(Text(60)),
          groupNumber: Type.Optional(Text(60)),
          subscriberName: Type.Optional(Text(200)),
          subscriberRelationship: Type.Optional(Type.Enum([...SUBSCRIBER_RELATIONSHIPS])),
          selfPay: Type.Optional(Type.Boolean()),
        },
        { additionalProperties: false, description: 'Registered by the front desk' },
      ),
    ),
    ride: Type.Optional(
      Type.Object(
        {
          name: Type.Optional(Name),
          relationship: Type.Optional(Text(60)),
          phone: Type.Optional(Phone),
          notes: Type.Optional(Text(300)),
        },
        {
          additionalProperties: false,
          description: 'Who usually drives the patient home after treatment (registered by the front desk)',
        },
      ),
    ),
    heightCm: Type.Optional(Type.Number({ minimum: 100, maximum: 250 })),
    weightKg: Type.Optional(Type.Number({ minimum: 1, maximum: 400 })),
    diagnoses: Type.Optional(
      Type.Array(
        Type.Object(
          {
            code: Type.String({ pattern: Icd10CmPattern, description: 'ICD-10-CM code, e.g. F33.2' }),
            name: Type.Optional(Text(200)),
          },
          { additionalProperties: false },
        ),
        { maxItems: 30 },
      ),
    ),
    psychiatricHistory: Type.Optional(
      Type.Object(
        {
          psychosis: Type.Optional(Type.Enum([...PSYCHOSIS_HISTORY])),
          schizophrenia: Type.Optional(Type.Boolean()),
          mania: Type.Optional(Type.Enum([...MANIA_HISTORY])),
          bipolarDisorder: Type.Optional(Type.Boolean()),
          substanceUse: Type.Optional(Type.Enum([...SUBSTANCE_USE])),
          substanceUseDetails: Type.Optional(Text(500)),
          ketamineUseDisorderHistory: Type.Optional(Type.Boolean()),
          priorKetamine: Type.Optional(
            Type.Object(
              {
                received: Type.Boolean(),
                modality: Type.Optional(Text(100)),
                response: Type.Optional(Type.Enum(['none', 'partial', 'good', 'unknown'])),
                notes: Type.Optional(Text(500)),
              },
              { additionalProperties: false },
            ),
          ),
          acuteSuicidalIdeation: Type.Optional(
            Type.Boolean({ description: 'Acute suicidal ideation or behaviour documented by a clinician' }),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    medicalHistory: Type.Optional(
      Type.Object(
        {
          conditions: Type.Optional(
            Type.Array(ConditionCodeSchema, { uniqueItems: true, maxItems: CONDITION_CODES.length }),
          ),
          hypertension: Type.Optional(
            Type.Object(
              {
                diagnosed: Type.Boolean(),
                controlled: Type.Optional(Type.Boolean()),
                readings: Type.Optional(Type.Array(BloodPressureReadingSchema, { maxItems: 20 })),
              },
              { additionalProperties: false },
            ),
          ),
          cardiacDisease: Type.Optional(
            Type.Object(
              { present: Type.Boolean(), stable: Type.Optional(Type.Boolean()), details: Type.Optional(Text(500)) },
              { additionalProperties: false },
            ),
          ),
          liverDisease: Type.Optional(
            Type.Object(
              { present: Type.Boolean(), severe: Type.Optional(Type.Boolean()), details: Type.Optional(Text(500)) },
              { additionalProperties: false },
            ),
          ),
          pregnancy: Type.Optional(
            Type.Object(
              {
                status: Type.Enum([...PREGNANCY_STATUSES]),
                planning: Type.Optional(Type.Boolean()),
                breastfeeding: Type.Optional(Type.Boolean()),
              },
              { additionalProperties: false },
            ),
          ),
        },
        { additionalProperties: false },
      ),
    ),
    medications: Type.Optional(MedicationListSchema),
    allergies: Type.Optional(AllergyListSchema),
    trials: Type.Optional(
      Type.Array(AntidepressantTrialSchema, { maxItems: 30, description: 'Past antidepressant trials' }),
    ),
  },
  { additionalProperties: false },
);
export type Intake = Static<typeof IntakeSchema>;

/** The sections the front desk registers; every other section is clinical history. */
export const REGISTRATION_SECTIONS = ['demographics', 'emergencyContact', 'insurance', 'ride'] as const;
export type RegistrationSection = (typeof REGISTRATION_SECTIONS)[number];

export const RegistrationSchema = Type.Pick(IntakeSchema, [...REGISTRATION_SECTIONS], { additionalProperties: false });
export type Registration = Static<typeof RegistrationSchema>;

/** The intake version a save was edited from: a newer one on the server answers 409. */
const BaseVersion = Type.Integer({
  minimum: 0,
  description: 'The intake version you edited (0 for the first intake); a newer one on the server gives 409.',
});

export const RegistrationSaveSchema = Type.Object(
  {
    baseVersion: BaseVersion,
    registration: RegistrationSchema,
  },
  { additionalProperties: false },
);

export const RegistrationVersionSchema = Type.Object({
  patientId: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()], {
    description: 'The intake version this registration belongs to; null when none yet',
  }),
  registration: Type.Union([RegistrationSchema, Type.Null()]),
  savedAt: Type.Union([Type.String(), Type.Null()]),
  savedBy: Nullable(StaffRefSchema),
});
export type RegistrationVersionDto = Static<typeof RegistrationVersionSchema>;

export const IntakeSaveSchema = Type.Object(
  {
    baseVersion: BaseVersion,
    intake: IntakeSchema,
  },
  { additionalProperties: false },
);

export const IntakeVersionSchema = Type.Object({
  patientId: Type.String(),
  version: Type.Union([Type.Integer(), Type.Null()], { description: 'null when no intake is recorded yet' }),
  intake: Type.Union([IntakeSchema, Type.Null()]),
  facts: Nullable(JsonObject),
  treatmentResistance: Nullable(TreatmentResistanceAssessmentSchema),
  source: Type.Union([Type.String(), Type.Null()]),
  savedAt: Type.Union([Type.String(), Type.Null()]),
  savedBy: Nullable(StaffRefSchema),
});
export type IntakeVersionDto = Static<typeof IntakeVersionSchema>;

export const IntakeHistorySchema = Type.Array(
  Type.Object({
    version: Type.Integer(),
    savedAt: Type.String(),
    savedBy: Nullable(StaffRefSchema),
    source: Type.String(),
    changedSections: Type.Array(Type.String()),
    intake: IntakeSchema,
  }),
);
