/**
 * The measures API contract (issue 13): what each route answers, generated from the service types and then read
 * by hand. Routes use these schemas; the web app imports their types.
 */
import { Type } from 'typebox';
import { FhirResource, Nullable, literalUnion } from './common.js';

export const RespondentSchema = literalUnion(['patient', 'clinician']);
export const MeasureContextSchema = literalUnion([
  'intake',
  'baseline',
  'pre-session',
  'post-session-24h',
  'in-session',
  'weekly',
  'monthly',
  'follow-up',
  'other',
]);
export const SessionStatusSchema = literalUnion(['scheduled', 'in-progress', 'completed', 'cancelled', 'no-show']);
export const MeasureTimingSchema = literalUnion(['baseline', 'pre-session', 'post-session-24h', 'weekly', 'monthly']);
export const ScheduleRuleSchema = Type.Object({
  instrument: Type.String(),
  timing: MeasureTimingSchema,
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export const DueStatusSchema = literalUnion(['completed', 'upcoming', 'due', 'overdue', 'missed']);
export const EnableWhenSchema = Type.Object({
  linkId: Type.String(),
  answer: Type.Union([Type.Boolean(), Type.Number()]),
});
export const CrisisResourceSchema = Type.Object({
  name: Type.String(),
  contact: Type.String(),
  description: Type.String(),
  region: Type.String(),
  url: Type.Optional(Type.String()),
});
/** GET /api/instruments 200 */
export const ListInstrumentsResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      shortName: Type.String(),
      respondent: RespondentSchema,
      version: Type.String(),
      copyright: Type.String(),
    }),
  ),
});
/** GET /api/instruments/:id 200 */
export const InstrumentQuestionnaire = FhirResource('Questionnaire');
/** GET /api/patients/:id/measures 200 */
export const ListResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      instrument: Type.String(),
      instrumentVersion: Type.String(),
      context: MeasureContextSchema,
      sessionId: Nullable(Type.String()),
      answers: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Number()])),
      total: Nullable(Type.Number()),
      band: Nullable(Type.String()),
      flags: Type.Array(
        Type.Object({ code: Type.String(), item: Type.Optional(Type.String()), message: Type.String() }),
      ),
      subscales: Nullable(Type.Record(Type.String(), Type.Number())),
      observedAt: Type.String(),
      recordedAt: Type.String(),
      source: literalUnion(['patient-link', 'staff']),
      recordedBy: Nullable(Type.String()),
    }),
  ),
});
/** GET /api/measures/:id/questionnaire-response 200 */
export const QuestionnaireResponseResponse = FhirResource('QuestionnaireResponse');
/** GET /api/patients/:id/outcomes 200 */
export const OutcomesResponse = Type.Object({
  firstTreatmentAt: Nullable(Type.String()),
  sessions: Type.Array(
    Type.Object({
      id: Type.String(),
      number: Nullable(Type.Number()),
      modality: Type.String(),
      startsAt: Type.String(),
      status: SessionStatusSchema,
    }),
  ),
  instruments: Type.Array(
    Type.Object({
      instrument: Type.String(),
      title: Type.String(),
      shortName: Type.String(),
      range: Nullable(Type.Object({ min: Type.Number(), max: Type.Number() })),
      bands: Type.Array(
        Type.Object({ code: Type.String(), min: Type.Number(), max: Type.Number(), label: Type.String() }),
      ),
      remissionMaxTotal: Nullable(Type.Number()),
      points: Type.Array(
        Type.Object({
          measureId: Type.String(),
          at: Type.String(),
          total: Type.Number(),
          band: Nullable(Type.String()),
          context: MeasureContextSchema,
        }),
      ),
      summary: Type.Object({
        baseline: Nullable(Type.Object({ at: Type.String(), total: Type.Number() })),
        latest: Nullable(Type.Object({ at: Type.String(), total: Type.Number() })),
        change: Nullable(Type.Number()),
        percentChange: Nullable(Type.Number()),
        responseAt: Nullable(Type.String()),
        rapidResponse: Type.Boolean(),
        remissionAt: Nullable(Type.String()),
        relapseAt: Nullable(Type.String()),
        isRespondingNow: Type.Boolean(),
        isRemittedNow: Type.Boolean(),
        notes: Type.Array(Type.String()),
      }),
    }),
  ),
});
/** GET /api/patients/:id/measurement-schedule 200 */
export const ScheduleResponse = Type.Object({
  rules: Type.Array(ScheduleRuleSchema),
  version: Type.Number(),
  isClinicDefault: Type.Boolean(),
  items: Type.Array(
    Type.Object({
      instrument: Type.String(),
      timing: MeasureTimingSchema,
      dueAt: Type.String(),
      windowStart: Type.String(),
      windowEnd: Type.String(),
      status: DueStatusSchema,
    }),
  ),
});
/** PUT /api/patients/:id/measurement-schedule 200 */
export const SetScheduleResponse = ScheduleResponse;
/** GET /api/measures/overview 200 */
export const OverviewResponse = Type.Object({
  instruments: Type.Array(
    Type.Object({
      shareResponding: Nullable(Type.Number()),
      shareRemitted: Nullable(Type.Number()),
      patients: Type.Number(),
      withBaseline: Type.Number(),
      responding: Type.Number(),
      remitted: Type.Number(),
      instrument: Type.String(),
    }),
  ),
  recent: Type.Array(
    Type.Object({
      measureId: Type.String(),
      patient: Type.Object({ id: Type.String(), name: Type.String(), mrn: Type.String() }),
      instrument: Type.String(),
      total: Nullable(Type.Number()),
      band: Nullable(Type.String()),
      at: Type.String(),
    }),
  ),
  due: Type.Array(
    Type.Object({
      patient: Type.Object({ id: Type.String(), name: Type.String(), mrn: Type.String() }),
      instrument: Type.String(),
      timing: MeasureTimingSchema,
      dueAt: Type.String(),
      status: literalUnion(['due', 'overdue']),
    }),
  ),
  dueCount: Type.Number(),
});
/** GET /api/patients/:id/measure-links 200 */
export const LinksForPatientResponse = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      instruments: Type.Array(Type.String()),
      context: MeasureContextSchema,
      createdAt: Type.String(),
      expiresAt: Type.String(),
      usedAt: Nullable(Type.String()),
      status: Type.String(),
    }),
  ),
});
/** GET /api/measure-links/:token 200 */
export const OpenLinkResponse = Type.Object({
  status: Type.String(),
  clinicName: Type.String(),
  expiresAt: Type.String(),
  message: Nullable(Type.String()),
  instruments: Type.Array(
    Type.Object({
      id: Type.String(),
      title: Type.String(),
      shortName: Type.String(),
      preamble: Type.String(),
      recallPeriod: Type.String(),
      copyright: Type.String(),
      items: Type.Array(
        Type.Object({
          linkId: Type.String(),
          text: Type.String(),
          answerType: literalUnion(['boolean', 'choice']),
          required: Type.Boolean(),
          enableWhen: Nullable(EnableWhenSchema),
          options: Type.Array(Type.Object({ score: Type.Number(), label: Type.String() })),
        }),
      ),
    }),
  ),
  crisisResources: Type.Array(CrisisResourceSchema),
});
/** POST /api/measure-links/:token/responses 200 */
export const SubmitLinkResponse = Type.Object({
  completed: Type.Boolean(),
  crisis: Nullable(Type.Object({ resources: Type.Array(CrisisResourceSchema), message: Type.String() })),
});

// Requests, and the answers that were declared beside the routes ------------------------------------------------

/** Answers by item linkId: an option's value, yes/no, or null for an item left unanswered. */
export const AnswersSchema = Type.Record(
  Type.String({ maxLength: 10 }),
  Type.Union([Type.Integer(), Type.Boolean(), Type.Null()]),
  { maxProperties: 60 },
);
export const ScoreFlagSchema = Type.Object({
  code: Type.String(),
  item: Type.Optional(Type.String()),
  message: Type.String(),
});
/** POST /api/instruments/:id/score 200 (nothing stored) */
export const ScoreSchema = Type.Object({
  instrument: Type.String(),
  total: Type.Union([Type.Integer(), Type.Null()]),
  band: Type.Union([Type.String(), Type.Null()]),
  flags: Type.Array(ScoreFlagSchema),
  itemScores: Type.Record(Type.String(), Type.Union([Type.Number(), Type.Boolean()])),
  subscales: Type.Optional(Type.Record(Type.String(), Type.Number())),
});
export const ScoreBodySchema = Type.Object({ answers: AnswersSchema }, { additionalProperties: false });
/** POST /api/patients/:id/measures 201 */
export const RecordedMeasureSchema = Type.Object({
  id: Type.String(),
  instrument: Type.String(),
  total: Type.Union([Type.Integer(), Type.Null()]),
  band: Type.Union([Type.String(), Type.Null()]),
  flags: Type.Array(ScoreFlagSchema),
  observedAt: Type.String(),
  alert: Type.Union([Type.Object({ id: Type.String(), severity: Type.String() }), Type.Null()]),
});
export const RecordMeasureBodySchema = Type.Object(
  {
    instrument: Type.String({ maxLength: 40 }),
    answers: AnswersSchema,
    context: MeasureContextSchema,
    sessionId: Type.Optional(Type.String({ format: 'uuid' })),
    observedAt: Type.Optional(Type.String({ format: 'date-time' })),
  },
  { additionalProperties: false },
);
export const MeasureListQuerySchema = Type.Object(
  { instrument: Type.Optional(Type.String({ maxLength: 40 })) },
  { additionalProperties: false },
);
export const SetScheduleBodySchema = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        { instrument: Type.String({ maxLength: 40 }), timing: MeasureTimingSchema },
        { additionalProperties: false },
      ),
      { maxItems: 30 },
    ),
  },
  { additionalProperties: false },
);

export const InstrumentParamsSchema = Type.Object({ id: Type.String({ maxLength: 40 }) });
export const LinkTokenParamsSchema = Type.Object({
  token: Type.String({ minLength: 20, maxLength: 100, pattern: '^[A-Za-z0-9_-]+$' }),
});
/** POST /api/patients/:id/measure-links */
export const CreateLinkBodySchema = Type.Object(
  {
    instruments: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 6, uniqueItems: true }),
    context: MeasureContextSchema,
    sessionId: Type.Optional(Type.String({ format: 'uuid' })),
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 14 })),
  },
  { additionalProperties: false },
);
/** 201: the token is shown here only, once. */
export const CreatedLinkSchema = Type.Object({
  id: Type.String(),
  token: Type.String(),
  path: Type.String(),
  expiresAt: Type.String(),
  instruments: Type.Array(Type.String()),
});
/** POST /api/measure-links/:token/responses */
export const SubmitLinkBodySchema = Type.Object(
  {
    responses: Type.Array(
      Type.Object(
        { instrument: Type.String({ maxLength: 40 }), answers: AnswersSchema },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 6 },
    ),
  },
  { additionalProperties: false },
);
