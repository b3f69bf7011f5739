import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { addChair, patientWithSignedPlan, type Staff } from '../plans/plan-scenarios.testing.js';

// The test clock: Monday 2026-11-02 15:00 UTC = 10:00 in the demo clinic (America/New_York).
const IV = { protocol: 'iv-ketamine-induction', startDate: '2026-11-04' } as const;

describeEachDatabase('chair scheduling', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  let admin: Session;
  let nurse: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    staff = { desk: await signIn(t.app, 'front_desk'), prescriber: await signIn(t.app, 'prescriber') };
    admin = await signIn(t.app, 'admin');
    nurse = await signIn(t.app, 'nurse');
  });

  describe('double-booking under concurrency', () => {
    it('lets exactly one of 20 parallel attempts book the same chair at the same time', async () => {
      const chairId = await addChair(t.app, admin, 'Race chair');
      const plans = [];
      for (let i = 0; i < 20; i++)
        plans.push(await patientWithSignedPlan(t.app, staff, `Racer${i}`, 'iv-ketamine', IV));

      const responses = await Promise.all(
        plans.map(({ planId }) =>
          api(t.app, staff.desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, {
            chairId,
            start: '2026-11-04T09:00',
          }),
        ),
      );

      const statuses = responses.map((r) => r.statusCode);
      expect(statuses.filter((s) => s === 201)).toHaveLength(1);
      expect(statuses.filter((s) => s === 409)).toHaveLength(19);
      for (const loser of responses.filter((r) => r.statusCode === 409)) {
        expect(loser.json().detail).toMatch(/Race chair is already booked 09:00-10:40 on 2026-11-04/);
        expect(loser.json().code).toBe('chair-double-booked');
        expect(loser.json().errors.map((e: { field: string }) => e.field)).toEqual(['chairId', 'start']);
      }
      const rows = await sql<{
        n: number;
      }>`select count(*)::int as n from treatment_session where chair_id = ${chairId} and status = 'scheduled'`.execute(
        ctx.database.db,
      );
      expect(rows.rows[0]?.n).toBe(1);
    });

    it('lets exactly one of 20 parallel attempts book the same plan session, even into different chairs', async () => {
      const { planId } = await patientWithSignedPlan(t.app, staff, 'Eager', 'iv-ketamine', IV);
      const chairs = [];
      for (let i = 0; i < 20; i++) chairs.push(await addChair(t.app, admin, `Spread ${i}`));
      const responses = await Promise.all(
        chairs.map((chairId) =>
          api(t.app, staff.desk, 'POST', `/api/plans/${planId}/sessions/2/booking`, {
            chairId,
            start: '2026-11-06T09:00',
          }),
        ),
      );
      expect(responses.filter((r) => r.statusCode === 201)).toHaveLength(1);
      expect(responses.filter((r) => r.statusCode === 409)).toHaveLength(19);
      const plan = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}`)).json();
      expect(plan.sessions[1].booking).toMatchObject({ start: '2026-11-06T09:00', end: '2026-11-06T10:40' });
    });

    it('refuses overlapping chair time in the database itself, whatever the application does', async () => {
      const chairId = await addChair(t.app, admin, 'Raw chair');
      const { patientId } = await patientWithSignedPlan(t.app, staff, 'Rawfirst', 'iv-ketamine', IV);
      const insert = (start: string, end: string) =>
        sql`
        insert into treatment_session (clinic_id, patient_id, modality, starts_at, ends_at, status, created_at, chair_id)
        values (${staff.desk.clinicId}, ${patientId}, 'iv-ketamine', ${start}::timestamptz, ${end}::timestamptz, 'scheduled', now(), ${chairId})`.execute(
          ctx.database.db,
        );
      const results = await Promise.allSettled(
        Array.from({ length: 10 }, () => insert('2026-12-01T14:00Z', '2026-12-01T16:00Z')),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      // Each loser is refused by the exclusion constraint (23P01), or, when two inserts each waited for the other's
      // uncommitted row, by PostgreSQL's deadlock detector (40P01), which the application's transactor retries.
      for (const failure of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
        expect(['23P01', '40P01']).toContain((failure.reason as { code?: string }).code);
      }
      // Half-open ranges: back-to-back sessions do not overlap; a cancelled session frees the chair.
      await insert('2026-12-01T16:00Z', '2026-12-01T17:00Z');
      await sql`update treatment_session set status = 'cancelled', cancel_reason_code = 'other' where chair_id = ${chairId} and starts_at = '2026-12-01T14:00Z'`.execute(
        ctx.database.db,
      );
      await insert('2026-12-01T14:30Z', '2026-12-01T15:30Z');
    });
  });

  describe('booking rules', () => {
    let chairId: string;
    let planId: string;
    beforeAll(async () => {
      chairId = await addChair(t.app, admin, 'Rules chair');
      ({ planId } = await patientWithSignedPlan(t.app, staff, 'Ruled', 'iv-ketamine', IV));
    });
    const book = (number: number, body: Record<string, unknown>) =>
      api(t.app, staff.desk, 'POST', `/api/plans/${planId}/sessions/${number}/booking`, body);

    it('keeps the whole chair time (infusion and monitoring) inside clinic hours', async () => {
      const late = await book(1, { chairId, start: '2026-11-04T17:00' });
      expect(late.statusCode).toBe(422);
      expect(late.json()).toMatchObject({ code: 'outside-clinic-hours' });
      expect(late.json().detail).toMatch(/after closing at 18:00.*100 min/);
      const sunday = await book(1, { chairId, start: '2026-11-08T10:00' });
      expect(sunday.json()).toMatchObject({ code: 'outside-clinic-hours', errors: [{ field: 'start' }] });
    });

    it('refuses a time in the past and a malformed one', async () => {
      expect((await book(1, { chairId, start: '2026-11-02T09:00' })).json().code).toBe('in-the-past');
      const malformed = await book(1, { chairId, start: '2026-11-04 09:00' });
      expect(malformed.statusCode).toBe(400);
      expect(malformed.json().errors[0].field).toBe('start');
    });

    it("keeps the protocol's minimum spacing between a plan's sessions (48 h for the IV induction)", async () => {
      // src/domain/protocols/README.md: IV induction infusions at least 48 h apart (clinic default, issue 4).
      expect((await book(1, { chairId, start: '2026-11-04T09:00' })).statusCode).toBe(201);
      const tooSoon = await book(2, { chairId, start: '2026-11-05T09:00' });
      expect(tooSoon.statusCode).toBe(422);
      expect(tooSoon.json()).toMatchObject({ code: 'spacing-below-minimum' });
      expect((await book(2, { chairId, start: '2026-11-06T09:00' })).statusCode).toBe(201);
    });

    it('books only signed plans', async () => {
      const { patientId } = await patientWithSignedPlan(t.app, staff, 'Drafty', 'iv-ketamine', IV);
      const draft = (await api(t.app, staff.prescriber, 'POST', `/api/patients/${patientId}/plans`, IV)).json();
      const response = await api(t.app, staff.desk, 'POST', `/api/plans/${draft.id}/sessions/1/booking`, {
        chairId,
        start: '2026-11-10T09:00',
      });
      expect(response.json()).toMatchObject({ status: 422, code: 'plan-not-active' });
    });

    it('needs an assigned staff member to be on shift', async () => {
      const shiftless = await book(3, { chairId, start: '2026-11-09T09:00', staffId: nurse.userId });
      expect(shiftless.json()).toMatchObject({ status: 422, code: 'staff-not-on-shift' });
      const shift = await api(t.app, staff.desk, 'POST', '/api/staff-shifts', {
        userId: nurse.userId,
        start: '2026-11-09T08:00',
        end: '2026-11-09T16:00',
      });
      expect(shift.statusCode).toBe(201);
      const overlapping = await api(t.app, staff.desk, 'POST', '/api/staff-shifts', {
        userId: nurse.userId,
        start: '2026-11-09T15:00',
        end: '2026-11-09T18:00',
      });
      expect(overlapping.statusCode).toBe(409);
      const booked = await book(3, { chairId, start: '2026-11-09T09:00', staffId: nurse.userId });
      expect(booked.statusCode).toBe(201);
      expect(booked.json().staff).toMatchObject({ id: nurse.userId, displayName: 'Nora Nurse' });
    });

    it('lets front desk book but not a therapist', async () => {
      const therapist = await signIn(t.app, 'therapist');
      expect(
        (
          await api(t.app, therapist, 'POST', `/api/plans/${planId}/sessions/4/booking`, {
            chairId,
            start: '2026-11-11T09:00',
          })
        ).statusCode,
      ).toBe(403);
    });
  });

  describe("booking a plan's sessions, the calendar and the day's reminders", () => {
    let chairA: string;
    let chairB: string;
    let planId: string;
    let patientId: string;
    beforeAll(async () => {
      chairA = await addChair(t.app, admin, 'Calendar A');
      chairB = await addChair(t.app, admin, 'Calendar B');
      ({ planId, patientId } = await patientWithSignedPlan(t.app, staff, 'Weekly', 'esketamine-nasal', {
        protocol: 'esketamine-trd',
        startDate: '2026-11-16',
      }));
    });

    it('books every planned session on its planned date in the first free chair from the given time', async () => {
      // Chair A is taken at 09:00 on the first day, so session 1 goes to chair B.
      const other = await patientWithSignedPlan(t.app, staff, 'Blocker', 'iv-ketamine', {
        protocol: 'iv-ketamine-induction',
        startDate: '2026-11-16',
      });
      expect(
        (
          await api(t.app, staff.desk, 'POST', `/api/plans/${other.planId}/sessions/1/booking`, {
            chairId: chairA,
            start: '2026-11-16T09:00',
          })
        ).statusCode,
      ).toBe(201);

      const response = await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/book`, {
        startTime: '09:00',
        sessions: [1, 2, 3, 4],
      });
      expect(response.statusCode).toBe(200);
      const { booked, unplaced } = response.json();
      expect(unplaced).toEqual([]);
      expect(booked.map((s: { start: string }) => s.start)).toEqual([
        '2026-11-16T09:00',
        '2026-11-19T09:00',
        '2026-11-23T09:00',
        '2026-11-26T09:00',
      ]);
      // Esketamine 56 mg: 2 devices 5 min apart, then at least 120 min monitoring (Spravato label).
      expect(booked[0]).toMatchObject({ end: '2026-11-16T11:05', doseMg: 56, durationMin: 5, monitoringMin: 120 });
      expect(booked[0].chair.id).not.toBe(chairA);
      const again = (await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/book`, { sessions: [1] })).json();
      expect(again.booked).toEqual([]);
    });

    it('shows the week per chair with each session, opening hours and what is still missing', async () => {
      const week = await api(t.app, staff.desk, 'GET', '/api/schedule?from=2026-11-16&to=2026-11-22');
      expect(week.statusCode).toBe(200);
      const body = week.json();
      expect(body.days).toHaveLength(7);
      expect(body.days[0]).toMatchObject({ date: '2026-11-16', weekday: 'Monday', hours: { open: '08:00' } });
      expect(body.days[6]).toMatchObject({ weekday: 'Sunday', hours: null });
      const mine = body.sessions.filter((s: { patientId: string }) => s.patientId === patientId);
      expect(mine.map((s: { sessionNumber: number }) => s.sessionNumber)).toEqual([1, 2]);
      expect(mine[0].reminders.missing).toEqual([
        'Enrolled in the SPRAVATO REMS',
        'Ride home confirmed',
        'Fasting instructions acknowledged (no food 2 h, no liquids 30 min)',
        'Nasal steroid or decongestant at least 1 h before',
      ]);
      const byChair = (
        await api(t.app, staff.desk, 'GET', `/api/schedule?from=2026-11-16&to=2026-11-16&chairId=${chairA}`)
      ).json();
      expect(byChair.sessions.every((s: { chair: { id: string } }) => s.chair.id === chairA)).toBe(true);
      const tooLong = await api(t.app, staff.desk, 'GET', '/api/schedule?from=2026-11-01&to=2026-12-31');
      expect(tooLong.statusCode).toBe(400);
    });

    it('takes confirmations for the reminders, never for consent', async () => {
      const session = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}`)).json().sessions[0].booking;
      const confirmed = await api(t.app, nurse, 'POST', `/api/sessions/${session.sessionId}/confirmations`, {
        code: 'ride-home',
        note: 'Partner drives',
      });
      expect(confirmed.statusCode).toBe(200);
      expect(confirmed.json().items.find((i: { code: string }) => i.code === 'ride-home')).toMatchObject({
        status: 'confirmed',
        confirmedBy: nurse.userId,
      });
      expect(confirmed.json().items.find((i: { code: string }) => i.code === 'consent-current')).toMatchObject({
        status: 'confirmed',
        automatic: true,
      });
      expect(
        (
          await api(t.app, nurse, 'POST', `/api/sessions/${session.sessionId}/confirmations`, {
            code: 'consent-current',
          })
        ).statusCode,
      ).toBe(400);
      for (const code of ['rems-enrolled', 'fasting', 'nasal-medication-timing']) {
        await api(t.app, nurse, 'POST', `/api/sessions/${session.sessionId}/confirmations`, { code });
      }
      const reminders = (await api(t.app, nurse, 'GET', `/api/sessions/${session.sessionId}/reminders`)).json();
      expect(reminders).toMatchObject({ complete: true, missing: [] });
    });

    it('reschedules, refusing a taken chair with 409, and keeps the history', async () => {
      const plan = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}`)).json();
      const second = plan.sessions[1].booking;
      const blockerPlan = await patientWithSignedPlan(t.app, staff, 'Taker', 'iv-ketamine', {
        protocol: 'iv-ketamine-induction',
        startDate: '2026-11-19',
      });
      await api(t.app, staff.desk, 'POST', `/api/plans/${blockerPlan.planId}/sessions/1/booking`, {
        chairId: chairB,
        start: '2026-11-19T13:00',
      });
      const clash = await api(t.app, staff.desk, 'POST', `/api/sessions/${second.sessionId}/reschedule`, {
        start: '2026-11-19T12:30',
        chairId: chairB,
        reason: 'Patient asked for later',
      });
      expect(clash.statusCode).toBe(409);
      expect(clash.json().detail).toContain('Calendar B is already booked 13:00-14:40 on 2026-11-19');
      const moved = await api(t.app, staff.desk, 'POST', `/api/sessions/${second.sessionId}/reschedule`, {
        start: '2026-11-19T15:00',
        chairId: chairB,
        reason: 'Patient asked for later',
      });
      expect(moved.statusCode).toBe(200);
      expect(moved.json()).toMatchObject({ start: '2026-11-19T15:00', end: '2026-11-19T17:05', chair: { id: chairB } });
      const detail = (await api(t.app, staff.desk, 'GET', `/api/sessions/${second.sessionId}`)).json();
      expect(detail.history.map((h: { kind: string }) => h.kind)).toEqual(['booked', 'rescheduled']);
      expect(detail.history[1].detail).toMatchObject({
        reason: 'Patient asked for later',
        to: { start: '2026-11-19T15:00' },
      });
    });

    it('cancels with a reason, which frees the chair and lets the session be booked again', async () => {
      const plan = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}`)).json();
      const third = plan.sessions[2].booking;
      expect(
        (await api(t.app, staff.desk, 'POST', `/api/sessions/${third.sessionId}/cancel`, { reasonCode: 'other' }))
          .statusCode,
      ).toBe(400);
      const cancelled = await api(t.app, staff.desk, 'POST', `/api/sessions/${third.sessionId}/cancel`, {
        reasonCode: 'no-ride-home',
        note: 'No driver available',
      });
      expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReasonCode: 'no-ride-home' });
      expect(
        (
          await api(t.app, staff.desk, 'POST', `/api/sessions/${third.sessionId}/cancel`, {
            reasonCode: 'no-ride-home',
          })
        ).json().code,
      ).toBe('session-not-scheduled');
      const rebooked = await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/sessions/3/booking`, {
        chairId: third.chairId,
        start: third.start,
      });
      expect(rebooked.statusCode).toBe(201);
      const after = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}`)).json().sessions[2];
      expect(after).toMatchObject({ cancelledOrMissed: 1, booking: { sessionId: rebooked.json().id } });
    });

    it('records a no-show only once the session has started', async () => {
      const plan = (await api(t.app, staff.desk, 'GET', `/api/plans/${planId}`)).json();
      const fourth = plan.sessions[3].booking;
      expect((await api(t.app, staff.desk, 'POST', `/api/sessions/${fourth.sessionId}/no-show`, {})).json().code).toBe(
        'not-started-yet',
      );
      const saved = t.clock.now();
      t.clock.set(new Date(fourth.startsAt));
      t.clock.advanceMinutes(20);
      try {
        const later = await signIn(t.app, 'front_desk');
        const missed = await api(t.app, later, 'POST', `/api/sessions/${fourth.sessionId}/no-show`, {
          note: 'No answer by phone',
        });
        expect(missed.json()).toMatchObject({ status: 'no-show', noShowNote: 'No answer by phone' });
      } finally {
        t.clock.set(saved);
      }
    });
  });

  describe('chairs', () => {
    it('are managed by an admin only, names unique, and not taken out of use while booked', async () => {
      expect((await api(t.app, nurse, 'POST', '/api/chairs', { name: 'Nurse chair' })).statusCode).toBe(403);
      const id = await addChair(t.app, admin, 'Managed');
      expect((await api(t.app, admin, 'POST', '/api/chairs', { name: 'managed' })).statusCode).toBe(409);
      const { planId } = await patientWithSignedPlan(t.app, staff, 'Sitter', 'iv-ketamine', IV);
      await api(t.app, staff.desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, {
        chairId: id,
        start: '2026-11-04T13:00',
      });
      const retire = await api(t.app, admin, 'PATCH', `/api/chairs/${id}`, { isActive: false });
      expect(retire.statusCode).toBe(409);
      expect((await api(t.app, admin, 'PATCH', `/api/chairs/${id}`, { room: 'Suite B' })).json()).toMatchObject({
        room: 'Suite B',
        isActive: true,
      });
      const list = (await api(t.app, staff.desk, 'GET', '/api/chairs')).json();
      expect(list.items.some((c: { id: string }) => c.id === id)).toBe(true);
    });
  });
});
