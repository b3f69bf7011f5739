import {
  AppointmentCalendarQuerySchema,
  AppointmentCalendarSchema,
  AppointmentDetailSchema,
  AppointmentIdParamsSchema,
  AppointmentSchema,
  AppointmentTypeListSchema,
  AppointmentTypePatchSchema,
  AppointmentTypeSchema,
  CancelAppointmentSchema,
  NewAppointmentSchema,
  NewAppointmentTypeSchema,
  NewRoomSchema,
  RescheduleAppointmentSchema,
  RoomListSchema,
  RoomSchema,
} from '../../../contract/appointments.js';
import { errorResponses, requestContext, type App } from '../../http.js';
import type { AppointmentCalendarService } from './appointment-calendar.service.js';
import type { AppointmentTypesService } from './appointment-types.service.js';
import type { AppointmentsService } from './appointments.service.js';

export function appointmentsRoutes(
  bookings: AppointmentsService,
  types: AppointmentTypesService,
  calendar: AppointmentCalendarService,
) {
  return async function register(app: App): Promise<void> {
    // Clinic data ------------------------------------------------------------------------------------------------
    app.get(
      '/api/appointment-types',
      {
        config: { access: { permission: 'appointment:read' } },
        schema: {
          tags: ['appointments'],
          summary: "The clinic's appointment types: length, who may hold them, chair / room / neither",
          response: { 200: AppointmentTypeListSchema, ...errorResponses },
        },
      },
      (request) => types.listTypes(requestContext(request)),
    );

    app.post(
      '/api/appointment-types',
      {
        config: { access: { permission: 'clinic:manage' } },
        schema: {
          tags: ['appointments'],
          summary: 'Add an appointment type',
          body: NewAppointmentTypeSchema,
          response: { 201: AppointmentTypeSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await types.createType(requestContext(request), request.body)),
    );

    app.patch(
      '/api/appointment-types/:id',
      {
        config: { access: { permission: 'clinic:manage' } },
        schema: {
          tags: ['appointments'],
          summary: 'Change an appointment type (bookings keep their times)',
          params: AppointmentIdParamsSchema,
          body: AppointmentTypePatchSchema,
          response: { 200: AppointmentTypeSchema, ...errorResponses },
        },
      },
      (request) => types.updateType(requestContext(request), request.params.id, request.body),
    );

    app.get(
      '/api/rooms',
      {
        config: { access: { permission: 'appointment:read' } },
        schema: {
          tags: ['appointments'],
          summary: "The clinic's rooms",
          response: { 200: RoomListSchema, ...errorResponses },
        },
      },
      (request) => types.listRooms(requestContext(request)),
    );

    app.post(
      '/api/rooms',
      {
        config: { access: { permission: 'clinic:manage' } },
        schema: {
          tags: ['appointments'],
          summary: 'Add a room',
          body: NewRoomSchema,
          response: { 201: RoomSchema, ...errorResponses },
        },
      },
      async (request, reply) =>
        reply.status(201).send(await types.createRoom(requestContext(request), request.body.name)),
    );

    // Appointments -----------------------------------------------------------------------------------------------
    app.get(
      '/api/appointments',
      {
        config: { access: { permission: 'appointment:read' } },
        schema: {
          tags: ['appointments'],
          summary:
            'The calendar: appointments and the plan sessions holding staff and chairs, for a day or week, by clinician, room or chair',
          querystring: AppointmentCalendarQuerySchema,
          response: { 200: AppointmentCalendarSchema, ...errorResponses },
        },
      },
      (request) => calendar.calendar(requestContext(request), request.query),
    );

    app.get(
      '/api/appointments/:id',
      {
        config: { access: { permission: 'appointment:read' } },
        schema: {
          tags: ['appointments'],
          summary: 'One appointment with its history',
          params: AppointmentIdParamsSchema,
          response: { 200: AppointmentDetailSchema, ...errorResponses },
        },
      },
      (request) => calendar.get(requestContext(request), request.params.id),
    );

    app.post(
      '/api/appointments',
      {
        config: { access: { permission: 'appointment:write' } },
        schema: {
          tags: ['appointments'],
          summary: 'Book an appointment; 409 names the clinician, room or chair already booked',
          body: NewAppointmentSchema,
          response: { 201: AppointmentSchema, ...errorResponses },
        },
      },
      async (request, reply) => reply.status(201).send(await bookings.book(requestContext(request), request.body)),
    );

    app.post(
      '/api/appointments/:id/reschedule',
      {
        config: { access: { permission: 'appointment:write' } },
        schema: {
          tags: ['appointments'],
          summary: 'Move an appointment (optionally to another clinician, room or chair)',
          params: AppointmentIdParamsSchema,
          body: RescheduleAppointmentSchema,
          response: { 200: AppointmentSchema, ...errorResponses },
        },
      },
      (request) => bookings.reschedule(requestContext(request), request.params.id, request.body),
    );

    app.post(
      '/api/appointments/:id/cancel',
      {
        config: { access: { permission: 'appointment:write' } },
        schema: {
          tags: ['appointments'],
          summary: 'Cancel with a reason (the booking stays, cancelled; its unsent reminders are withdrawn)',
          params: AppointmentIdParamsSchema,
          body: CancelAppointmentSchema,
          response: { 200: AppointmentSchema, ...errorResponses },
        },
      },
      (request) => bookings.cancel(requestContext(request), request.params.id, request.body.reason),
    );
  };
}
