import { Type } from 'typebox';
import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import { CareSettingsBodySchema, CareSettingsSchema } from '../../../contract/clinic.js';
import {
  AddShiftBodySchema,
  BookPlanBodySchema,
  BookPlanResultSchema,
  BookSessionBodySchema,
  CalendarQuerySchema,
  CalendarSchema,
  CancelBodySchema,
  ChairListSchema,
  ChairSchema,
  ConfirmBodySchema,
  CreateChairBodySchema,
  NoShowBodySchema,
  PlanSessionParamsSchema,
  RescheduleBodySchema,
  SessionDetailSchema,
  SessionRemindersSchema,
  SessionSchema,
  ShiftListSchema,
  ShiftSchema,
  ShiftsQuerySchema,
  UpdateChairBodySchema,
} from '../../../contract/schedule.js';
import type { CareSettingsService } from './care-settings.service.js';
import type { ChairsShiftsService } from './chairs-shifts.service.js';
import type { ScheduleCalendarService } from './scheduling-calendar.service.js';
import type { SessionChangesService } from './scheduling-changes.service.js';
import type { SessionRemindersService } from './scheduling-reminders.service.js';
import type { SchedulingService } from './scheduling.service.js';

/** The scheduling module's services, each answering its own routes. */
export interface SchedulingRouteServices {
  readonly scheduling: SchedulingService;
  readonly sessionChanges: SessionChangesService;
  readonly sessionReminders: SessionRemindersService;
  readonly scheduleCalendar: ScheduleCalendarService;
  readonly chairsShifts: ChairsShiftsService;
  readonly careSettings: CareSettingsService;
}

export function schedulingRoutes({
  scheduling,
  sessionChanges,
  sessionReminders,
  scheduleCalendar,
  chairsShifts,
  careSettings,
}: SchedulingRouteServices) {
  return async function register(app: App): Promise<void> {
    // Calendar -----------------------------------------------------------------------------------------------------
    app.get(
      '/api/schedule',
      {
        config: { access: { permission: 'schedule:read' } },
        schema: {
          tags: ['scheduling'],
          summary:
            'Day or week view: sessions (with reminders and what is missing), chairs, opening hours, staff and shifts',
          querystring: CalendarQuerySchema,
          response: { 200: CalendarSchema, ...errorResponses },
        },
      },
      (request) => scheduleCalendar.calendar(requestContext(request), request.query),
    );

    // Booking ------------------------------------------------------------------------------------------------------
    app.post(
      '/api/plans/:id/book',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary:
            "Book a signed plan's unbooked sessions on their planned dates (first free chair, or the given one, from startTime)",
          params: IdParamsSchema,
          body: BookPlanBodySchema,
          response: { 200: BookPlanResultSchema, ...errorResponses },
        },
      },
      (request) => scheduling.bookPlan(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/plans/:id/sessions/:number/booking',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary:
            'Book one planned session into a chair at a local start time; a taken chair is 409 naming the chair and time',
          params: PlanSessionParamsSchema,
          body: BookSessionBodySchema,
          response: { 201: SessionSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply
          .status(201)
          .send(
            await scheduling.bookSession(
              requestContext(request),
              request.params.id,
              request.params.number,
              request.body,
            ),
          ),
    );

    // Sessions -----------------------------------------------------------------------------------------------------
    app.get(
      '/api/sessions/:id',
      {
        config: { access: { permission: 'schedule:read' } },
        schema: {
          tags: ['scheduling'],
          summary: 'One session with its reminders and booking history',
          params: IdParamsSchema,
          response: { 200: SessionDetailSchema, ...errorResponses },
        },
      },
      (request) => scheduleCalendar.getSession(requestContext(request), request.params.id),
    );

    app.post(
      '/api/sessions/:id/reschedule',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Move a scheduled session (time, chair, staff); the reason is kept in its history',
          params: IdParamsSchema,
          body: RescheduleBodySchema,
          response: { 200: SessionSchema, ...errorResponses },
        },
      },
      (request) => sessionChanges.reschedule(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/sessions/:id/cancel',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary: "Cancel a scheduled session with a reason ('other' needs a note); the chair is free again",
          params: IdParamsSchema,
          body: CancelBodySchema,
          response: { 200: SessionSchema, ...errorResponses },
        },
      },
      (request) => sessionChanges.cancel(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/sessions/:id/no-show',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Record that the patient did not come (after the start time)',
          params: IdParamsSchema,
          body: Type.Optional(NoShowBodySchema),
          response: { 200: SessionSchema, ...errorResponses },
        },
      },
      (request) => sessionChanges.noShow(requestContext(request), request.params.id, request.body ?? {}),
    );

    app.get(
      '/api/sessions/:id/reminders',
      {
        config: { access: { permission: 'schedule:read' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Pre-session reminders (ride home, fasting, ...) and what is still missing',
          params: IdParamsSchema,
          response: { 200: SessionRemindersSchema, ...errorResponses },
        },
      },
      (request) => sessionReminders.reminders(requestContext(request), request.params.id),
    );

    app.post(
      '/api/sessions/:id/confirmations',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Confirm a pre-session reminder (consent is never confirmed by hand: it comes from the signature)',
          params: IdParamsSchema,
          body: ConfirmBodySchema,
          response: { 200: SessionRemindersSchema, ...errorResponses },
        },
      },
      (request) => sessionReminders.confirm(requestContext(request), request.params.id, request.body),
    );

    // Chairs -------------------------------------------------------------------------------------------------------
    app.get(
      '/api/chairs',
      {
        config: { access: { permission: 'schedule:read' } },
        schema: {
          tags: ['scheduling'],
          summary: "The clinic's chairs",
          response: { 200: ChairListSchema, ...errorResponses },
        },
      },
      (request) => chairsShifts.listChairs(requestContext(request)),
    );

    app.post(
      '/api/chairs',
      {
        config: { access: { permission: 'chair:manage' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Add a chair',
          body: CreateChairBodySchema,
          response: { 201: ChairSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await chairsShifts.createChair(requestContext(request), request.body)),
    );

    app.patch(
      '/api/chairs/:id',
      {
        config: { access: { permission: 'chair:manage' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Rename, move or take a chair out of use (refused while it has future bookings)',
          params: IdParamsSchema,
          body: UpdateChairBodySchema,
          response: { 200: ChairSchema, ...errorResponses },
        },
      },
      (request) => chairsShifts.updateChair(requestContext(request), request.params.id, request.body),
    );

    // Staff availability -------------------------------------------------------------------------------------------
    app.get(
      '/api/staff-shifts',
      {
        config: { access: { permission: 'schedule:read' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Staff shifts overlapping the dates',
          querystring: ShiftsQuerySchema,
          response: { 200: ShiftListSchema, ...errorResponses },
        },
      },
      (request) => chairsShifts.listShifts(requestContext(request), request.query),
    );

    app.post(
      '/api/staff-shifts',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary: "Add a shift (a person's shifts never overlap)",
          body: AddShiftBodySchema,
          response: { 201: ShiftSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await chairsShifts.addShift(requestContext(request), request.body)),
    );

    app.delete(
      '/api/staff-shifts/:id',
      {
        config: { access: { permission: 'schedule:write' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Remove a shift',
          params: IdParamsSchema,
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await chairsShifts.removeShift(requestContext(request), request.params.id);
        return reply.status(204).send(null);
      },
    );

    // Clinic care settings -----------------------------------------------------------------------------------------
    app.get(
      '/api/clinic/care-settings',
      {
        config: { access: 'signed-in' },
        schema: {
          tags: ['scheduling'],
          summary: 'Time zone, clinic hours, dosing weight basis, eligibility rule edits and protocol settings',
          response: { 200: CareSettingsSchema, ...errorResponses },
        },
      },
      (request) => careSettings.get(requestContext(request)),
    );

    app.put(
      '/api/clinic/care-settings',
      {
        config: { access: { permission: 'clinic:manage' } },
        schema: {
          tags: ['scheduling'],
          summary: 'Change any of them (each validated by the domain; label contraindications cannot be weakened)',
          body: CareSettingsBodySchema,
          response: { 200: CareSettingsSchema, ...errorResponses },
        },
      },
      (request) => careSettings.update(requestContext(request), request.body),
    );
  };
}
