/**
 * Webhooks (issue 15, "Integrations"): an admin registers an endpoint and sees its secret once; a measure stored, a
 * safety alert raised and a session discharged each queue a signed delivery through the outbox, in the event's
 * transaction; a receiver verifies the signature; a failing receiver is retried with backoff; every attempt is in the
 * delivery log; a disabled endpoint gets nothing.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, type Session, type TestApp } from '../../testing/test-app.js';
import { bookedFirstSession, signInStaff, type Staff } from '../plans/plan-scenarios.testing.js';
import { OutboxRepository } from '../outbox/outbox.repository.js';
import { OutboxWorker } from '../outbox/outbox.worker.js';
import { webhookTransport } from './webhook-transport.js';
import { verifySignature } from './webhook-signature.js';

/** An HTTP receiver in this process: records each request and answers the next queued status (200 when none). */
class TestReceiver {
  readonly received: Array<{ headers: IncomingHttpHeaders; body: string }> = [];
  statuses: number[] = [];
  private readonly server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      this.received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(this.statuses.shift() ?? 200).end('ok');
    });
  });
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ketaclinic-hooks`;
  }
  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
  json(i: number) {
    return JSON.parse(this.received[i]!.body) as {
      id: string;
      type: string;
      occurredAt: string;
      clinicId: string;
      data: { resourceType: string; id: string; patientId: string; fhir: { patient: string; focus: string | null } };
    };
  }
}

// PHQ-9 (Kroenke 2001): items 1-8 as given, item 9 ("thoughts that you would be better off dead…") as `item9`.
const phq9 = (item9: number) => ({ 1: 1, 2: 1, 3: 1, 4: 1, 5: 0, 6: 0, 7: 0, 8: 0, 9: item9 });

describeEachDatabase('webhooks', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  let admin: Session;
  let nurse: Session;
  let receiver: TestReceiver;
  let url: string;
  let worker: OutboxWorker;
  let patientId: string;

  const register = async (
    events: string[],
  ): Promise<{ endpoint: { id: string; secretHint: string; enabled: boolean }; secret: string }> =>
    expectStatus(api(t.app, admin, 'POST', '/api/webhooks', { url, description: 'Registry', events }), 201);
  const recordPhq9 = async (item9: number): Promise<{ id: string; alert: { id: string } | null }> =>
    expectStatus(
      api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
        instrument: 'phq-9',
        answers: phq9(item9),
        context: 'follow-up',
      }),
      201,
    );
  const log = async (endpointId: string) =>
    (await expectStatus(api(t.app, admin, 'GET', `/api/webhooks/deliveries?endpointId=${endpointId}`), 200))
      .items as Array<{
      deliveryId: string;
      event: string;
      attempt: number;
      statusCode: number | null;
      error: string | null;
      attemptedAt: string;
      deliveryStatus: string;
      nextAttemptAt: string | null;
    }>;
  const signIn = async () => {
    ({ staff, admin, nurse } = await signInStaff(t.app));
  };

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    receiver = new TestReceiver();
    url = await receiver.start();
    worker = new OutboxWorker(
      new OutboxRepository(ctx.database.db),
      { webhook: webhookTransport(t.services.webhooksRepository, t.clock.now) },
      t.clock.now,
    );
    await signIn();
    patientId = (await api(t.app, nurse, 'GET', '/api/patients?q=feldman')).json().items[0].id;
  });
  afterAll(async () => {
    await receiver.stop();
  });
  beforeEach(async () => {
    // Each test has the receiver to itself: earlier endpoints are switched off, earlier deliveries are done.
    await sql`update webhook_endpoint set is_enabled = false`.execute(ctx.database.db);
    receiver.received.length = 0;
    receiver.statuses = [];
    await signIn();
  });

  it('shows the secret once, keeps it out of every list, and refuses a plain-http address elsewhere, naming the field', async () => {
    const created = await register(['measure.stored']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.endpoint).toMatchObject({ secretHint: created.secret.slice(-4), enabled: true });
    const list = await expectStatus(api(t.app, admin, 'GET', '/api/webhooks'), 200);
    expect(JSON.stringify(list)).not.toContain(created.secret);
    expect(list.eventTypes).toEqual(['measure.stored', 'alert.raised', 'session.discharged']);

    const plain = await expectStatus(
      api(t.app, admin, 'POST', '/api/webhooks', { url: 'http://registry.example/hooks', events: ['measure.stored'] }),
      400,
    );
    expect(plain.errors).toEqual([{ field: 'url', message: expect.stringMatching(/https/) }]);
    const unknownEvent = await expectStatus(
      api(t.app, admin, 'POST', '/api/webhooks', { url, events: ['patient.deleted'] }),
      400,
    );
    expect(JSON.stringify(unknownEvent.errors)).toContain('events');
    await expectStatus(api(t.app, nurse, 'GET', '/api/webhooks'), 403);
  });

  it('delivers a stored measure signed with the secret, carrying ids and no clinical content; the receiver verifies it', async () => {
    const { endpoint, secret } = await register(['measure.stored']);
    const measure = await recordPhq9(0);
    await worker.tick();

    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0]!;
    expect(verifySignature(secret, body, String(headers['ketaclinic-signature']), t.clock.now())).toMatchObject({
      ok: true,
    });
    expect(
      verifySignature('whsec_someone-else', body, String(headers['ketaclinic-signature']), t.clock.now()),
    ).toMatchObject({ ok: false });
    expect(headers['ketaclinic-event']).toBe('measure.stored');
    expect(receiver.json(0)).toEqual({
      id: expect.any(String),
      type: 'measure.stored',
      occurredAt: '2026-11-02T15:00:00.000Z',
      clinicId: nurse.clinicId,
      data: {
        resourceType: 'QuestionnaireResponse',
        id: measure.id,
        patientId,
        fhir: { patient: `Patient/${patientId}`, focus: `QuestionnaireResponse/${measure.id}` },
      },
    });
    expect(body).not.toMatch(/Feldman|phq|answers|total/i);

    const attempts = await log(endpoint.id);
    expect(attempts).toEqual([
      expect.objectContaining({
        event: 'measure.stored',
        attempt: 1,
        statusCode: 200,
        error: null,
        deliveryStatus: 'sent',
        attemptedAt: '2026-11-02T15:00:00.000Z',
      }),
    ]);
    expect(headers['ketaclinic-delivery']).toBe(attempts[0]!.deliveryId);
  });

  it('tells an endpoint subscribed to alerts of a suicide-risk alert, pointing at the answers that raised it', async () => {
    // PHQ-9 item 9 answered above "not at all" raises a suicide-risk alert (clinic default, Kroenke 2001 / Simon 2013).
    await register(['alert.raised']);
    const measure = await recordPhq9(2);
    expect(measure.alert).not.toBeNull();
    await worker.tick();
    expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['alert.raised']);
    expect(receiver.json(0).data).toEqual({
      resourceType: 'SafetyAlert',
      id: measure.alert!.id,
      patientId,
      fhir: { patient: `Patient/${patientId}`, focus: `QuestionnaireResponse/${measure.id}` },
    });
  });

  it('retries a receiver answering 500 with backoff, then delivers; the log shows each attempt', async () => {
    const { endpoint } = await register(['measure.stored']);
    receiver.statuses = [500];
    await recordPhq9(0);

    await worker.tick();
    expect(receiver.received).toHaveLength(1);
    const afterFirst = await log(endpoint.id);
    expect(afterFirst).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: 500,
        error: 'The endpoint answered 500',
        deliveryStatus: 'pending',
        nextAttemptAt: '2026-11-02T15:01:00.000Z',
      }),
    ]);

    await worker.tick(); // not due for a minute
    expect(receiver.received).toHaveLength(1);

    t.clock.advanceMinutes(1);
    await worker.tick();
    expect(receiver.received).toHaveLength(2);
    // The same delivery, the same body, signed afresh.
    expect(receiver.received[1]!.headers['ketaclinic-delivery']).toBe(
      receiver.received[0]!.headers['ketaclinic-delivery'],
    );
    expect(receiver.received[1]!.body).toBe(receiver.received[0]!.body);
    expect((await log(endpoint.id)).map((a) => [a.attempt, a.statusCode, a.attemptedAt, a.deliveryStatus])).toEqual([
      [2, 200, '2026-11-02T15:01:00.000Z', 'sent'],
      [1, 500, '2026-11-02T15:00:00.000Z', 'sent'],
    ]);
    t.clock.set(new Date('2026-11-02T15:00:00Z'));
  });

  it('sends nothing to a disabled endpoint: nothing is queued, and what was queued before is not sent', async () => {
    const { endpoint } = await register(['measure.stored']);
    await recordPhq9(0); // queued while enabled
    const disabled = await expectStatus(
      api(t.app, admin, 'PATCH', `/api/webhooks/${endpoint.id}`, { enabled: false }),
      200,
    );
    expect(disabled.enabled).toBe(false);
    await recordPhq9(0); // not queued at all
    const queued = await sql<{
      n: number;
    }>`select count(*)::int as n from outbox where channel = 'webhook' and recipient = ${endpoint.id}`.execute(
      ctx.database.db,
    );
    expect(queued.rows[0]?.n).toBe(1);

    await worker.tick();
    expect(receiver.received).toHaveLength(0);
    expect(await log(endpoint.id)).toEqual([
      expect.objectContaining({
        attempt: 1,
        statusCode: null,
        error: 'The endpoint is disabled: not sent.',
        deliveryStatus: 'failed',
      }),
    ]);
  });

  it('queues nothing when the event does not commit', async () => {
    const { endpoint } = await register(['measure.stored']);
    await expectStatus(
      api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
        instrument: 'phq-9',
        answers: { ...phq9(0), 3: 7 },
        context: 'follow-up',
      }),
      400,
    );
    const queued = await sql<{
      n: number;
    }>`select count(*)::int as n from outbox where recipient = ${endpoint.id}`.execute(ctx.database.db);
    expect(queued.rows[0]?.n).toBe(0);
  });

  it('rotates the secret: the next delivery verifies with the new one only', async () => {
    const { endpoint, secret: old } = await register(['measure.stored']);
    const rotated = await expectStatus(api(t.app, admin, 'POST', `/api/webhooks/${endpoint.id}/rotate-secret`), 200);
    expect(rotated.secret).not.toBe(old);
    await recordPhq9(0);
    await worker.tick();
    const { headers, body } = receiver.received[0]!;
    expect(verifySignature(rotated.secret, body, String(headers['ketaclinic-signature']), t.clock.now()).ok).toBe(true);
    expect(verifySignature(old, body, String(headers['ketaclinic-signature']), t.clock.now()).ok).toBe(false);
  });

  describe('a discharged treatment session', () => {
    // Esketamine: 2 devices 5 minutes apart, then at least 2 hours of monitoring before discharge (Spravato PI, REMS).
    it('is delivered as session.discharged with the Encounter to read', async () => {
      const { endpoint } = await register(['session.discharged']);
      const T0 = Date.parse('2026-11-02T18:20:00Z');
      const moveTo = async (minutes: number) => {
        t.clock.set(new Date(T0 + minutes * 60_000));
        await signIn();
      };
      await moveTo(0);
      const { sessionId, patientId: sessionPatient } = await bookedFirstSession(
        t.app,
        staff,
        admin,
        'Wren',
        'esketamine-nasal',
        { protocol: 'esketamine-trd', startDate: '2026-11-02', options: { inductionDoseMg: 84 } },
        '2026-11-02T13:30',
      );
      const s = `/api/sessions/${sessionId}`;
      const vitals = { systolic: 126, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 };
      await expectStatus(
        api(t.app, nurse, 'POST', `${s}/check-in`, {
          identityChecked: true,
          preDoseVitals: vitals,
          fasting: { lastFoodAt: 'none-today', lastLiquidAt: 'none-today' },
          ride: { name: 'Sam Driver', phone: '555-0199', confirmed: true },
        }),
        200,
      );
      await expectStatus(
        api(t.app, nurse, 'POST', `/api/patients/${sessionPatient}/rems-enrolment`, {
          enrolledOn: '2026-10-30',
          remsPatientId: 'R-2',
        }),
        201,
      );
      await expectStatus(
        api(t.app, staff.prescriber, 'POST', `${s}/checklist/acknowledgements`, {
          item: 'questionnaires',
          reason: 'Reviewed verbally',
        }),
        200,
      );
      await expectStatus(
        api(t.app, nurse, 'POST', `${s}/dose`, { lotNumber: 'SPR84-DEMO-B', lotExpiry: '2027-01-31' }),
        200,
      );
      await expectStatus(api(t.app, nurse, 'POST', `${s}/administration`, { event: 'device-administered' }), 200);
      await moveTo(5);
      await expectStatus(api(t.app, nurse, 'POST', `${s}/administration`, { event: 'device-administered' }), 200);
      await moveTo(125);
      await expectStatus(api(t.app, nurse, 'POST', `${s}/observations`, { kind: 'vitals', vitals }), 201);
      await expectStatus(api(t.app, nurse, 'POST', `${s}/observations`, { kind: 'moaas', score: 5 }), 201);
      await expectStatus(
        api(t.app, nurse, 'POST', `${s}/discharge`, { clinicallyStable: true, ridePresent: true }),
        200,
      );

      await worker.tick();
      expect(receiver.received.map((r) => JSON.parse(r.body).type)).toEqual(['session.discharged']);
      expect(receiver.json(0)).toMatchObject({
        type: 'session.discharged',
        occurredAt: new Date(T0 + 125 * 60_000).toISOString(),
        data: {
          resourceType: 'TreatmentSession',
          id: sessionId,
          patientId: sessionPatient,
          fhir: { patient: `Patient/${sessionPatient}`, focus: `Encounter/${sessionId}` },
        },
      });
      expect(await log(endpoint.id)).toEqual([
        expect.objectContaining({ event: 'session.discharged', statusCode: 200 }),
      ]);
      t.clock.set(new Date('2026-11-02T15:00:00Z'));
    });
  });
});
