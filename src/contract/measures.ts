/**
 * The measures API contract (issue 13): what each route answers, generated from the service types and then read
 * by hand. Routes use these schemas; the web app imports their types.
 */
import { Type } from 'typebox';
import { FhirResource, Nullable, literalUnion } from './common.js';

export const RespondentSchema = literalUnion(['patient', 'clinician']);
export const MeasureContextSchema = literalUnion(['intake', 'baseline', 'pre-session', 'post-session-24h', 'in-session', 'weekly', 'monthly', 'follow-up', 'other']);
export const SessionStatusSchema = literalUnion(['scheduled', 'in-progress', 'completed', 'cancelled', 'no-show']);
export const MeasureTimingSchema = literalUnion(['baseline', 'pre-session', 'post-session-24h', 'weekly', 'monthly']);
export const ScheduleRuleSchema = Type.Object({
  instrument: Type.String(),
  timing: MeasureTimingSchema,
  startsAt: Type.Optional(Type.String({ format: 'date-time' })),
  endsAt: Type.Optional(Type.String({ format: 'date-time' })),
});
export const DueStatusSchema = literalUnion(['completed', 'upcoming', 'due', 'overdue', 'missed']);
export const EnableWhenSchema = Type.Object({ linkId: Type.String(), answer: Type.Union([Type.Boolean(), Type.Number()]) });
export const CrisisResourceSchema = Type.Object({
  name: Type.String(),
  contact: Type.String(),
  description: Type.String(),
  region: Type.String(),
  url: Type.Optional(Type.String()),
});
/** GET /api/instruments 200 */
export const ListInstrumentsResponse = Type.Object({items: Type.Array(Type.Object({
  id: Type.String(),
  title: Type.String(),
  shortName: Type.String(),
  respondent: RespondentSchema,
  version: Type.String(),
  copyright: Type.String(),
}))});
/** GET /api/instruments/:id 200 */
export const InstrumentQuestionnaire = FhirResource('Questionnaire');
/** GET /api/patients/:id/measures 200 */
export const ListResponse = Type.Object({items: Type.Array(Type.Object({
  id: Type.String(),
  instrument: Type.String(),
  instrumentVersion: Type.String(),
  context: MeasureContextSchema,
  sessionId: Nullable(Type.String()),
  answers: Type.Record(Type.String(), Type.Union([Type.Boolean(), Type.Number()])),
  total: Nullable(Type.Number()),
  band: Nullable(Type.String()),
  flags: Type.Array(Type.Object({ code: Type.String(), item: Type.Optional(Type.String()), message: Type.String() })),
  subscales: Nullable(Type.Record(Type.String(), Type.Number())),
  observedAt: Type.String(),
  recordedAt: Type.String(),
  source: literalUnion(['patient-link', 'staff']),
  recordedBy: Nullable(Type.String()),
}))});
/** GET /api/measures/:id/questionnaire-response 200 */
export const QuestionnaireResponseResponse = FhirResource('QuestionnaireResponse');
/** GET /api/patients/:id/outcomes 200 */
export const OutcomesResponse = Type.Object({
  firstTreatmentAt: Nullable(Type.String()),
  sessions: Type.Array(Type.Object({
    id: Type.String(),
    number: Nullable(Type.Number()),
    modality: Type.String(),
    startsAt: Type.String(),
    status: SessionStatusSchema,
  })),
  instruments: Type.Array(Type.Object({
    instrument: Type.String(),
    title: Type.String(),
    shortName: Type.String(),
    range: Nullable(Type.Object({ min: Type.Number(), max: Type.Number() })),
    bands: Type.Array(Type.Object({ code: Type.String(), min: Type.Number(), max: Type.Number(), label: Type.String() })),
    remissionMaxTotal: Nullable(Type.Number()),
    points: Type.Array(Type.Object({
      measureId: Type.String(),
      at: Type.String(),
      total: Type.Number(),
      band: Nullable(Type.String()),
      context: MeasureContextSchema,
    })),
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
  })),
});
/** GET /api/patients/:id/measurement-schedule 200 */
export const ScheduleResponse = Type.Object({
  rules: Type.Array(ScheduleRuleSchema),
  version: Type.Number(),
  isClinicDefault: Type.Boolean(),
  items: Type.Array(Type.Object({
    instrument: Type.String(),
    timing: MeasureTimingSchema,
    dueAt: Type.String(),
    windowStart: Type.String(),
    windowEnd: Type.String(),
    status: DueStatusSchema,
  })),
});
/** PUT /api/patients/:id/measurement-schedule 200 */
export const SetScheduleResponse = ScheduleResponse;
/** GET /api/measures/overview 200 */
export const OverviewResponse = Type.Object({
  instruments: Type.Array(Type.Object({
    shareResponding: Nullable(Type.Number()),
    shareRemitted: Nullable(Type.Number()),
    patients: Type.Number(),
    withBaseline: Type.Number(),
    responding: Type.Number(),
    remitted: Type.Number(),
    instrument: Type.String(),
  })),
  recent: Type.Array(Type.Object({
    measureId: Type.String(),
    patient: Type.Object({ id: Type.String(), name: Type.String(), mrn: Type.String() }),
    instrument: Type.String(),
    total: Nullable(Type.Number()),
    band: Nullable(Type.String()),
    at: Type.String(),
  })),
  due: Type.Array(Type.Object({
    patient: Type.Object({ id: Type.String(), name: Type.String(), mrn: Type.String() }),
    instrument: Type.String(),
    timing: MeasureTimingSchema,
    dueAt: Type.String(),
    status: literalUnion(['due', 'overdue']),
  })),
  dueCount: Type.Number(),
});
/** GET /api/patients/:id/measure-links 200 */
export const LinksForPatientResponse = Type.Object({items: Type.Array(Type.Object({
  id: Type.String(),
  instruments: Type.Array(Type.String()),
  context: MeasureContextSchema,
  createdAt: Type.String(),
  expiresAt: Type.String(),
  usedAt: Nullable(Type.String()),
  status: Type.String(),
}))});
/** GET /api/measure-links/:token 200 */
export const OpenLinkResponse = Type.Object({
  status: Type.String(),
  clinicName: Type.String(),
  expiresAt: Type.String(),
  message: Nullable(Type.String()),
  instruments: Type.Array(Type.Object({
    id: Type.String(),
    title: Type.String(),
    shortName: Type.String(),
    preamble: Type.String(),
    recallPeriod: Type.String(),
    copyright: Type.String(),
    items: Type.Array(Type.Object({
      linkId: Type.String(),
      text: Type.String(),
      answerType: literalUnion(['boolean', 'choice']),
      required: Type.Boolean(),
      enableWhen: Nullable(EnableWhenSchema),
      options: Type.Array(Type.Object({ score: Type.Number(), label: Type.String() })),
    })),
  })),
  crisisResources: Type.Array(CrisisResourceSchema),
});
/** POST /api/measure-links/:token/responses 200 */
export const SubmitLinkResponse = Type.Object({
  completed: Type.Boolean(),
  crisis: Nullable(Type.Object({ resources: Type.Array(CrisisResourceSchema), message: Type.String() })),
});
