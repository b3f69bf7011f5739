/**
 * The chart at a glance (issue 14): the patient header every patient page shows, and the patient's sessions.
 * Response schemas of GET /api/patients/:id/summary and GET /api/patients/:id/sessions; the web app reads the
 * same types (`Static`), so the screen and the server cannot drift apart.
 */
import { Type, type Static } from 'typebox';

const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const SessionStatusSchema = Type.Union([
  Type.Literal('scheduled'),
  Type.Literal('in-progress'),
  Type.Literal('completed'),
  Type.Literal('cancelled'),
  Type.Literal('no-show'),
]);

export const SummaryPlanSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  modality: Type.String(),
  modalityName: Type.String(),
  protocolId: Type.String(),
  status: Type.Union([
    Type.Literal('draft'),
    Type.Literal('active'),
    Type.Literal('completed'),
    Type.Literal('discontinued'),
  ]),
  startDate: Type.String({ format: 'date' }),
  signedAt: Nullable(DateTime),
  phase: Nullable(
    Type.String({ description: 'The phase of the next booked session of the plan, else of its last held session' }),
  ),
  sessionsPlanned: Type.Integer({ minimum: 0 }),
  sessionsCompleted: Type.Integer({ minimum: 0 }),
});

export const SummarySessionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  startsAt: DateTime,
  endsAt: DateTime,
  modality: Type.String(),
  sessionNumber: Nullable(Type.Integer()),
  phase: Nullable(Type.String()),
  status: SessionStatusSchema,
  chairName: Nullable(Type.String()),
});

export const ScoreTrendSchema = Type.Object({
  instrument: Type.String(),
  shortName: Type.String(),
  /** Why this instrument is shown: the PHQ-9, and the first instrument of the patient's measurement schedule. */
  isScheduleInstrument: Type.Boolean(),
  latest: Type.Object({ total: Type.Number(), band: Nullable(Type.String()), at: DateTime }),
  previousTotal: Nullable(Type.Number()),
  direction: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('same'), Type.Literal('first')], {
    description: 'latest against the score before it',
  }),
  /** The last scores, oldest first (at most 8), for a small trend line. */
  recent: Type.Array(Type.Number()),
  baselineTotal: Nullable(Type.Number()),
  changeFromBaseline: Nullable(Type.Number()),
  percentChangeFromBaseline: Nullable(Type.Number()),
  isRespondingNow: Type.Boolean(),
  isRemittedNow: Type.Boolean(),
});

export const ConsentGlanceSchema = Type.Object({
  modality: Type.String(),
  modalityName: Type.String(),
  current: Type.Boolean(),
  message: Type.String(),
  signedAt: Nullable(DateTime),
});

export const PatientSummarySchema = Type.Object({
  patient: Type.Object({
    id: Type.String({ format: 'uuid' }),
    mrn: Type.String(),
    givenName: Type.String(),
    familyName: Type.String(),
    dateOfBirth: Type.String({ format: 'date' }),
    ageYears: Type.Integer({ minimum: 0 }),
    sex: Type.Union([Type.Literal('female'), Type.Literal('male'), Type.Literal('other'), Type.Literal('unknown')]),
  }),
  /** False for the front desk: scores, allergies and alert details are clinical (minimum necessary). */
  clinicalVisible: Type.Boolean(),
  plan: Nullable(SummaryPlanSchema),
  nextSession: Nullable(SummarySessionSchema),
  scores: Type.Array(ScoreTrendSchema),
  openAlerts: Type.Object({
    count: Type.Integer({ minimum: 0 }),
    highestSeverity: Nullable(Type.Union([Type.Literal('low'), Type.Literal('moderate'), Type.Literal('high')])),
  }),
  consent: Type.Array(ConsentGlanceSchema),
  rems: Nullable(
    Type.Object(
      {
        enrolled: Type.Boolean(),
        enrolledOn: Nullable(Type.String({ format: 'date' })),
      },
      { description: 'Present when the current plan is esketamine (SPRAVATO REMS)' },
    ),
  ),
  allergies: Nullable(
    Type.Array(Type.Object({ substance: Type.String(), reaction: Nullable(Type.String()) }), {
      description:
        'From the latest intake; null when no intake records allergies or the reader may not see clinical history',
    }),
  ),
});
export type PatientSummary = Static<typeof PatientSummarySchema>;

export const PatientSessionSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  startsAt: DateTime,
  endsAt: DateTime,
  modality: Type.String(),
  modalityName: Type.String(),
  sessionNumber: Nullable(Type.Integer()),
  phase: Nullable(Type.String()),
  status: SessionStatusSchema,
  planId: Nullable(Type.String({ format: 'uuid' })),
  chairName: Nullable(Type.String()),
  staffName: Nullable(Type.String()),
  isUpcoming: Type.Boolean(),
  hasSignedNote: Type.Boolean(),
});
export type PatientSession = Static<typeof PatientSessionSchema>;

export const PatientSessionListSchema = Type.Object({ items: Type.Array(PatientSessionSchema) });
export type PatientSessionList = Static<typeof PatientSessionListSchema>;
