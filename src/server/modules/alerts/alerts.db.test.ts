import { sql } from 'kysely';
import { beforeAll, beforeEach, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';

// PHQ-9 item 9 ("thoughts that you would be better off dead or of hurting yourself") above 0 is a suicide-risk
// signal that must reach a clinician (Kroenke, Spitzer & Williams 2001; ../shared/clinical-reference.md section 3).
const PHQ9_ITEM9_POSITIVE = { '1': 2, '2': 2, '3': 1, '4': 2, '5': 1, '6': 1, '7': 1, '8': 0, '9': 1 };

describeEachDatabase('suicide-risk alerts', (ctx) => {
  let t: TestApp;
  let nurse: Session;
  let prescriber: Session;
  let patientId: string;

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
    patientId = (await api(t.app, nurse, 'GET', '/api/patients?q=lindqvist')).json().items[0].id;
  });
  // The tests move the clock by hours, past the session idle timeout, so each signs in afresh.
  beforeEach(async () => {
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
  });

  it('raises exactly one alert when a PHQ-9 with item 9 = 1 is recorded, visible until acknowledged, escalated on time', async () => {
    // Monday 15:00 UTC, inside the default clinic hours (Mon-Fri 08:00-18:00 at UTC offset 0).
    t.clock.set(new Date('2026-11-02T15:00:00Z'));
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
    const recorded = await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
      instrument: 'phq-9',
      answers: PHQ9_ITEM9_POSITIVE,
      context: 'pre-session',
    });
    expect(recorded.statusCode).toBe(201);
    expect(recorded.json()).toMatchObject({
      total: 11,
      band: 'moderate',
      flags: [expect.objectContaining({ code: 'suicide-risk', item: '9' })],
    });
    expect(recorded.json().alert).toMatchObject({ severity: 'moderate' });

    const open = (await api(t.app, nurse, 'GET', `/api/alerts?patientId=${patientId}`)).json().items;
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      kind: 'suicide-risk',
      acknowledgedAt: null,
      escalatedAt: null,
      escalationDueAt: '2026-11-02T15:15:00.000Z',
    });
    // Every staff member sees it, the front desk too.
    const desk = await signIn(t.app, 'front_desk');
    expect((await api(t.app, desk, 'GET', '/api/alerts')).json().items.map((a: { id: string }) => a.id)).toContain(
      open[0].id,
    );

    // 14 minutes: not yet escalated. 15 minutes: escalated to every prescriber, once.
    t.clock.set(new Date('2026-11-02T15:14:00Z'));
    expect(await t.services.alerts.escalateDue()).toBe(0);
    t.clock.set(new Date('2026-11-02T15:15:00Z'));
    expect(await t.services.alerts.escalateDue()).toBe(1);
    expect(await t.services.alerts.escalateDue()).toBe(0);
    const notifications = (await api(t.app, prescriber, 'GET', '/api/notifications')).json().items;
    expect(notifications).toEqual([expect.objectContaining({ kind: 'alert-escalated', alertId: open[0].id })]);
    expect((await api(t.app, nurse, 'GET', '/api/notifications')).json().items).toEqual([]);

    // Still open after escalation, until someone acknowledges it with the action taken.
    expect((await api(t.app, nurse, 'GET', '/api/alerts')).json().items.map((a: { id: string }) => a.id)).toContain(
      open[0].id,
    );
    const ack = await api(t.app, nurse, 'POST', `/api/alerts/${open[0].id}/acknowledge`, {
      note: 'Called the patient; safety plan reviewed; no intent.',
      actions: ['called-patient', 'safety-plan-reviewed'],
    });
    expect(ack.statusCode).toBe(204);
    expect((await api(t.app, nurse, 'GET', `/api/alerts?patientId=${patientId}`)).json().items).toEqual([]);
    const all = (await api(t.app, nurse, 'GET', `/api/alerts?patientId=${patientId}&status=all`)).json().items;
    expect(all[0]).toMatchObject({ acknowledgedBy: 'Nora Nurse', actions: ['called-patient', 'safety-plan-reviewed'] });

    const audit = (await api(t.app, await signIn(t.app, 'admin'), 'GET', `/api/audit?patientId=${patientId}`))
      .json()
      .items.map((e: { action: string }) => e.action);
    expect(audit).toEqual(expect.arrayContaining(['raise', 'escalate', 'acknowledge']));
  });

  it('counts escalation time in clinic hours: an alert raised at night escalates 15 minutes after opening', async () => {
    t.clock.set(new Date('2026-11-03T22:00:00Z'));
    nurse = await signIn(t.app, 'nurse');
    const recorded = (
      await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
        instrument: 'phq-9',
        answers: PHQ9_ITEM9_POSITIVE,
        context: 'weekly',
      })
    ).json();
    const alert = (await api(t.app, nurse, 'GET', `/api/alerts?patientId=${patientId}`))
      .json()
      .items.find((a: { measureId: string }) => a.measureId === recorded.id);
    expect(alert.escalationDueAt).toBe('2026-11-04T08:15:00.000Z');
    await api(t.app, nurse, 'POST', `/api/alerts/${alert.id}/acknowledge`, {
      note: 'Reached patient by phone.',
      actions: ['called-patient'],
    });
  });

  it('lets only a prescriber or nurse acknowledge, requires a note, and takes the first acknowledgement only', async () => {
    t.clock.set(new Date('2026-11-05T10:00:00Z'));
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
    const recorded = (
      await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
        instrument: 'c-ssrs-screener',
        answers: { '1': true, '2': true, '3': true, '4': true, '5': false, '6': false },
        context: 'pre-session',
      })
    ).json();
    expect(recorded.alert.severity).toBe('high');
    const therapist = await signIn(t.app, 'therapist');
    expect(
      (
        await api(t.app, therapist, 'POST', `/api/alerts/${recorded.alert.id}/acknowledge`, {
          note: 'seen',
          actions: ['other'],
        })
      ).statusCode,
    ).toBe(403);
    const noNote = await api(t.app, prescriber, 'POST', `/api/alerts/${recorded.alert.id}/acknowledge`, {
      actions: ['other'],
    });
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().errors[0].field).toBe('note');
    expect(
      (
        await api(t.app, prescriber, 'POST', `/api/alerts/${recorded.alert.id}/acknowledge`, {
          note: 'Seen in clinic today.',
          actions: ['seen-in-clinic'],
        })
      ).statusCode,
    ).toBe(204);
    expect(
      (
        await api(t.app, nurse, 'POST', `/api/alerts/${recorded.alert.id}/acknowledge`, {
          note: 'again',
          actions: ['other'],
        })
      ).statusCode,
    ).toBe(409);
  });

  it('cannot be deleted or silently changed, even directly in the database', async () => {
    const { db } = ctx.database;
    await expect(sql`delete from safety_alert`.execute(db)).rejects.toThrow(/cannot be deleted/);
    await expect(
      sql`update safety_alert set acknowledgement_note = 'rewritten' where acknowledged_at is not null`.execute(db),
    ).rejects.toThrow(/cannot be changed/);
  });

  it('raises no alert for a PHQ-9 with item 9 = 0', async () => {
    const answers = { ...PHQ9_ITEM9_POSITIVE, '9': 0 };
    const recorded = (
      await api(t.app, nurse, 'POST', `/api/patients/${patientId}/measures`, {
        instrument: 'phq-9',
        answers,
        context: 'weekly',
      })
    ).json();
    expect(recorded.alert).toBeNull();
    expect(recorded.flags).toEqual([]);
  });
});
