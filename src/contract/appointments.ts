/**
 * The HTTP contract of appointments, appointment types, rooms and the outbox (issue 14): request and response
 * schemas as TypeBox, used by the routes and published in the OpenAPI document. Times are the clinic's wall clock
 * (`YYYY-MM-DDTHH:MM`) with the same instants in ISO UTC beside them (`startsAt`, `endsAt`).
 */
import { Type, type Static } from 'typebox';
import { Nullable, StaffRefSchema, StaffRoleSchema } from './common.js';
import { MeasureContextSchema } from './measures.js';

const Uuid = Type.String({ format: 'uuid' });
export const LocalDateTimeSchema = Type.String({
  pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$',
  description: "Local wall-clock time in the clinic's zone, YYYY-MM-DDTHH:MM",
});
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (clinic calendar)' });
const Resource = Type.Union([Type.Literal('chair'), Type.Literal('room'), Type.Literal('none')], {
  description: 'What the appointment occupies besides the clinician',
});

// Clinic data: rooms and appointment types --------------------------------------------------------------------------

export const RoomSchema = Type.Object({ id: Type.String(), name: Type.String(), isActive: Type.Boolean() });
export const RoomListSchema = Type.Object({ rooms: Type.Array(RoomSchema) });
export const NewRoomSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 80 }) },
  { additionalProperties: false },
);

export const AppointmentTypeSchema = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  durationMin: Type.Integer(),
  roles: Type.Array(StaffRoleSchema, { description: 'Staff roles that may hold it' }),
  resource: Resource,
  isGroup: Type.Boolean({
    description: 'Several patients may be booked into the same slot with the same clinician and room',
  }),
  isTelehealth: Type.Boolean({ description: 'Held by video: the booking may carry a video link' }),
  isActive: Type.Boolean(),
});
export const AppointmentTypeListSchema = Type.Object({ types: Type.Array(AppointmentTypeSchema) });
export const NewAppointmentTypeSchema = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,40}$' }),
    name: Type.String({ minLength: 1, maxLength: 80 }),
    durationMin: Type.Integer({ minimum: 5, maximum: 600 }),
    roles: Type.Array(StaffRoleSchema, { minItems: 1, uniqueItems: true }),
    resource: Resource,
    isGroup: Type.Optional(Type.Boolean()),
    isTelehealth: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export const AppointmentTypePatchSchema = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 80 })),
    durationMin: Type.Optional(Type.Integer({ minimum: 5, maximum: 600 })),
    roles: Type.Optional(Type.Array(StaffRoleSchema, { minItems: 1, uniqueItems: true })),
    resource: Type.Optional(Resource),
    isActive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);

// Appointments -----------------------------------------------------------------------------------------------------

export const AppointmentSchema = Type.Object({
  id: Type.String(),
  patient: Type.Object({ id: Type.String(), givenName: Type.String(), familyName: Type.String(), mrn: Type.String() }),
  type: Type.Object({
    id: Type.String(),
    code: Type.String(),
    name: Type.String(),
    resource: Resource,
    isGroup: Type.Boolean(),
    isTelehealth: Type.Boolean(),
  }),
  staff: Type.Object({ id: Type.String(), displayName: Type.String(), role: StaffRoleSchema }),
  room: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  chair: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  start: Type.String({ description: 'Local YYYY-MM-DDTHH:MM' }),
  end: Type.String({ description: 'Local YYYY-MM-DDTHH:MM' }),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.Union([Type.Literal('booked'), Type.Literal('cancelled')]),
  videoLink: Nullable(Type.String()),
  note: Nullable(Type.String()),
  version: Type.Integer(),
  cancelReason: Nullable(Type.String()),
  cancelledAt: Nullable(Type.String()),
  createdAt: Type.String(),
});
export type AppointmentDto = Static<typeof AppointmentSchema>;

export const AppointmentDetailSchema = Type.Object({
  ...AppointmentSchema.properties,
  history: Type.Array(
    Type.Object({
      kind: Type.Union([Type.Literal('booked'), Type.Literal('rescheduled'), Type.Literal('cancelled')]),
      at: Type.String(),
      by: Nullable(StaffRefSchema),
      start: Nullable(Type.String({ description: 'The local start after this event' })),
      reason: Nullable(Type.String()),
    }),
  ),
});

/** A plan session's time on the calendar: it holds its chair and staff member like an appointment does. */
export const PlanSessionBlockSchema = Type.Object({
  id: Type.String(),
  patient: Type.Object({ id: Type.String(), givenName: Type.String(), familyName: Type.String(), mrn: Type.String() }),
  modality: Type.String(),
  sessionNumber: Nullable(Type.Integer()),
  chair: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
  staff: Nullable(StaffRefSchema),
  start: Type.String(),
  end: Type.String(),
  startsAt: Type.String(),
  endsAt: Type.String(),
  status: Type.String(),
});

export const AppointmentCalendarQuerySchema = Type.Object(
  {
    from: DateText,
    to: DateText,
    staffId: Type.Optional(Uuid),
    roomId: Type.Optional(Uuid),
    chairId: Type.Optional(Uuid),
    patientId: Type.Optional(Uuid),
    includeCancelled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

export const AppointmentCalendarSchema = Type.Object({
  timeZone: Type.String(),
  from: Type.String(),
  to: Type.String(),
  appointments: Type.Array(AppointmentSchema),
  planSessions: Type.Array(PlanSessionBlockSchema),
  staff: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), role: StaffRoleSchema })),
  rooms: Type.Array(RoomSchema),
  chairs: Type.Array(Type.Object({ id: Type.String(), name: Type.String() })),
  types: Type.Array(AppointmentTypeSchema),
});

export const NewAppointmentSchema = Type.Object(
  {
    patientId: Uuid,
    typeId: Uuid,
    staffId: Uuid,
    roomId: Type.Optional(Uuid),
    chairId: Type.Optional(Uuid),
    start: LocalDateTimeSchema,
    videoLink: Type.Optional(
      Type.String({
        maxLength: 500,
        pattern: '^https://',
        description: 'Telehealth only: the https link the patient joins',
      }),
    ),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export type NewAppointment = Static<typeof NewAppointmentSchema>;

export const RescheduleAppointmentSchema = Type.Object(
  {
    version: Type.Integer({ minimum: 1, description: 'The version you saw: a booking changed since is refused (409)' }),
    start: LocalDateTimeSchema,
    staffId: Type.Optional(Uuid),
    roomId: Type.Optional(Uuid),
    chairId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
export type RescheduleAppointment = Static<typeof RescheduleAppointmentSchema>;

export const CancelAppointmentSchema = Type.Object(
  {
    reason: Type.String({ minLength: 3, maxLength: 500, description: 'Why it is cancelled (kept with the booking)' }),
  },
  { additionalProperties: false },
);

export const AppointmentIdParamsSchema = Type.Object({ id: Uuid });

// The outbox ---------------------------------------------------------------------------------------------------------

export const OutboxMessageSchema = Type.Object({
  id: Type.String(),
  kind: Type.String(),
  channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
  recipient: Type.String(),
  subject: Nullable(Type.String()),
  patientId: Nullable(Type.String()),
  status: Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')]),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String(),
  sentAt: Nullable(Type.String()),
  providerMessageId: Nullable(Type.String()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String(),
});
export const OutboxListSchema = Type.Object({
  delivery: Type.Object({
    email: Type.Boolean({ description: 'SMTP_URL is set: mail is sent' }),
    sms: Type.Boolean({ description: 'SMS_URL is set: text messages are sent' }),
  }),
  messages: Type.Array(OutboxMessageSchema),
});
export const OutboxQuerySchema = Type.Object(
  {
    status: Type.Optional(
      Type.Union([Type.Literal('pending'), Type.Literal('sending'), Type.Literal('sent'), Type.Literal('failed')]),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

/** What "send by mail / SMS" answers: the messages queued (the outbox sends them). */
export const QueuedMessagesSchema = Type.Object({
  queued: Type.Array(
    Type.Object({
      id: Type.String(),
      channel: Type.Union([Type.Literal('email'), Type.Literal('sms')]),
      recipient: Type.String(),
    }),
  ),
});
export const SendChannelsSchema = Type.Object(
  {
    channels: Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms')]), { minItems: 1, uniqueItems: true }),
  },
  { additionalProperties: false },
);

export const SendQuestionnaireLinkSchema = Type.Object(
  {
    instruments: Type.Array(Type.String({ maxLength: 40 }), { minItems: 1, maxItems: 6, uniqueItems: true }),
    context: MeasureContextSchema,
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 24 * 14 })),
    channels: Type.Array(Type.Union([Type.Literal('email'), Type.Literal('sms')]), {
      minItems: 1,
      uniqueItems: true,
      description: 'Send by mail, text or both (to the registered address)',
    }),
  },
  { additionalProperties: false },
);
export const SentQuestionnaireLinkSchema = Type.Object({
  link: Type.Object({ id: Type.String(), expiresAt: Type.String(), instruments: Type.Array(Type.String()) }),
  queued: QueuedMessagesSchema.properties.queued,
});
export const ConsentCopyParamsSchema = Type.Object({ id: Uuid, signatureId: Uuid });
