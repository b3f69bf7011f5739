import { Type } from 'typebox';
import { ClinicHoursSchema, FhirResource, JsonObject, Nullable, StaffRefSchema } from './common.js';
import { PROTOCOL_IDS, REVIEW_BENEFITS, REVIEW_DECISIONS } from '../domain/protocols/index.js';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (clinic calendar)' });
const Citation = Type.Object({
  source: Type.String(),
  detail: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  status: Type.String(),
});

export const PlannedSessionSchema = Type.Object({
  number: Type.Integer(),
  date: Type.String(),
  week: Type.Integer(),
  phase: Type.String(),
  doseMg: Type.Number(),
  route: Type.String(),
  durationMin: Type.Number(),
  monitoringMin: Type.Number(),
});

export const PreviewBodySchema = Type.Object(
  {
    protocol: Type.Enum(PROTOCOL_IDS),
    startDate: DateText,
    weightKg: Type.Optional(Type.Number({ description: 'The weight to dose by, kg (needed for mg/kg protocols)' })),
    options: Type.Optional(
      Type.Record(Type.String(), Type.Unknown(), {
        description: "The protocol's options, e.g. { inductionDoseMg: 84 } or { mgPerKg: 0.75 }",
      }),
    ),
  },
  { additionalProperties: false },
);

const ReviewGateSchema = Type.Object(
  {
    code: Type.String(),
    title: Type.String(),
    instructions: Type.String(),
    source: Citation,
    afterSessionNumber: Type.Integer(),
    dueFrom: Type.String(),
    holdsSessions: Type.Array(Type.Integer()),
    status: Type.Enum(['pending', 'open', 'stopped']),
  },
  { description: 'A review a prescriber records before the sessions it holds may be booked' },
);
const MissedSessionRuleSchema = Type.Object({ phase: Type.String(), rule: Type.String(), source: Citation });

export const ReviewBodySchema = Type.Object(
  {
    code: Type.Enum(['end-of-induction']),
    benefit: Type.Enum(REVIEW_BENEFITS, {
      description: 'Therapeutic benefit the prescriber found',
    }),
    decision: Type.Enum(REVIEW_DECISIONS, {
      description: 'continue: the held sessions may be booked; stop: they stay held',
    }),
    note: Type.Optional(Type.String({ maxLength: 2000, description: 'Needed to continue when no benefit was seen' })),
  },
  { additionalProperties: false },
);

const WarningSchema = Type.Object({
  code: Type.String(),
  message: Type.String(),
  sessionNumber: Type.Optional(Type.Integer()),
});
const TherapySessionSchema = Type.Object({
  date: Type.String(),
  kind: Type.String(),
  afterSession: Type.Optional(Type.Integer()),
});

export const PreviewSchema = Type.Object({
  protocolId: Type.String(),
  protocolVersion: Type.String(),
  modality: Type.String(),
  sessions: Type.Array(PlannedSessionSchema),
  therapySessions: Type.Array(TherapySessionSchema),
  warnings: Type.Array(WarningSchema),
  sources: Type.Array(Citation),
  clinicHours: ClinicHoursSchema,
  reviews: Type.Array(ReviewGateSchema),
  missedSessions: Type.Array(MissedSessionRuleSchema),
});

export const CreatePlanBodySchema = Type.Object(
  {
    protocol: Type.Enum(PROTOCOL_IDS),
    startDate: DateText,
    weightKg: Type.Optional(
      Type.Number({
        description: "Actual weight, kg; default the intake's weight. The clinic's weight basis is applied.",
      }),
    ),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
);

const BookingSummary = Type.Union([
  Type.Object({
    sessionId: Type.String(),
    status: Type.String(),
    start: Type.String(),
    end: Type.String(),
    startsAt: Type.String(),
    endsAt: Type.String(),
    chairId: Type.Union([Type.String(), Type.Null()]),
    chairName: Type.Union([Type.String(), Type.Null()]),
  }),
  Type.Null(),
]);

export const PlanSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  modality: Type.String(),
  protocolId: Type.String(),
  protocolVersion: Type.String(),
  protocolTitle: Type.String(),
  options: JsonObject,
  startDate: Type.String(),
  weightKg: Type.Union([Type.Number(), Type.Null()]),
  weightBasis: Type.Union([Type.String(), Type.Null()]),
  weightExplanation: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['draft', 'active', 'completed', 'discontinued']),
  sessions: Type.Array(
    Type.Object({
      ...PlannedSessionSchema.properties,
      booking: BookingSummary,
      cancelledOrMissed: Type.Integer(),
      heldForReview: Type.Union([Type.String(), Type.Null()], {
        description: 'The review that must be recorded before this session may be booked',
      }),
    }),
  ),
  therapySessions: Type.Array(TherapySessionSchema),
  warnings: Type.Array(WarningSchema),
  eligibilityDecisionId: Type.String(),
  eligibilityOverrideId: Type.Union([Type.String(), Type.Null()]),
  consentSignatureId: Type.String(),
  createdAt: Type.String(),
  createdBy: Nullable(StaffRefSchema),
  signedAt: Type.Union([Type.String(), Type.Null()]),
  signedBy: Nullable(StaffRefSchema),
  discontinuedAt: Type.Union([Type.String(), Type.Null()]),
  discontinuedBy: Nullable(StaffRefSchema),
  discontinueReason: Type.Union([Type.String(), Type.Null()]),
  bookedSessions: Type.Integer(),
  reviewGates: Type.Array(ReviewGateSchema),
  reviews: Type.Array(
    Type.Object({
      id: Type.String(),
      code: Type.String(),
      benefit: Type.String(),
      decision: Type.String(),
      note: Type.Union([Type.String(), Type.Null()]),
      recordedAt: Type.String(),
      recordedBy: Nullable(StaffRefSchema),
    }),
  ),
  missedSessions: Type.Array(MissedSessionRuleSchema),
  missedSessionAdvice: Type.Array(
    Type.Object({ ...MissedSessionRuleSchema.properties, sessions: Type.Array(Type.Integer()) }),
  ),
});

/** GET /api/plans/:id/careplan */
export const CarePlanSchema = FhirResource('CarePlan');

/** GET /api/patients/:id/plans */
export const PlanListSchema = Type.Object({ items: Type.Array(PlanSchema) });
