import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { addChair, newPatient, patientWithSignedPlan } from '../plans/plan-scenarios.testing.js';

// The test clock: Monday 2026-11-02 15:00 UTC = 10:00 in the demo clinic (America/New_York). The bookings below are
// in the week of Monday 2026-11-16, after anything the demo seed books.
interface TypeDto {
  id: string;
  code: string;
  name: string;
  durationMin: number;
  resource: string;
}

describeEachDatabase('appointments', (ctx) => {
  let t: TestApp;
  let desk: Session;
  let admin: Session;
  let types: Record<string, TypeDto>;
  let rooms: Record<string, string>;
  let users: Record<'admin' | 'prescriber' | 'nurse' | 'therapist' | 'front_desk', string>;
  let patient: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
    admin = await signIn(t.app, 'admin');
    users = t.seed.users!;
    const typeList = await expectStatus(api(t.app, desk, 'GET', '/api/appointment-types'), 200);
    types = Object.fromEntries((typeList.types as TypeDto[]).map((ty) => [ty.code, ty]));
    const roomList = await expectStatus(api(t.app, desk, 'GET', '/api/rooms'), 200);
    rooms = Object.fromEntries((roomList.rooms as Array<{ id: string; name: string }>).map((r) => [r.name, r.id]));
    patient = await newPatient(t.app, desk, 'Booker');
  });

  const book = (body: Record<string, unknown>, as: Session = desk) => api(t.app, as, 'POST', '/api/appointments', body);
  /** Books `patient` for an appointment of type `code` with `staffId`, in the named room when one is given. */
  const bookType = (code: string, staffId: string, room: string | undefined, start: string) =>
    book({
      patientId: patient,
      typeId: types[code]!.id,
      staffId,
      ...(room === undefined ? {} : { roomId: rooms[room] }),
      start,
    });
  const consultation = (start: string, extra: Record<string, unknown> = {}) =>
    book({
      patientId: patient,
      typeId: types['consultation']!.id,
      staffId: users.prescriber,
      roomId: rooms['Consult room 1'],
      start,
      ...extra,
    });

  describe('clinic data', () => {
    it('gives the demo clinic the default types, each with a length, its roles and what it occupies', () => {
      expect(Object.keys(types).sort()).toEqual([
        'consultation',
        'follow-up',
        'kap-integration',
        'kap-integration-group',
        'kap-preparation',
        'measure-only',
        'medical-evaluation',
        'telehealth-follow-up',
      ]);
      expect(types['consultation']).toMatchObject({ durationMin: 60, resource: 'room', roles: ['prescriber'] });
      expect(types['telehealth-follow-up']).toMatchObject({ resource: 'none', isTelehealth: true });
      expect(types['kap-integration-group']).toMatchObject({ isGroup: true, roles: ['therapist'] });
      expect(Object.keys(rooms)).toContain('Consult room 1');
    });

    it('lets an admin add a room and a type, and nobody else', async () => {
      await expectStatus(api(t.app, desk, 'POST', '/api/rooms', { name: 'Desk room' }), 403);
      const room = await expectStatus(api(t.app, admin, 'POST', '/api/rooms', { name: 'Quiet room' }), 201);
      expect(room).toMatchObject({ name: 'Quiet room', isActive: true });
      await expectStatus(api(t.app, admin, 'POST', '/api/rooms', { name: 'quiet ROOM' }), 409);
      const type = await expectStatus(
        api(t.app, admin, 'POST', '/api/appointment-types', {
          code: 'chair-check',
          name: 'Chair check',
          durationMin: 20,
          roles: ['nurse'],
          resource: 'chair',
        }),
        201,
      );
      expect(type).toMatchObject({ code: 'chair-check', resource: 'chair', isActive: true });
      const changed = await expectStatus(
        api(t.app, admin, 'PATCH', `/api/appointment-types/${type.id}`, { durationMin: 25 }),
        200,
      );
      expect(changed.durationMin).toBe(25);
    });
  });

  describe('booking', () => {
    it('books a consultation from the front desk and shows it on the calendar', async () => {
      const created = await expectStatus(consultation('2026-11-16T09:00', { note: 'First visit' }), 201);
      expect(created).toMatchObject({
        start: '2026-11-16T09:00',
        end: '2026-11-16T10:00',
        startsAt: '2026-11-16T14:00:00.000Z',
        status: 'booked',
        version: 1,
        type: { code: 'consultation' },
        staff: { id: users.prescriber, displayName: 'Dr Priya Prescriber' },
        room: { name: 'Consult room 1' },
        chair: null,
      });
      const week = await expectStatus(api(t.app, desk, 'GET', '/api/appointments?from=2026-11-16&to=2026-11-22'), 200);
      expect(week.appointments.map((a: { id: string }) => a.id)).toContain(created.id);
      const byRoom = await expectStatus(
        api(t.app, desk, 'GET', `/api/appointments?from=2026-11-16&to=2026-11-16&roomId=${rooms['Consult room 2']}`),
        200,
      );
      expect(byRoom.appointments).toEqual([]);
      const byClinician = await expectStatus(
        api(t.app, desk, 'GET', `/api/appointments?from=2026-11-16&to=2026-11-16&staffId=${users.prescriber}`),
        200,
      );
      expect(byClinician.appointments.map((a: { id: string }) => a.id)).toEqual([created.id]);
    });

    it('answers an impossible calendar range with 400 naming the field, never a 500', async () => {
      const to = await expectStatus(api(t.app, desk, 'GET', '/api/appointments?from=2026-11-01&to=2026-13-45'), 400);
      expect(to.errors).toEqual([expect.objectContaining({ field: 'to' })]);
      const from = await expectStatus(api(t.app, desk, 'GET', '/api/appointments?from=2026-02-30&to=2026-03-02'), 400);
      expect(from.errors).toEqual([expect.objectContaining({ field: 'from' })]);
    });

    it('refuses the same clinician twice at once, naming the clinician and what they are booked for', async () => {
      await expectStatus(consultation('2026-11-16T11:00'), 201);
      const clash = await expectStatus(consultation('2026-11-16T11:30', { roomId: rooms['Consult room 2'] }), 409);
      expect(clash.code).toBe('staff-double-booked');
      expect(clash.detail).toBe(
        'Dr Priya Prescriber is already booked 11:00-12:00 (a Consultation) on 2026-11-16, so 11:30-12:30 is not free. Choose another time, clinician or room.',
      );
      expect(clash.errors.map((e: { field: string }) => e.field)).toEqual(['staffId', 'start']);
    });

    it('refuses the same room twice at once, and takes back-to-back bookings', async () => {
      await expectStatus(bookType('follow-up', users.nurse, 'Consult room 2', '2026-11-17T09:00'), 201);
      const clash = await expectStatus(
        bookType('kap-preparation', users.therapist, 'Consult room 2', '2026-11-17T09:15'),
        409,
      );
      expect(clash.code).toBe('room-double-booked');
      expect(clash.detail).toMatch(/^Consult room 2 is already booked 09:00-09:30 \(a Follow-up\) on 2026-11-17/);
      await expectStatus(bookType('kap-preparation', users.therapist, 'Consult room 2', '2026-11-17T09:30'), 201);
    });

    it('checks who may hold the type, what it occupies, and the time', async () => {
      const wrongRole = await expectStatus(
        bookType('consultation', users.therapist, 'Consult room 1', '2026-11-18T09:00'),
        422,
      );
      expect(wrongRole).toMatchObject({ code: 'role-cannot-hold-type', errors: [{ field: 'staffId' }] });
      const noRoom = await expectStatus(bookType('consultation', users.prescriber, undefined, '2026-11-18T09:00'), 400);
      expect(noRoom.errors).toEqual([{ field: 'roomId', message: 'is required' }]);
      const roomForVideo = await expectStatus(
        bookType('telehealth-follow-up', users.nurse, 'Consult room 1', '2026-11-18T09:00'),
        400,
      );
      expect(roomForVideo.errors[0].field).toBe('roomId');
      const videoForRoom = await expectStatus(
        consultation('2026-11-18T09:00', { videoLink: 'https://video.example/abc' }),
        400,
      );
      expect(videoForRoom.errors[0].field).toBe('videoLink');
      expect((await expectStatus(consultation('2026-10-30T09:00'), 422)).code).toBe('in-the-past');
      expect((await expectStatus(consultation('2026-11-22T09:00'), 422)).code).toBe('outside-clinic-hours');
      const telehealth = await expectStatus(
        book({
          patientId: patient,
          typeId: types['telehealth-follow-up']!.id,
          staffId: users.nurse,
          start: '2026-11-18T13:00',
          videoLink: 'https://video.example/abc',
        }),
        201,
      );
      expect(telehealth).toMatchObject({ videoLink: 'https://video.example/abc', room: null });
    });

    it('lets the patients of one group share the therapist and the room, but not another group at the same time', async () => {
      const group = {
        typeId: types['kap-integration-group']!.id,
        staffId: users.therapist,
        roomId: rooms['Group room'],
        start: '2026-11-19T13:00',
      };
      const second = await newPatient(t.app, desk, 'Grouper');
      await expectStatus(book({ patientId: patient, ...group }), 201);
      await expectStatus(book({ patientId: second, ...group }), 201);
      const overlapping = await expectStatus(book({ patientId: second, ...group, start: '2026-11-19T13:30' }), 409);
      expect(overlapping.code).toMatch(/double-booked/);
    });

    it('lets exactly one of 10 parallel bookings of the same clinician at the same time through', async () => {
      const responses = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          book({
            patientId: patient,
            typeId: types['consultation']!.id,
            staffId: users.prescriber,
            roomId: i % 2 === 0 ? rooms['Consult room 1'] : rooms['Consult room 2'],
            start: '2026-11-20T09:00',
          }),
        ),
      );
      expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
      const losers = responses.filter((r) => r.statusCode === 409);
      expect(losers).toHaveLength(9);
      for (const loser of losers) expect(loser.json().detail).toMatch(/already booked 09:00-10:00|at the same moment/);
    });

    it('refuses overlapping staff time in the database itself, whatever the application does', async () => {
      const insert = (start: string, end: string) =>
        sql`
        insert into appointment (clinic_id, patient_id, type_id, staff_id, starts_at, ends_at, created_at, updated_at)
        values (${desk.clinicId}, ${patient}, ${types['measure-only']!.id}, ${users.nurse}, ${start}::timestamptz, ${end}::timestamptz, now(), now())`.execute(
          ctx.database.db,
        );
      await insert('2026-12-01T14:00Z', '2026-12-01T14:15Z');
      await expect(insert('2026-12-01T14:10Z', '2026-12-01T14:25Z')).rejects.toMatchObject({ code: '23P01' });
      await insert('2026-12-01T14:15Z', '2026-12-01T14:30Z');
    });
  });

  describe('plan sessions and appointments', () => {
    it('lets a plan session hold its staff member and chair against appointments, while sessions share a nurse', async () => {
      const chairId = await addChair(t.app, admin, 'Booking chair');
      const chairType = (await expectStatus(api(t.app, admin, 'GET', '/api/appointment-types'), 200)).types.find(
        (ty: TypeDto) => ty.code === 'chair-check',
      ) as TypeDto;
      const session = (start: string, end: string, chair: string | null) =>
        sql`
        insert into treatment_session (clinic_id, patient_id, modality, starts_at, ends_at, status, created_at, chair_id, staff_id)
        values (${desk.clinicId}, ${patient}, 'esketamine-nasal', ${start}::timestamptz, ${end}::timestamptz, 'scheduled', now(), ${chair}, ${users.nurse})`.execute(
          ctx.database.db,
        );
      // 09:00-11:05 and 10:00-12:05 local on 2026-11-23: one nurse monitoring two patients is allowed.
      await session('2026-11-23T14:00Z', '2026-11-23T16:05Z', chairId);
      await session('2026-11-23T15:00Z', '2026-11-23T17:05Z', null);

      const nurseBusy = await expectStatus(
        bookType('follow-up', users.nurse, 'Consult room 1', '2026-11-23T10:30'),
        409,
      );
      expect(nurseBusy.code).toBe('staff-double-booked');
      expect(nurseBusy.detail).toMatch(
        /^Nora Nurse is already booked 09:00-11:05 \(a plan session\); Nora Nurse is already booked 10:00-12:05 \(a plan session\) on 2026-11-23/,
      );

      const chairBusy = await expectStatus(
        book({ patientId: patient, typeId: chairType.id, staffId: users.nurse, chairId, start: '2026-11-23T10:00' }),
        409,
      );
      expect(chairBusy.errors.map((e: { field: string }) => e.field)).toEqual(
        expect.arrayContaining(['chairId', 'staffId', 'start']),
      );
      expect(chairBusy.detail).toMatch(/Booking chair is already booked 09:00-11:05 \(a plan session\)/);
      const chairTaken = await expectStatus(
        book({ patientId: patient, typeId: chairType.id, staffId: users.nurse, chairId, start: '2026-11-23T13:00' }),
        201,
      );
      expect(chairTaken.chair).toMatchObject({ id: chairId });
      // The chair's name comes from scheduling, which owns chairs (issue 13).
      expect(chairTaken.chair.name).toBe('Booking chair');
      // A session booked into a chair an appointment holds is refused by the same constraint.
      await expect(session('2026-11-23T18:10Z', '2026-11-23T18:20Z', chairId)).rejects.toMatchObject({ code: '23P01' });
      // A cancelled session frees the time.
      await sql`update treatment_session set status = 'cancelled', cancel_reason_code = 'other' where staff_id = ${users.nurse} and starts_at >= '2026-11-23T14:00Z' and starts_at < '2026-11-24T00:00Z'`.execute(
        ctx.database.db,
      );
      await expectStatus(bookType('follow-up', users.nurse, 'Consult room 1', '2026-11-23T10:30'), 201);
      const calendar = await expectStatus(
        api(
          t.app,
          desk,
          'GET',
          `/api/appointments?from=2026-11-23&to=2026-11-23&includeCancelled=true&patientId=${patient}`,
        ),
        200,
      );
      expect(calendar.planSessions.map((s: { start: string; status: string }) => `${s.start} ${s.status}`)).toEqual([
        '2026-11-23T09:00 cancelled',
        '2026-11-23T10:00 cancelled',
      ]);
    });

    it("refuses to book a plan session with a nurse over the nurse's appointment, with a 409", async () => {
      const prescriber = await signIn(t.app, 'prescriber');
      const { planId } = await patientWithSignedPlan(t.app, { desk, prescriber }, 'Planned', 'iv-ketamine', {
        protocol: 'iv-ketamine-induction',
        startDate: '2026-11-30',
      });
      const chairId = await addChair(t.app, admin, 'Plan chair');
      await expectStatus(
        api(t.app, desk, 'POST', '/api/staff-shifts', {
          userId: users.nurse,
          start: '2026-11-30T08:00',
          end: '2026-11-30T17:00',
        }),
        201,
      );
      await expectStatus(bookType('follow-up', users.nurse, 'Consult room 2', '2026-11-30T09:30'), 201);
      const refused = await expectStatus(
        api(t.app, desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, {
          chairId,
          start: '2026-11-30T09:00',
          staffId: users.nurse,
        }),
        409,
      );
      expect(refused.detail).toMatch(/taken by an appointment/);
      await expectStatus(
        api(t.app, desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, { chairId, start: '2026-11-30T09:00' }),
        201,
      );
    });
  });

  describe('reschedule and cancel', () => {
    it('moves a booking at the version seen, refuses a stale version, and keeps the history', async () => {
      const created = await expectStatus(consultation('2026-11-24T09:00'), 201);
      const moved = await expectStatus(
        api(t.app, desk, 'POST', `/api/appointments/${created.id}/reschedule`, {
          version: 1,
          start: '2026-11-24T14:00',
        }),
        200,
      );
      expect(moved).toMatchObject({ start: '2026-11-24T14:00', end: '2026-11-24T15:00', version: 2 });
      const stale = await expectStatus(
        api(t.app, desk, 'POST', `/api/appointments/${created.id}/reschedule`, {
          version: 1,
          start: '2026-11-24T15:00',
        }),
        409,
      );
      expect(stale.errors[0].field).toBe('version');
      // The old time is free again; moving onto itself (overlapping its own time) is fine.
      await expectStatus(consultation('2026-11-24T09:00'), 201);
      await expectStatus(
        api(t.app, desk, 'POST', `/api/appointments/${created.id}/reschedule`, {
          version: 2,
          start: '2026-11-24T14:30',
        }),
        200,
      );
      const detail = await expectStatus(api(t.app, desk, 'GET', `/api/appointments/${created.id}`), 200);
      expect(detail.history.map((h: { kind: string; start: string | null }) => `${h.kind} ${h.start}`)).toEqual([
        'booked 2026-11-24T09:00',
        'rescheduled 2026-11-24T14:00',
        'rescheduled 2026-11-24T14:30',
      ]);
    });

    it('cancels with a reason, keeps the row, and frees the time', async () => {
      const created = await expectStatus(consultation('2026-11-25T09:00'), 201);
      await expectStatus(api(t.app, desk, 'POST', `/api/appointments/${created.id}/cancel`, { reason: '' }), 400);
      const cancelled = await expectStatus(
        api(t.app, desk, 'POST', `/api/appointments/${created.id}/cancel`, { reason: 'Patient asked to postpone' }),
        200,
      );
      expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Patient asked to postpone' });
      await expectStatus(api(t.app, desk, 'POST', `/api/appointments/${created.id}/cancel`, { reason: 'Again' }), 409);
      await expectStatus(
        api(t.app, desk, 'POST', `/api/appointments/${created.id}/reschedule`, {
          version: cancelled.version,
          start: '2026-11-25T11:00',
        }),
        409,
      );
      await expectStatus(consultation('2026-11-25T09:00'), 201);
      const day = await expectStatus(
        api(t.app, desk, 'GET', '/api/appointments?from=2026-11-25&to=2026-11-25&includeCancelled=true'),
        200,
      );
      expect(day.appointments.map((a: { status: string }) => a.status).sort()).toEqual(['booked', 'cancelled']);
      const live = await expectStatus(api(t.app, desk, 'GET', '/api/appointments?from=2026-11-25&to=2026-11-25'), 200);
      expect(live.appointments.map((a: { status: string }) => a.status)).toEqual(['booked']);
    });
  });

  describe('access and audit', () => {
    it('records every read and write of an appointment in the audit log', async () => {
      const created = await expectStatus(consultation('2026-11-26T09:00'), 201);
      await expectStatus(api(t.app, desk, 'GET', `/api/appointments/${created.id}`), 200);
      const rows = await sql<{
        action: string;
      }>`select action from audit_event where resource_type = 'Appointment' and resource_id = ${created.id} order by occurred_at, seq`.execute(
        ctx.database.db,
      );
      expect(rows.rows.map((r) => r.action)).toEqual(['book', 'read']);
    });

    it('answers 401 without a sign-in and 400 naming a bad field', async () => {
      await expectStatus(api(t.app, undefined, 'GET', '/api/appointments?from=2026-11-16&to=2026-11-22'), 401);
      const bad = await expectStatus(
        api(t.app, desk, 'POST', '/api/appointments', {
          patientId: patient,
          typeId: types['consultation']!.id,
          staffId: users.prescriber,
          roomId: rooms['Consult room 1'],
          start: '16/11/2026 09:00',
        }),
        400,
      );
      expect(bad.errors[0].field).toMatch(/start/);
    });
  });
});
