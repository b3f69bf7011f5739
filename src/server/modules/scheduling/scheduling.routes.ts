import { Type } from 'typebox';
import { REQUIREMENT_CODES } from '../../../domain/protocols/index.js';
import { WEIGHT_BASES } from '../../../domain/dosing/index.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import { ClinicHoursSchema, JsonObject } from '../../../contract/common.js';
import type { CareSettingsService } from './care-settings.service.js';
import { CANCEL_REASONS, CONFIRMABLE_REQUIREMENTS, type SchedulingService } from './scheduling.service.js';

const LocalDateTime = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}$', description: "Local wall-clock time in the clinic's zone, YYYY-MM-DDTHH:MM" });
const DateText = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD (clinic calendar)' });
const HhMm = Type.String({ pattern: '^([01]\\d|2[0-3]):[0-5]\\d$', description: 'HH:MM' });
const Uuid = Type.String({ format: 'uuid' });
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const ReminderItem = Type.Object({
  code: Type.Enum(REQUIREMENT_CODES), label: Type.String(), instructions: Type.String(), scope: Type.String(),
  status: Type.Enum(['confirmed', 'missing']), automatic: Type.Boolean(), confirmedAt: Nullable(Type.String()), confirmedBy: Nullable(Type.String()),
  fasting: Type.Optional(Type.Object({ noFoodHours: Type.Number(), noLiquidsMinutes: Type.Number() })),
});
const Reminders = Type.Object({ complete: Type.Boolean(), items: Type.Array(ReminderItem), missing: Type.Array(Type.String()) });

export const SessionSchema = Type.Object({
  id: Type.String(), patientId: Type.String(),
  patient: Type.Object({ id: Type.String(), givenName: Type.String(), familyName: Type.String(), mrn: Type.String() }),
  planId: Nullable(Type.String()), protocolId: Nullable(Type.String()), modality: Type.String(), sessionNumber: Nullable(Type.Integer()),
  phase: Nullable(Type.String()), doseMg: Nullable(Type.Number()), route: Nullable(Type.String()), durationMin: Nullable(Type.Number()), monitoringMin: Nullable(Type.Number()),
  chair: Nullable(Type.Object({ id: Type.String(), name: Type.String() })), staff: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })),
  start: Type.String({ description: 'Local YYYY-MM-DDTHH:MM' }), end: Type.String({ description: 'Local; chair time includes monitoring' }),
  startsAt: Type.String(), endsAt: Type.String(), status: Type.String(),
  cancelReasonCode: Nullable(Type.String()), cancelNote: Nullable(Type.String()), noShowNote: Nullable(Type.String()),
  reminders: Nullable(Reminders),
});
const SessionDetailSchema = Type.Object({
  ...SessionSchema.properties,
  history: Type.Array(Type.Object({ kind: Type.String(), detail: JsonObject, at: Type.String(), by: Nullable(Type.Object({ id: Type.String(), displayName: Type.String() })) })),
});
const ChairSchema = Type.Object({ id: Type.String(), name: Type.String(), room: Nullable(Type.String()), isActive: Type.Boolean(), createdAt: Type.String(), updatedAt: Type.String() });
const ShiftSchema = Type.Object({ id: Type.String(), userId: Type.String(), displayName: Type.Optional(Type.String()), role: Type.Optional(Type.String()), start: Type.String(), end: Type.String(), note: Nullable(Type.String()) });
const PlanSessionParams = Type.Object({ id: Uuid, number: Type.Integer({ minimum: 1, maximum: 200 }) });
const HoursSchema = Type.Object({ open: Type.String(), close: Type.String() });
const HourCycleSchema = Type.Union([Type.Literal('h12'), Type.Literal('h23')], { description: '12-hour (9:42 PM) or 24-hour (21:42) clock' });
const CareSettingsSchema = Type.Object({
  timeZone: Type.String(),
  locale: Type.String({ description: "The clinic's locale (BCP 47): how dates are shown and typed" }),
  hourCycle: HourCycleSchema,
  clinicHours: ClinicHoursSchema, dosingWeightBasis: Type.String(),
  eligibilityRuleOverrides: JsonObject, eligibilityRuleSetVersion: Type.String(),
  eligibilityRuleEditsRefused: Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), { description: 'Stored rule edits the current rules refuse (not applied)' }),
  protocolSettings: Type.Record(Type.String(), JsonObject),
});

export function schedulingRoutes(service: SchedulingService, careSettings: CareSettingsService) {
  return async function register(app: App): Promise<void> {
    // Calendar -----------------------------------------------------------------------------------------------------
    app.get('/api/schedule', {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['scheduling'], summary: 'Day or week view: sessions (with reminders and what is missing), chairs, opening hours, staff and shifts',
        querystring: Type.Object({
          from: DateText, to: DateText, chairId: Type.Optional(Uuid), staffId: Type.Optional(Uuid),
          includeCancelled: Type.Optional(Type.Boolean({ description: 'Also cancelled and no-show sessions' })),
        }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            timeZone: Type.String(), from: Type.String(), to: Type.String(),
            days: Type.Array(Type.Object({ date: Type.String(), weekday: Type.String(), hours: Nullable(HoursSchema) })),
            chairs: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), room: Nullable(Type.String()), isActive: Type.Boolean() })),
            staff: Type.Array(Type.Object({ id: Type.String(), displayName: Type.String(), role: Type.String() })),
            shifts: Type.Array(ShiftSchema),
            sessions: Type.Array(SessionSchema),
          }),
          ...errorResponses,
        },
      },
    }, (request) => service.calendar(requestContext(request), request.query));

    // Booking ------------------------------------------------------------------------------------------------------
    app.post('/api/plans/:id/book', {
      config: { access: { permission: 'schedule:write' } },
      schema: {
        tags: ['scheduling'], summary: "Book a signed plan's unbooked sessions on their planned dates (first free chair, or the given one, from startTime)",
        params: IdParamsSchema,
        body: Type.Object({
          sessions: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { uniqueItems: true, maxItems: 100, description: 'Session numbers (default: every unbooked one)' })),
          chairId: Type.Optional(Uuid), startTime: Type.Optional(HhMm), staffId: Type.Optional(Uuid),
        }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            booked: Type.Array(SessionSchema),
            unplaced: Type.Array(Type.Object({ number: Type.Integer(), date: Type.String(), reason: Type.String(), message: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    }, (request) => service.bookPlan(requestContext(request), request.params.id, request.body));

    app.post('/api/plans/:id/sessions/:number/booking', {
      config: { access: { permission: 'schedule:write' } },
      schema: {
        tags: ['scheduling'], summary: 'Book one planned session into a chair at a local start time; a taken chair is 409 naming the chair and time',
        params: PlanSessionParams,
        body: Type.Object({ chairId: Uuid, start: LocalDateTime, staffId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 201: SessionSchema, ...errorResponses },
      },
    }, async (request, reply) => reply.status(201).send(await service.bookSession(requestContext(request), request.params.id, request.params.number, request.body)));

    // Sessions -----------------------------------------------------------------------------------------------------
    app.get('/api/sessions/:id', {
      config: { access: { permission: 'schedule:read' } },
      schema: { tags: ['scheduling'], summary: 'One session with its reminders and booking history', params: IdParamsSchema, response: { 200: SessionDetailSchema, ...errorResponses } },
    }, (request) => service.getSession(requestContext(request), request.params.id));

    app.post('/api/sessions/:id/reschedule', {
      config: { access: { permission: 'schedule:write' } },
      schema: {
        tags: ['scheduling'], summary: 'Move a scheduled session (time, chair, staff); the reason is kept in its history',
        params: IdParamsSchema,
        body: Type.Object({ start: LocalDateTime, chairId: Type.Optional(Uuid), staffId: Type.Optional(Nullable(Uuid)), reason: Type.String({ minLength: 3, maxLength: 500, pattern: '\\S' }) }, { additionalProperties: false }),
        response: { 200: SessionSchema, ...errorResponses },
      },
    }, (request) => service.reschedule(requestContext(request), request.params.id, request.body));

    app.post('/api/sessions/:id/cancel', {
      config: { access: { permission: 'schedule:write' } },
      schema: {
        tags: ['scheduling'], summary: "Cancel a scheduled session with a reason ('other' needs a note); the chair is free again",
        params: IdParamsSchema,
        body: Type.Object({ reasonCode: Type.Enum(CANCEL_REASONS), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: SessionSchema, ...errorResponses },
      },
    }, (request) => service.cancel(requestContext(request), request.params.id, request.body));

    app.post('/api/sessions/:id/no-show', {
      config: { access: { permission: 'schedule:write' } },
      schema: {
        tags: ['scheduling'], summary: 'Record that the patient did not come (after the start time)',
        params: IdParamsSchema, body: Type.Optional(Type.Object({ note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false })),
        response: { 200: SessionSchema, ...errorResponses },
      },
    }, (request) => service.noShow(requestContext(request), request.params.id, request.body ?? {}));

    app.get('/api/sessions/:id/reminders', {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['scheduling'], summary: 'Pre-session reminders (ride home, fasting, ...) and what is still missing',
        params: IdParamsSchema,
        response: { 200: Type.Object({ sessionId: Type.String(), sessionNumber: Nullable(Type.Integer()), protocolId: Nullable(Type.String()), ...Reminders.properties }), ...errorResponses },
      },
    }, (request) => service.reminders(requestContext(request), request.params.id));

    app.post('/api/sessions/:id/confirmations', {
      config: { access: { permission: 'schedule:write' } },
      schema: {
        tags: ['scheduling'], summary: 'Confirm a pre-session reminder (consent is never confirmed by hand: it comes from the signature)',
        params: IdParamsSchema,
        body: Type.Object({ code: Type.Enum(CONFIRMABLE_REQUIREMENTS), note: Type.Optional(Type.String({ maxLength: 500 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ sessionId: Type.String(), sessionNumber: Nullable(Type.Integer()), protocolId: Nullable(Type.String()), ...Reminders.properties }), ...errorResponses },
      },
    }, (request) => service.confirm(requestContext(request), request.params.id, request.body));

    // Chairs -------------------------------------------------------------------------------------------------------
    app.get('/api/chairs', {
      config: { access: { permission: 'schedule:read' } },
      schema: { tags: ['scheduling'], summary: "The clinic's chairs", response: { 200: Type.Object({ items: Type.Array(ChairSchema) }), ...errorResponses } },
    }, (request) => service.listChairs(requestContext(request)));

    app.post('/api/chairs', {
      config: { access: { permission: 'chair:manage' } },
      schema: {
        tags: ['scheduling'], summary: 'Add a chair',
        body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' }), room: Type.Optional(Nullable(Type.String({ maxLength: 60 }))) }, { additionalProperties: false }),
        response: { 201: ChairSchema, ...errorResponses },
      },
    }, async (request, reply) => reply.status(201).send(await service.createChair(requestContext(request), request.body)));

    app.patch('/api/chairs/:id', {
      config: { access: { permission: 'chair:manage' } },
      schema: {
        tags: ['scheduling'], summary: 'Rename, move or take a chair out of use (refused while it has future bookings)',
        params: IdParamsSchema,
        body: Type.Object({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 60, pattern: '\\S' })), room: Type.Optional(Nullable(Type.String({ maxLength: 60 }))), isActive: Type.Optional(Type.Boolean()) }, { additionalProperties: false }),
        response: { 200: ChairSchema, ...errorResponses },
      },
    }, (request) => service.updateChair(requestContext(request), request.params.id, request.body));

    // Staff availability -------------------------------------------------------------------------------------------
    app.get('/api/staff-shifts', {
      config: { access: { permission: 'schedule:read' } },
      schema: {
        tags: ['scheduling'], summary: 'Staff shifts overlapping the dates',
        querystring: Type.Object({ from: DateText, to: DateText, userId: Type.Optional(Uuid) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ShiftSchema) }), ...errorResponses },
      },
    }, (request) => service.listShifts(requestContext(request), request.query));

    app.post('/api/staff-shifts', {
      config: { access: { permission: 'schedule:write' } },
      schema: {
        tags: ['scheduling'], summary: "Add a shift (a person's shifts never overlap)",
        body: Type.Object({ userId: Uuid, start: LocalDateTime, end: LocalDateTime, note: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
        response: { 201: ShiftSchema, ...errorResponses },
      },
    }, async (request, reply) => reply.status(201).send(await service.addShift(requestContext(request), request.body)));

    app.delete('/api/staff-shifts/:id', {
      config: { access: { permission: 'schedule:write' } },
      schema: { tags: ['scheduling'], summary: 'Remove a shift', params: IdParamsSchema, response: { 204: Type.Null(), ...errorResponses } },
    }, async (request, reply) => {
      await service.removeShift(requestContext(request), request.params.id);
      return reply.status(204).send(null);
    });

    // Clinic care settings -----------------------------------------------------------------------------------------
    app.get('/api/clinic/care-settings', {
      config: { access: 'signed-in' },
      schema: { tags: ['scheduling'], summary: 'Time zone, clinic hours, dosing weight basis, eligibility rule edits and protocol settings', response: { 200: CareSettingsSchema, ...errorResponses } },
    }, (request) => careSettings.get(requestContext(request)));

    app.put('/api/clinic/care-settings', {
      config: { access: { permission: 'clinic:manage' } },
      schema: {
        tags: ['scheduling'], summary: 'Change any of them (each validated by the domain; label contraindications cannot be weakened)',
        body: Type.Object({
          timeZone: Type.Optional(Type.String({ maxLength: 60 })),
          locale: Type.Optional(Type.String({ maxLength: 35 })),
          hourCycle: Type.Optional(HourCycleSchema),
          clinicHours: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: "{ '1': { open: '08:00', close: '18:00' }, '0': 'closed', ... }" })),
          dosingWeightBasis: Type.Optional(Type.Enum(WEIGHT_BASES as readonly ('actual' | 'ideal' | 'adjusted')[])),
          eligibilityRuleOverrides: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
          protocolSettings: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), Type.Unknown()))),
        }, { additionalProperties: false }),
        response: { 200: CareSettingsSchema, ...errorResponses },
      },
    }, (request) => careSettings.update(requestContext(request), request.body));
  };
}
