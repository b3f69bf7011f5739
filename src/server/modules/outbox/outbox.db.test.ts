import { sql } from 'kysely';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, TestClock, type TestApp } from '../../testing/test-app.js';
import { startTestSmtpServer } from '../../testing/test-smtp-server.js';
import { OutboxRepository, type NewOutboxMessage } from './outbox.repository.js';
import { SendError, smtpTransport, type MessageTransport, type OutgoingMessage } from './outbox-transports.js';
import { OutboxWorker } from './outbox.worker.js';

/** A transport that records what it sends and fails as told. */
class RecordingTransport implements MessageTransport {
  readonly sent: OutgoingMessage[] = [];
  failures: Error[] = [];
  delayMs = 0;
  async send(message: OutgoingMessage) {
    if (this.delayMs) await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    const failure = this.failures.shift();
    if (failure) throw failure;
    this.sent.push(message);
    return { messageId: `<${this.sent.length}@test>` };
  }
}

describeEachDatabase('the outbox', (ctx) => {
  let t: TestApp;
  let clock: TestClock;
  let outbox: OutboxRepository;
  let clinicId: string;
  beforeAll(async () => {
    clock = new TestClock();
    t = await createTestApp(ctx.database, { clock });
    outbox = new OutboxRepository(ctx.database.db);
    clinicId = t.seed.clinicId!;
  });
  beforeEach(async () => {
    // Each test starts with an empty outbox, at the same moment.
    await sql`delete from outbox`.execute(ctx.database.db);
    clock.set(new Date('2026-11-02T15:00:00Z'));
  });

  const message = (n: number, extra: Partial<NewOutboxMessage> = {}): NewOutboxMessage => ({
    clinicId,
    patientId: null,
    kind: 'test',
    channel: 'email',
    recipient: `person${n}@example.test`,
    subject: `Subject ${n}`,
    body: `Body ${n}`,
    dedupeKey: null,
    createdBy: null,
    ...extra,
  });
  const queue = (rows: NewOutboxMessage[]) => outbox.enqueue(ctx.database.db, rows, clock.now());
  const row = async (recipient: string) =>
    (
      await sql<{
        status: string;
        attempts: number;
        nextAttemptAt: Date;
        sentAt: Date | null;
        providerMessageId: string | null;
        lastError: string | null;
      }>`
    select status, attempts, next_attempt_at, sent_at, provider_message_id, last_error from outbox where recipient = ${recipient}`.execute(
        ctx.database.db,
      )
    ).rows[0]!;

  it('sends a queued message and records when, the provider id and the attempt', async () => {
    const mail = new RecordingTransport();
    await queue([message(1)]);
    await new OutboxWorker(outbox, { email: mail }, clock.now).tick();
    expect(mail.sent).toEqual([{ recipient: 'person1@example.test', subject: 'Subject 1', body: 'Body 1' }]);
    expect(await row('person1@example.test')).toMatchObject({
      status: 'sent',
      attempts: 1,
      providerMessageId: '<1@test>',
      lastError: null,
      sentAt: new Date('2026-11-02T15:00:00Z'),
    });
  });

  it('queues a keyed message once, however often it is queued', async () => {
    expect(await queue([message(2, { dedupeKey: 'reminder:x' })])).toHaveLength(1);
    expect(await queue([message(2, { dedupeKey: 'reminder:x' })])).toHaveLength(0);
    const count = await sql<{
      n: number;
    }>`select count(*)::int as n from outbox where dedupe_key = 'reminder:x'`.execute(ctx.database.db);
    expect(count.rows[0]?.n).toBe(1);
  });

  it('retries a failed send with exponential backoff, then sends it', async () => {
    const mail = new RecordingTransport();
    mail.failures = [new Error('connection refused'), new Error('connection refused')];
    const worker = new OutboxWorker(outbox, { email: mail }, clock.now);
    await queue([message(3)]);

    await worker.tick();
    expect(await row('person3@example.test')).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'connection refused',
      nextAttemptAt: new Date('2026-11-02T15:01:00Z'),
    });
    await worker.tick(); // not due yet
    expect(mail.sent).toHaveLength(0);

    clock.advanceMinutes(1);
    await worker.tick();
    expect(await row('person3@example.test')).toMatchObject({
      status: 'pending',
      attempts: 2,
      nextAttemptAt: new Date('2026-11-02T15:03:00Z'),
    });

    clock.advanceMinutes(2);
    await worker.tick();
    expect(await row('person3@example.test')).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    expect(mail.sent).toHaveLength(1);
  });

  it('fails a message for good when the server refuses the recipient, or after the last attempt', async () => {
    const mail = new RecordingTransport();
    mail.failures = [new SendError('SMTP: 550 no such mailbox', true)];
    const worker = new OutboxWorker(outbox, { email: mail }, clock.now);
    await queue([message(4)]);
    await worker.tick();
    expect(await row('person4@example.test')).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'SMTP: 550 no such mailbox',
    });

    mail.failures = Array.from({ length: 8 }, () => new Error('timeout'));
    await queue([message(5)]);
    for (let i = 0; i < 8; i++) {
      await worker.tick();
      clock.advanceMinutes(60);
    }
    expect(await row('person5@example.test')).toMatchObject({ status: 'failed', attempts: 8, lastError: 'timeout' });
    expect(mail.sent).toHaveLength(0);
  });

  it('never sends a message twice when two workers run at once', async () => {
    const mail = new RecordingTransport();
    mail.delayMs = 2;
    const first = new OutboxWorker(outbox, { email: mail }, clock.now, { batchSize: 50 });
    const second = new OutboxWorker(outbox, { email: mail }, clock.now, { batchSize: 50 });
    await queue(Array.from({ length: 30 }, (_, i) => message(100 + i)));
    await Promise.all([first.tick(), second.tick(), first.tick(), second.tick()]);
    const recipients = mail.sent.map((m) => m.recipient);
    expect(recipients).toHaveLength(30);
    expect(new Set(recipients).size).toBe(30);
    const statuses = await sql<{
      status: string;
      attempts: number;
      n: number;
    }>`select status, attempts, count(*)::int as n from outbox group by status, attempts`.execute(ctx.database.db);
    expect(statuses.rows).toEqual([{ status: 'sent', attempts: 1, n: 30 }]);
  });

  it('picks up after a restart: queued messages are sent by the next worker, one interrupted mid-send is not resent', async () => {
    await queue([message(6), message(7)]);
    // A worker claimed person7's message and the process died before recording the outcome.
    const gone = new OutboxWorker(outbox, {}, clock.now);
    await sql`update outbox set status = 'sending', claim_token = ${gone.token}, claimed_at = ${clock.now()}, attempts = 1 where recipient = 'person7@example.test'`.execute(
      ctx.database.db,
    );

    clock.advanceMinutes(20);
    const mail = new RecordingTransport();
    const restarted = new OutboxWorker(outbox, { email: mail }, clock.now, { intervalMs: 60_000 });
    await restarted.start();
    await restarted.tick();
    await restarted.stop();
    expect(mail.sent.map((m) => m.recipient)).toEqual(['person6@example.test']);
    expect(await row('person7@example.test')).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await row('person7@example.test')).lastError).toMatch(/may have been delivered/);
  });

  it('leaves messages on a channel without settings queued', async () => {
    const mail = new RecordingTransport();
    await queue([message(8, { channel: 'sms', recipient: '555-0108', subject: null })]);
    await new OutboxWorker(outbox, { email: mail }, clock.now).tick();
    expect(await row('555-0108')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('delivers through a real SMTP server', async () => {
    const smtp = await startTestSmtpServer();
    const transport = smtpTransport(smtp.url, 'Clinic <clinic@example.test>');
    try {
      await queue([message(9, { subject: 'Your visit', body: 'See you soon.' })]);
      await new OutboxWorker(outbox, { email: transport }, clock.now).tick();
      const received = await smtp.waitFor('person9@example.test');
      expect(received).toMatchObject({ from: 'clinic@example.test', subject: 'Your visit' });
      expect(received.raw).toContain('See you soon.');
      const sent = await row('person9@example.test');
      expect(sent.status).toBe('sent');
      expect(sent.providerMessageId).toMatch(/^<.+>$/);
    } finally {
      transport.close?.();
      await smtp.close();
    }
  });

  it('keeps a message for a later attempt when the SMTP server cannot be reached', async () => {
    const transport = smtpTransport('smtp://127.0.0.1:1', 'Clinic <clinic@example.test>');
    try {
      await queue([message(11)]);
      await new OutboxWorker(outbox, { email: transport }, clock.now).tick();
      const row11 = await row('person11@example.test');
      expect(row11).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: new Date('2026-11-02T15:01:00Z') });
      expect(row11.lastError).toMatch(/^SMTP: /);
    } finally {
      transport.close?.();
    }
  });

  describe('the admin view', () => {
    it('shows the admin every message and that mail and SMS are not set up, and nobody else', async () => {
      await queue([message(10)]);
      const admin = await signIn(t.app, 'admin');
      const list = await expectStatus(api(t.app, admin, 'GET', '/api/outbox'), 200);
      expect(list.delivery).toEqual({ email: false, sms: false });
      expect(list.messages).toEqual([
        expect.objectContaining({
          recipient: 'person10@example.test',
          status: 'pending',
          attempts: 0,
          channel: 'email',
        }),
      ]);
      await expectStatus(api(t.app, await signIn(t.app, 'front_desk'), 'GET', '/api/outbox'), 403);
      const audit = await sql<{
        n: number;
      }>`select count(*)::int as n from audit_event where resource_type = 'Outbox' and action = 'search'`.execute(
        ctx.database.db,
      );
      expect(audit.rows[0]?.n).toBeGreaterThan(0);
    });
  });
});
