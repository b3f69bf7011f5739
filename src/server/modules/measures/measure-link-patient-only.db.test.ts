/**
 * Issue 10, item 16: what arrives through a questionnaire link is stored as patient-reported, so it must be the
 * patient's own answers. A staff member who creates a link and submits it from their signed-in browser is refused
 * (403 staff-session-on-patient-link), nothing is stored, and the link stays open for the patient.
 */
import { beforeAll, expect, it } from 'vitest';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { describeEachDatabase } from '../../testing/test-database.js';

const GAD7 = { instrument: 'gad-7', answers: { 1: 1, 2: 1, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0 } };

describeEachDatabase("questionnaire links are the patient's alone", (ctx) => {
  let t: TestApp;
  let desk: Session;
  let nurse: Session;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    desk = await signIn(t.app, 'front_desk');
    nurse = await signIn(t.app, 'nurse');
    patientId = (await api(t.app, desk, 'GET', '/api/patients?q=feldman')).json().items[0].id;
  });

  async function measureCount(): Promise<number> {
    return (await expectStatus(api(t.app, nurse, 'GET', `/api/patients/${patientId}/measures`), 200)).items.length;
  }

  it('refuses a link submission from a request carrying a staff session cookie, stores nothing, and leaves the link open for the patient', async () => {
    const { token } = await expectStatus(
      api(t.app, desk, 'POST', `/api/patients/${patientId}/measure-links`, {
        instruments: ['gad-7'],
        context: 'weekly',
      }),
      201,
    );
    const before = await measureCount();

    for (const staff of [desk, nurse]) {
      // With the cookie alone (a browser sends it on its own) and with the CSRF header too.
      for (const headers of [{ cookie: staff.cookie }, { cookie: staff.cookie, 'x-csrf-token': staff.csrfToken }]) {
        const refused = await t.app.inject({
          method: 'POST',
          url: `/api/measure-links/${token}/responses`,
          headers,
          payload: { responses: [GAD7] },
        });
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ status: 403, code: 'staff-session-on-patient-link' });
      }
    }
    expect(await measureCount()).toBe(before);
    expect((await t.app.inject({ method: 'GET', url: `/api/measure-links/${token}` })).json()).toMatchObject({
      status: 'open',
    });
    const denied = await ctx.database.db
      .selectFrom('auditEvent')
      .select(['userId', 'detail'])
      .where('action', '=', 'access-denied')
      .where('resourceId', '=', 'POST /api/measure-links/:token/responses')
      .execute();
    expect(denied.filter((d) => d.userId === desk.userId)).toHaveLength(2);

    // The patient, with no staff session, submits it.
    const patient = await t.app.inject({
      method: 'POST',
      url: `/api/measure-links/${token}/responses`,
      payload: { responses: [GAD7] },
    });
    expect(patient.statusCode, patient.body).toBe(200);
    expect(await measureCount()).toBe(before + 1);
  });

  it('accepts a submission whose cookie names no live session (signed out, or expired)', async () => {
    const staff = await signIn(t.app, 'front_desk');
    const { token } = await expectStatus(
      api(t.app, staff, 'POST', `/api/patients/${patientId}/measure-links`, {
        instruments: ['gad-7'],
        context: 'weekly',
      }),
      201,
    );
    expect((await api(t.app, staff, 'POST', '/api/auth/logout')).statusCode).toBe(204);
    const submitted = await t.app.inject({
      method: 'POST',
      url: `/api/measure-links/${token}/responses`,
      headers: { cookie: staff.cookie },
      payload: { responses: [GAD7] },
    });
    expect(submitted.statusCode, submitted.body).toBe(200);
  });
});
