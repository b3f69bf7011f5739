import { Type } from 'typebox';
import { PROTOCOL_IDS } from '../../../domain/protocols/index.js';

const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (clinic calendar)' });
const UserRef = Type.Union([Type.Object({ id: Type.String(), displayName: Type.String() }), Type.Null()]);
const Citation = Type.Object({ source: Type.String(), detail: Type.Optional(Type.String()), url: Type.Optional(Type.String()), status: Type.String() });

export const PlannedSessionSchema = Type.Object({
  number: Type.Integer(), date: Type.String(), week: Type.Integer(), phase: Type.String(), doseMg: Type.Number(), route: Type.String(),
  durationMin: Type.Number(), monitoringMin: Type.Number(),
});

export const PreviewBodySchema = Type.Object({
  protocol: Type.Enum(PROTOCOL_IDS),
  startDate: DateText,
  weightKg: Type.Optional(Type.Number({ description: 'The weight to dose by, kg (needed for mg/kg protocols)' })),
  options: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "The protocol's options, e.g. { inductionDoseMg: 84 } or { mgPerKg: 0.75 }" })),
}, { additionalProperties: false });

const WarningSchema = Type.Object({ code: Type.String(), message: Type.String(), sessionNumber: Type.Optional(Type.Integer()) });
const TherapySessionSchema = Type.Object({ date: Type.String(), kind: Type.String(), afterSession: Type.Optional(Type.Integer()) });

export const PreviewSchema = Type.Object({
  protocolId: Type.String(), protocolVersion: Type.String(), modality: Type.String(),
  sessions: Type.Array(PlannedSessionSchema), therapySessions: Type.Array(TherapySessionSchema), warnings: Type.Array(WarningSchema),
  sources: Type.Array(Citation), clinicHours: Type.Record(Type.String(), Type.Unknown()),
});

export const CreatePlanBodySchema = Type.Object({
  protocol: Type.Enum(PROTOCOL_IDS),
  startDate: DateText,
  weightKg: Type.Optional(Type.Number({ description: "Actual weight, kg; default the intake's weight. The clinic's weight basis is applied." })),
  options: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false });

const BookingSummary = Type.Union([Type.Object({
  sessionId: Type.String(), status: Type.String(), start: Type.String(), end: Type.String(), startsAt: Type.String(), endsAt: Type.String(),
  chairId: Type.Union([Type.String(), Type.Null()]), chairName: Type.Union([Type.String(), Type.Null()]),
}), Type.Null()]);

export const PlanSchema = Type.Object({
  id: Type.String(), patientId: Type.String(), modality: Type.String(), protocolId: Type.String(), protocolVersion: Type.String(), protocolTitle: Type.String(),
  options: Type.Record(Type.String(), Type.Unknown()), startDate: Type.String(),
  weightKg: Type.Union([Type.Number(), Type.Null()]), weightBasis: Type.Union([Type.String(), Type.Null()]), weightExplanation: Type.Union([Type.String(), Type.Null()]),
  status: Type.Enum(['draft', 'active', 'completed', 'discontinued']),
  sessions: Type.Array(Type.Object({ ...PlannedSessionSchema.properties, booking: BookingSummary, cancelledOrMissed: Type.Integer() })),
  therapySessions: Type.Array(TherapySessionSchema), warnings: Type.Array(WarningSchema),
  eligibilityDecisionId: Type.String(), eligibilityOverrideId: Type.Union([Type.String(), Type.Null()]), consentSignatureId: Type.String(),
  createdAt: Type.String(), createdBy: UserRef, signedAt: Type.Union([Type.String(), Type.Null()]), signedBy: UserRef,
  discontinuedAt: Type.Union([Type.String(), Type.Null()]), discontinuedBy: UserRef, discontinueReason: Type.Union([Type.String(), Type.Null()]),
  bookedSessions: Type.Integer(),
});
