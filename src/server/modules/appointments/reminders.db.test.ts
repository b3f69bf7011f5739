import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import {
  api,
  createTestApp,
  expectStatus,
  signIn,
  TestClock,
  type Session,
  type TestApp,
} from '../../testing/test-app.js';
import { startTestSmtpServer } from '../../testing/test-smtp-server.js';
import { smtpTransport } from '../outbox/outbox-transports.js';
import { addChair, newPatient, patientWithSignedPlan } from '../plans/plan-scenarios.testing.js';
import { OutboxWorker } from '../outbox/outbox.worker.js';

// The test clock starts on Monday 2026-11-02 15:00 UTC (10:00 in the demo clinic, America/New_York).
describeEachDatabase('appointment reminders', (ctx) => {
  let t: TestApp;
  let clock: TestClock;
  let desk: Session;
  let types: Record<string, string>;
  let rooms: Record<string, string>;

  beforeAll(async () => {
    clock = new TestClock();
    t = await createTestApp(ctx.database, { clock });
    desk = await signIn(t.app, 'front_desk');
    types = Object.fromEntries(
      (await expectStatus(api(t.app, desk, 'GET', '/api/appointment-types'), 200)).types.map(
        (ty: { code: string; id: string }) => [ty.code, ty.id],
      ),
    );
    rooms = Object.fromEntries(
      (await expectStatus(api(t.app, desk, 'GET', '/api/rooms'), 200)).rooms.map((r: { name: string; id: string }) => [
        r.name,
        r.id,
      ]),
    );
  });

  const patientWith = (givenName: string, contact: { email?: string; phone?: string }) =>
    newPatient(t.app, desk, givenName, {
      familyName: 'Reminded',
      dateOfBirth: '1985-03-04',
      sex: 'female',
      ...contact,
    });
  const consultation = async (patientId: string, start: string) =>
    (await expectStatus(
      api(t.app, desk, 'POST', '/api/appointments', {
        patientId,
        typeId: types['consultation'],
        staffId: t.seed.users!.prescriber,
        roomId: rooms['Consult room 1'],
        start,
      }),
      201,
    )) as { id: string; version: number };
  const queued = async (patientId: string) =>
    (
      await sql<{
        kind: string;
        channel: string;
        recipient: string;
        status: string;
        subject: string | null;
        body: string;
      }>`
    select kind, channel, recipient, status, subject, body from outbox where patient_id = ${patientId} order by kind, channel`.execute(
        ctx.database.db,
      )
    ).rows;

  it('queues the 48-hour reminder from 48 hours before, by mail and text, once, then the 2-hour one', async () => {
    clock.set(new Date('2026-11-02T15:00:00Z'));
    const patientId = await patientWith('Mara', { email: 'mara@example.test', phone: '555-0200' });
    await consultation(patientId, '2026-11-05T10:00'); // 15:00 UTC on Thursday

    await t.services.reminders.queueDue(clock.now()); // 72 h before: nothing yet
    expect(await queued(patientId)).toEqual([]);

    clock.set(new Date('2026-11-03T15:00:00Z')); // 48 h before
    await t.services.reminders.queueDue(clock.now());
    await t.services.reminders.queueDue(clock.now());
    clock.advanceMinutes(90);
    await t.services.reminders.queueDue(clock.now());
    const first = await queued(patientId);
    expect(first.map((m) => `${m.kind} ${m.channel} ${m.recipient}`)).toEqual([
      'reminder-48h email mara@example.test',
      'reminder-48h sms 555-0200',
    ]);
    expect(first[0]?.subject).toBe('Reminder: your Consultation on Thursday, November 5 at 10:00');
    expect(first[0]?.body).toContain('Hello Mara,');
    expect(first[0]?.body).toContain('(Consult room 1)');

    clock.set(new Date('2026-11-05T13:00:00Z')); // 2 h before
    await t.services.reminders.queueDue(clock.now());
    expect((await queued(patientId)).map((m) => `${m.kind} ${m.channel}`)).toEqual([
      'reminder-2h email',
      'reminder-2h sms',
      'reminder-48h email',
      'reminder-48h sms',
    ]);
  });

  it('tells an esketamine patient how to prepare: no food 2 h, no liquids 30 min, a ride home', async () => {
    // Source: SPRAVATO prescribing information, Dosage and Administration (food and liquids before dosing) and
    // Warnings and Precautions 5.8 (no driving until the next day after a restful sleep).
    clock.set(new Date('2026-11-02T15:00:00Z'));
    const patientId = await patientWith('Esme', { email: 'esme@example.test' });
    await sql`insert into treatment_session (clinic_id, patient_id, modality, session_number, starts_at, ends_at, status, created_at)
      values (${desk.clinicId}, ${patientId}, 'esketamine-nasal', 3, '2026-11-03T15:00Z', '2026-11-03T17:05Z', 'scheduled', now())`.execute(
      ctx.database.db,
    );
    await t.services.reminders.queueDue(clock.now());
    const [reminder] = await queued(patientId);
    expect(reminder?.subject).toBe('Reminder: your esketamine (SPRAVATO) treatment on Tuesday, November 3 at 10:00');
    expect(reminder?.body).toContain('Do not eat for 2 hours before your treatment.');
    expect(reminder?.body).toContain('Do not drink anything for 30 minutes before your treatment.');
    expect(reminder?.body).toContain('Arrange a ride home');
  });

  it("tells a patient of an IV ketamine plan what the plan's protocol asks: the clinic's fasting and a ride home", async () => {
    // Source: the IV ketamine protocol's clinic defaults (src/domain/protocols/definitions.ts), the same the day
    // schedule checks: no food 4 h, no liquids 1 h, a ride home.
    clock.set(new Date('2026-11-02T15:00:00Z'));
    const prescriber = await signIn(t.app, 'prescriber');
    const admin = await signIn(t.app, 'admin');
    const { patientId, planId } = await patientWithSignedPlan(t.app, { desk, prescriber }, 'Ivy', 'iv-ketamine', {
      protocol: 'iv-ketamine-induction',
      startDate: '2026-11-04',
    });
    await sql`update patient set email = 'ivy@example.test' where id = ${patientId}`.execute(ctx.database.db);
    const chairId = await addChair(t.app, admin, 'Reminder chair');
    await expectStatus(
      api(t.app, desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, { chairId, start: '2026-11-04T09:00' }),
      201,
    );
    await t.services.reminders.queueDue(clock.now());
    const [reminder] = await queued(patientId);
    expect(reminder?.subject).toBe('Reminder: your ketamine infusion on Wednesday, November 4 at 09:00');
    expect(reminder?.body).toContain('Do not eat for 4 hours and do not drink anything for 1 hour before your session');
    expect(reminder?.body).toContain('Someone must take you home.');
  });

  it('withdraws the unsent reminders of a cancelled appointment and queues new ones for a moved one', async () => {
    clock.set(new Date('2026-11-02T15:00:00Z'));
    const patientId = await patientWith('Cato', { email: 'cato@example.test' });
    const cancelled = await consultation(patientId, '2026-11-03T13:00');
    const moved = await consultation(patientId, '2026-11-04T09:00');
    await t.services.reminders.queueDue(clock.now());
    expect((await queued(patientId)).map((m) => m.status)).toEqual(['pending', 'pending']);

    await expectStatus(
      api(t.app, desk, 'POST', `/api/appointments/${cancelled.id}/cancel`, { reason: 'Patient unwell' }),
      200,
    );
    await expectStatus(
      api(t.app, desk, 'POST', `/api/appointments/${moved.id}/reschedule`, {
        version: moved.version,
        start: '2026-11-04T11:00',
      }),
      200,
    );
    clock.set(new Date('2026-11-02T16:00:00Z')); // 48 h before the new time
    await t.services.reminders.queueDue(clock.now());
    const after = await queued(patientId);
    expect(after.map((m) => m.status).sort()).toEqual(['failed', 'failed', 'pending']);
    expect(after.find((m) => m.status === 'pending')?.subject).toMatch(/November 4 at 11:00/);
  });

  it('reaches the patient through a real SMTP server when the worker runs', async () => {
    clock.set(new Date('2026-11-02T15:00:00Z'));
    const patientId = await patientWith('Sana', { email: 'sana@example.test' });
    await consultation(patientId, '2026-11-06T14:00'); // Friday 19:00 UTC
    const smtp = await startTestSmtpServer();
    const transport = smtpTransport(smtp.url, 'Demo clinic <clinic@example.test>');
    const worker = new OutboxWorker(t.services.outbox, { email: transport }, clock.now, {
      batchSize: 500,
      beforeSending: (now) => t.services.reminders.queueDue(now),
    });
    try {
      await worker.tick();
      expect(smtp.received.filter((m) => m.to.includes('sana@example.test'))).toEqual([]);
      clock.set(new Date('2026-11-04T19:00:00Z'));
      await worker.tick();
      const mail = await smtp.waitFor('sana@example.test');
      expect(mail.subject).toBe('Reminder: your Consultation on Friday, November 6 at 14:00');
      expect(mail.raw).toContain('Hello Sana,');
      await worker.tick();
      expect(smtp.received.filter((m) => m.to.includes('sana@example.test'))).toHaveLength(1);
    } finally {
      transport.close?.();
      await smtp.close();
    }
  });
});
