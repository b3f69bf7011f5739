import { sql } from 'kysely';
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { newPatient, signConsent } from '../plans/plan-scenarios.testing.js';

describeEachDatabase('messages to a patient through the outbox', (ctx) => {
  let t: TestApp;
  let desk: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
  });
  const patientWith = (givenName: string, contact: { email?: string; phone?: string }) =>
    newPatient(t.app, desk, givenName, { familyName: 'Messaged', dateOfBirth: '1979-01-02', sex: 'male', ...contact });
  const outboxOf = async (patientId: string) =>
    (
      await sql<{ kind: string; channel: string; recipient: string; subject: string | null; body: string }>`
    select kind, channel, recipient, subject, body from outbox where patient_id = ${patientId} order by channel`.execute(
        ctx.database.db,
      )
    ).rows;

  it('sends a questionnaire link by mail and text, without showing the link to staff, and the link works once opened', async () => {
    const patientId = await patientWith('Lior', { email: 'lior@example.test', phone: '555-0300' });
    const sent = await expectStatus(
      api(t.app, desk, 'POST', `/api/patients/${patientId}/measure-links/send`, {
        instruments: ['phq-9'],
        context: 'follow-up',
        channels: ['email', 'sms'],
      }),
      201,
    );
    expect(sent.link.instruments).toEqual(['phq-9']);
    expect(JSON.stringify(sent)).not.toMatch(/\/q\//);
    expect(
      sent.queued.map((q: { channel: string; recipient: string }) => `${q.channel} ${q.recipient}`).sort(),
    ).toEqual(['email lior@example.test', 'sms 555-0300']);

    const [email, sms] = await outboxOf(patientId);
    expect(email).toMatchObject({ kind: 'questionnaire-link', subject: 'Demo Clinic: a short questionnaire for you' });
    const token = /http:\/\/localhost(?::\d+)?\/q\/([A-Za-z0-9_-]+)/.exec(email!.body)?.[1];
    expect(token).toBeDefined();
    expect(sms?.body).toContain(`/q/${token}`);
    await expectStatus(api(t.app, undefined, 'GET', `/api/measure-links/${token}`), 200);
  });

  it('refuses to send to an address the registration does not have, naming the field', async () => {
    const patientId = await patientWith('Nomail', { phone: '555-0301' });
    const refused = await expectStatus(
      api(t.app, desk, 'POST', `/api/patients/${patientId}/measure-links/send`, {
        instruments: ['phq-9'],
        context: 'follow-up',
        channels: ['email'],
      }),
      422,
    );
    expect(refused).toMatchObject({ code: 'no-email-on-file', errors: [{ field: 'channels' }] });
    expect(await outboxOf(patientId)).toEqual([]);
  });

  it("mails the patient their own copy of a signed consent: the text, who signed, when, and the document's fingerprint", async () => {
    const patientId = await patientWith('Consenta', { email: 'consenta@example.test' });
    await signConsent(t.app, desk, patientId, 'esketamine-nasal');
    const consents = await expectStatus(api(t.app, desk, 'GET', `/api/patients/${patientId}/consents`), 200);
    const signature = consents.signatures[0] as { id: string; sha256: string; typedName: string };
    const sent = await expectStatus(
      api(t.app, desk, 'POST', `/api/patients/${patientId}/consents/${signature.id}/send-copy`),
      201,
    );
    expect(sent.queued).toEqual([expect.objectContaining({ channel: 'email', recipient: 'consenta@example.test' })]);
    const [copy] = await outboxOf(patientId);
    expect(copy?.kind).toBe('consent-copy');
    expect(copy?.body).toContain(`Signed by: ${signature.typedName}`);
    expect(copy?.body).toContain(signature.sha256);
    expect(copy?.body).toMatch(/no driving/i);
    const audit = await sql<{
      n: number;
    }>`select count(*)::int as n from audit_event where patient_id = ${patientId} and action = 'queue-message'`.execute(
      ctx.database.db,
    );
    expect(audit.rows[0]?.n).toBe(1);
  });
});
