import { Type } from 'typebox';
import { literalUnion, Nullable, StaffRefSchema } from './common.js';
import { SEVERITIES } from '../domain/eligibility/index.js';
import { MODALITIES } from '../domain/protocols/index.js';

export const ModalitySchema = Type.Enum(MODALITIES, { description: MODALITIES.join(' | ') });

const CitationSchema = Type.Object({
  source: Type.String(),
  detail: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  status: Type.String(),
});

export const ReasonSchema = Type.Object({
  code: Type.String(),
  severity: Type.Enum(SEVERITIES),
  blocking: Type.Boolean(),
  message: Type.String(),
  source: CitationSchema,
});

export const OverridePolicySchema = Type.Object({
  allowed: Type.Boolean(),
  prescribersRequired: Type.Integer(),
  reasonRequired: Type.Boolean(),
  explanation: Type.String(),
});

/** The treatment-resistance assessment of the intake's antidepressant trials (src/domain/eligibility/treatment-resistance.ts). */
export const TrialFindingSchema = literalUnion([
  'not-current-episode',
  'no-dose-on-file',
  'dose-below-minimum',
  'too-short',
  'adherence-not-adequate',
  'responded',
  'not-tolerated',
  'repeat-of-counted-drug',
  'adequate-failed-trial',
]);
export const TrialAssessmentSchema = Type.Object({
  index: Type.Number(),
  drug: Type.String(),
  adequate: Type.Boolean(),
  countsTowardResistance: Type.Boolean(),
  findings: Type.Array(TrialFindingSchema),
  explanation: Type.String(),
  minDoseMgPerDay: Type.Optional(Type.Number()),
  doseSource: Type.Optional(CitationSchema),
});
export const TreatmentResistanceAssessmentSchema = Type.Object({
  isTreatmentResistant: Type.Boolean(),
  failedAdequateTrials: Type.Number(),
  requiredFailedTrials: Type.Number(),
  trials: Type.Array(TrialAssessmentSchema),
  summary: Type.String(),
  sources: Type.Array(CitationSchema),
});
const DecisionValueSchema = Type.Enum(['eligible', 'review', 'ineligible']);

export const EvaluateBodySchema = Type.Object(
  {
    modality: ModalitySchema,
    facts: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'age, weightKg, pregnant, canBecomePregnant, breastfeeding, systolic, diastolic, conditions, medications (brand or generic, with or without dose), trials, diagnoses, acuteSuicidalIdeation',
    }),
  },
  { additionalProperties: false },
);

export const EvaluationSchema = Type.Object({
  modality: Type.String(),
  decision: DecisionValueSchema,
  reasons: Type.Array(ReasonSchema),
  ruleSetVersion: Type.String(),
  overridePolicy: OverridePolicySchema,
  treatmentResistance: Nullable(TreatmentResistanceAssessmentSchema),
});

export const OverrideSchema = Type.Object({
  id: Type.String(),
  reason: Type.String(),
  prescribersRequired: Type.Integer(),
  signedBy: Nullable(StaffRefSchema),
  signedAt: Type.String(),
  countersignedBy: Nullable(StaffRefSchema),
  countersignedAt: Type.Union([Type.String(), Type.Null()]),
  countersignNote: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['effective', 'awaiting-countersignature']),
});

export const DecisionSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  modality: Type.String(),
  decision: DecisionValueSchema,
  reasons: Type.Array(ReasonSchema),
  ruleSetVersion: Type.String(),
  intakeVersion: Type.Integer(),
  decidedAt: Type.String(),
  decidedBy: Nullable(StaffRefSchema),
  treatmentResistance: Nullable(TreatmentResistanceAssessmentSchema),
  overridePolicy: OverridePolicySchema,
  override: Type.Union([OverrideSchema, Type.Null()]),
  standing: Type.Object({ mayPlan: Type.Boolean(), code: Type.String(), message: Type.String() }),
});

export const PatientEligibilitySchema = Type.Object({
  intakeVersion: Type.Union([Type.Integer(), Type.Null()]),
  current: Type.Array(DecisionSchema, { description: 'The latest decision per modality' }),
  history: Type.Array(DecisionSchema, { description: 'Every decision, newest first' }),
});

export const DecideBodySchema = Type.Object({ modality: ModalitySchema }, { additionalProperties: false });
export const OverrideBodySchema = Type.Object(
  {
    reason: Type.String({
      minLength: 10,
      maxLength: 2000,
      pattern: '\\S',
      description: 'Why treatment goes ahead (at least 10 characters)',
    }),
  },
  { additionalProperties: false },
);
export const CountersignBodySchema = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
