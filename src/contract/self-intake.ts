/**
 * Patient self-intake through a single-use link (issue 14). The shapes of the patient's page (GET/POST
 * /api/self-intake/:token) and of the staff's review (/api/patients/:id/self-intake-links, /api/self-intake-links/:id).
 */
import { Type, type Static } from 'typebox';
import { MODALITIES } from '../domain/protocols/index.js';
import { Nullable, literalUnion } from './common.js';
import { AddressSchema } from './patients.js';
import { AllergyListSchema, AntidepressantTrialSchema, MedicationListSchema, RegistrationSchema } from './intake.js';

const DateTime = Type.String({ format: 'date-time' });
/** The modality a self-intake link offers consent for (the same five as everywhere, in the same schema form). */
const Modality = literalUnion(MODALITIES);

/** What the patient fills in about their health; mapped onto the intake's clinical sections when a clinician accepts it. */
export const SelfReportedHealthSchema = Type.Object(
  {
    heightCm: Type.Optional(Type.Number({ minimum: 100, maximum: 250 })),
    weightKg: Type.Optional(Type.Number({ minimum: 1, maximum: 400 })),
    medications: Type.Optional(MedicationListSchema),
    allergies: Type.Optional(AllergyListSchema),
    trials: Type.Optional(
      Type.Array(AntidepressantTrialSchema, { maxItems: 30, description: 'Antidepressants tried before' }),
    ),
    history: Type.Optional(
      Type.Object(
        {
          psychosis: Type.Optional(Type.Union([Type.Literal('never'), Type.Literal('past'), Type.Literal('active')])),
          mania: Type.Optional(Type.Union([Type.Literal('never'), Type.Literal('past'), Type.Literal('current')])),
          substanceUse: Type.Optional(Type.Union([Type.Literal('none'), Type.Literal('past'), Type.Literal('active')])),
          priorKetamine: Type.Optional(Type.Boolean()),
          hypertensionDiagnosed: Type.Optional(Type.Boolean()),
          pregnancy: Type.Optional(
            Type.Union([
              Type.Literal('not-pregnant'),
              Type.Literal('pregnant'),
              Type.Literal('unknown'),
              Type.Literal('not-applicable'),
            ]),
          ),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type SelfReportedHealth = Static<typeof SelfReportedHealthSchema>;

export const SelfIntakeContactSchema = Type.Object(
  {
    phone: Type.Optional(Type.String({ maxLength: 40, pattern: '^[0-9+()\\-. ]*$' })),
    email: Type.Optional(Type.String({ format: 'email', maxLength: 200 })),
    address: Type.Optional(AddressSchema),
  },
  { additionalProperties: false },
);

export const SelfIntakeConsentSchema = Type.Object(
  {
    documentId: Type.String({ maxLength: 80 }),
    version: Type.String({ maxLength: 20 }),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    typedName: Type.String({ minLength: 2, maxLength: 200, pattern: '\\S' }),
    agreed: Type.Literal(true),
  },
  { additionalProperties: false },
);

/** POST /api/self-intake/:token */
export const SelfIntakeSubmissionSchema = Type.Object(
  {
    contact: Type.Optional(SelfIntakeContactSchema),
    registration: Type.Optional(RegistrationSchema),
    health: Type.Optional(SelfReportedHealthSchema),
    consent: Type.Optional(SelfIntakeConsentSchema),
  },
  { additionalProperties: false },
);
export type SelfIntakeSubmission = Static<typeof SelfIntakeSubmissionSchema>;

export const SelfIntakeLinkStatusSchema = Type.Union([
  Type.Literal('open'),
  Type.Literal('expired'),
  Type.Literal('submitted'),
]);

/** GET /api/self-intake/:token: what the patient's page shows (nothing that identifies the patient). */
export const SelfIntakePageSchema = Type.Object({
  status: SelfIntakeLinkStatusSchema,
  clinicName: Type.String(),
  expiresAt: DateTime,
  message: Nullable(Type.String()),
  consent: Nullable(
    Type.Object({
      modality: Modality,
      documentId: Type.String(),
      version: Type.String(),
      sha256: Type.String(),
      title: Type.String(),
      body: Type.String(),
    }),
  ),
});
export type SelfIntakePage = Static<typeof SelfIntakePageSchema>;

export const SelfIntakeSubmittedSchema = Type.Object({ submitted: Type.Literal(true), consentSigned: Type.Boolean() });

/** POST /api/patients/:id/self-intake-links */
export const SelfIntakeLinkCreateSchema = Type.Object(
  {
    consentModality: Type.Optional(Modality),
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 14 })),
  },
  { additionalProperties: false },
);

export const SelfIntakeLinkCreatedSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  token: Type.String(),
  path: Type.String(),
  expiresAt: DateTime,
  consentModality: Nullable(Modality),
});

const Acceptance = Nullable(Type.Object({ at: DateTime, by: Type.String(), intakeVersion: Nullable(Type.Integer()) }));

export const SelfIntakeLinkSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  createdAt: DateTime,
  expiresAt: DateTime,
  consentModality: Nullable(Modality),
  status: SelfIntakeLinkStatusSchema,
  submittedAt: Nullable(DateTime),
  consentSigned: Type.Boolean(),
  registrationAccepted: Acceptance,
  clinicalAccepted: Acceptance,
  /** What the patient sent. `health` is null for readers who may not see clinical history. */
  submission: Nullable(
    Type.Object({
      contact: Nullable(SelfIntakeContactSchema),
      registration: Nullable(RegistrationSchema),
      health: Nullable(SelfReportedHealthSchema),
      hasHealth: Type.Boolean(),
    }),
  ),
});
export type SelfIntakeLink = Static<typeof SelfIntakeLinkSchema>;

export const SelfIntakeLinkListSchema = Type.Object({ items: Type.Array(SelfIntakeLinkSchema) });
export type SelfIntakeLinkList = Static<typeof SelfIntakeLinkListSchema>;
