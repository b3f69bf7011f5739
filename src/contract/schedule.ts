/**
 * The scheduling contract (issue 13): the calendar, bookings, sessions and their reminders, chairs and staff shifts
 * (src/server/modules/scheduling/scheduling.routes.ts). Times are the clinic's wall clock: `start`/`end` are local
 * YYYY-MM-DDTHH:MM, `startsAt`/`endsAt` the same instants in UTC.
 */
import { Type } from 'typebox';
import { JsonObject, Nullable, StaffRefSchema } from './common.js';
import { REQUIREMENT_CODES } from '../domain/protocols/index.js';
import { CANCEL_REASONS, CONFIRMABLE_REQUIREMENTS } from '../domain/scheduling/index.js';

const LocalDateTime = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
  description: "Local wall-clock time in the clinic's zone, YYYY-MM-DDTHH:MM",
});
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (clinic calendar)' });
const HhMm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' });
const Uuid = Type.String({ format: 'uuid' });

export const ReminderItemSchema = Type.Object({
  code: Type.Enum(REQUIREMENT_CODES),
  label: Type.String(),
  instructions: Type.String(),
  scope: Type.String(),
  status: Type.Enum(['confirmed', 'missing']),
  automatic: Type.Boolean(),
  confirmedAt: Nullable(Type.String()),
  confirmedBy: Nullable(Type.String()),
  fasting: Type.Optional(Type.Object({ noFoodHours: Type.Number(), noLiquidsMinutes: Type.Number() })),
});
export const RemindersSchema = Type.Object({
  complete: Type.Boolean(),
  items: Type.Array(ReminderItemSchema),
  missing: Type.Array(Type.String()),
});

export const SessionSchema = Type.Object({
  id: Type.String(),
  patientId: Type.String(),
  patient: Type.Object({ id: Type.String(), givenName: Type.String(), familyName: Type.String(), mrn: Type.String() }),
  planId: Nullable(Type.String()),
  protocolId: Nullable(Type.String()),
  modality: Type.String(),
  sessionNumber: Nullable(Type.Integer()),
  phase: Nullable(Type.String()),
  doseMg: Nullable(Type.Number()),
  route: Nullable(Type.String()),
  durationMin: Nullable(Type.Number()),
  monitoringMin: Nullable(Type.Number()),
  chair: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  staff: Nullable(StaffRefSchema),
  start: Type.String({ description: 'Local YYYY-MM-DDTHH:MM' }),
  end: Type.String({ description: 'Local; chair time includes monitoring' }),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.String(),
  cancelReasonCode: Nullable(Type.String()),
  cancelNote: Nullable(Type.String()),
  noShowNote: Nullable(Type.String()),
  reminders: Nullable(RemindersSchema),
});
export const SessionDetailSchema = Type.Object({
  ...SessionSchema.properties,
  history: Type.Array(
    Type.Object({
      kind: Type.String(),
      detail: JsonObject,
      at: Type.String(),
      by: Nullable(StaffRefSchema),
    }),
  ),
});
export const ChairSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  room: Nullable(Type.String()),
  isActive: Type.Boolean(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export const ShiftSchema = Type.Object({
  id: Type.String(),
  userId: Type.String(),
  displayName: Type.Optional(Type.String()),
  role: Type.Optional(Type.String()),
  start: Type.String(),
  end: Type.String(),
  note: Nullable(Type.String()),
});
export const PlanSessionParamsSchema = Type.Object({ id: Uuid, number: Type.Integer({ minimum: 1, maximum: 200 }) });
const HoursSchema = Type.Object({ open: Type.String(), close: Type.String() });

/** GET /api/schedule */
export const CalendarQuerySchema = Type.Object(
  {
    from: DateText,
    to: DateText,
    chairId: Type.Optional(Uuid),
    staffId: Type.Optional(Uuid),
    includeCancelled: Type.Optional(Type.Boolean({ description: 'Also cancelled and no-show sessions' })),
  },
  { additionalProperties: false },
);
export const CalendarSchema = Type.Object({
  timeZone: Type.String(),
  from: Type.String(),
  to: Type.String(),
  days: Type.Array(Type.Object({ date: Type.String(), weekday: Type.String(), hours: Nullable(HoursSchema) })),
  chairs: Type.Array(
    Type.Object({ id: Type.String(), name: Type.String(), room: Nullable(Type.String()), isActive: Type.Boolean() }),
  ),
  staff: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), role: Type.String() })),
  shifts: Type.Array(ShiftSchema),
  sessions: Type.Array(SessionSchema),
});

/** POST /api/plans/:id/book */
export const BookPlanBodySchema = Type.Object(
  {
    sessions: Type.Optional(
      Type.Array(Type.Integer({ minimum: 1 }), {
        uniqueItems: true,
        maxItems: 100,
        description: 'Session numbers (default: every unbooked one)',
      }),
    ),
    chairId: Type.Optional(Uuid),
    startTime: Type.Optional(HhMm),
    staffId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export const BookPlanResultSchema = Type.Object({
  booked: Type.Array(SessionSchema),
  unplaced: Type.Array(
    Type.Object({ number: Type.Integer(), date: Type.String(), reason: Type.String(), message: Type.String() }),
  ),
});

/** POST /api/plans/:id/sessions/:number/booking */
export const BookSessionBodySchema = Type.Object(
  { chairId: Uuid, start: LocalDateTime, staffId: Type.Optional(Uuid) },
  { additionalProperties: false },
);

export const RescheduleBodySchema = Type.Object(
  {
    start: LocalDateTime,
    chairId: Type.Optional(Uuid),
    staffId: Type.Optional(Nullable(Uuid)),
    reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S' }),
  },
  { additionalProperties: false },
);
export const CancelBodySchema = Type.Object(
  { reasonCode: Type.Enum(CANCEL_REASONS), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);
export const NoShowBodySchema = Type.Object(
  { note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

/** GET /api/sessions/:id/reminders and POST /api/sessions/:id/confirmations */
export const SessionRemindersSchema = Type.Object({
  sessionId: Type.String(),
  sessionNumber: Nullable(Type.Integer()),
  protocolId: Nullable(Type.String()),
  ...RemindersSchema.properties,
});
export const ConfirmBodySchema = Type.Object(
  { code: Type.Enum(CONFIRMABLE_REQUIREMENTS), note: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const ChairListSchema = Type.Object({ items: Type.Array(ChairSchema) });
export const CreateChairBodySchema = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }),
    room: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
  },
  { additionalProperties: false },
);
export const UpdateChairBodySchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' })),
    room: Type.Optional(Nullable(Type.String({ maxLength: 60 }))),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const ShiftsQuerySchema = Type.Object(
  { from: DateText, to: DateText, userId: Type.Optional(Uuid) },
  { additionalProperties: false },
);
export const ShiftListSchema = Type.Object({ items: Type.Array(ShiftSchema) });
export const AddShiftBodySchema = Type.Object(
  { userId: Uuid, start: LocalDateTime, end: LocalDateTime, note: Type.Optional(Type.String({ maxLength: 200 })) },
  { additionalProperties: false },
);
