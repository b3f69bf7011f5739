import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';

describeEachDatabase('audit log', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let patientId: string;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    const nurse = await signIn(t.app, 'nurse');
    const created = await api(t.app, nurse, 'POST', '/api/patients', {
      givenName: 'Audit',
      familyName: 'Subject',
      dateOfBirth: '1980-01-01',
      sex: 'female',
    });
    patientId = created.json().id;
    await api(t.app, nurse, 'GET', `/api/patients/${patientId}`);
  });

  it('records every read and write of patient data with who, role, action and outcome', async () => {
    const response = await api(t.app, admin, 'GET', `/api/audit?patientId=${patientId}`);
    expect(response.statusCode).toBe(200);
    const actions = response
      .json()
      .items.map(
        (e: { action: string; userRole: string; outcome: string }) => `${e.userRole}:${e.action}:${e.outcome}`,
      );
    expect(actions).toEqual(['nurse:read:success', 'nurse:create:success']);
  });

  it('answers "who viewed this patient?" by part of the name (accents optional) or MRN, with names, not ids', async () => {
    const nurse = await signIn(t.app, 'nurse');
    const created = (
      await api(t.app, nurse, 'POST', '/api/patients', {
        givenName: 'Łucja',
        familyName: 'Nowák',
        dateOfBirth: '1981-02-03',
        sex: 'female',
      })
    ).json();
    await api(t.app, nurse, 'GET', `/api/patients/${created.id}`);
    for (const text of ['nowak', 'Lucja', created.mrn.slice(-4)]) {
      const items = (await api(t.app, admin, 'GET', `/api/audit?patient=${encodeURIComponent(text)}`)).json().items;
      expect(
        items.map((e: { action: string }) => e.action),
        text,
      ).toEqual(['read', 'create']);
      expect(items[0]).toMatchObject({
        patientName: 'Łucja Nowák',
        patientMrn: created.mrn,
        userName: expect.any(String),
        resourceLabel: 'Patient',
      });
      expect(items[0].userName.length).toBeGreaterThan(0);
    }
    expect((await api(t.app, admin, 'GET', '/api/audit?patient=zzzz-nobody')).json().items).toEqual([]);
  });

  it('records a refused request as denied', async () => {
    const nurse = await signIn(t.app, 'nurse');
    expect((await api(t.app, nurse, 'GET', '/api/audit')).statusCode).toBe(403);
    const events = (await api(t.app, admin, 'GET', `/api/audit?userId=${nurse.userId}`)).json().items;
    expect(events[0]).toMatchObject({ action: 'access-denied', outcome: 'denied', resourceId: 'GET /api/audit' });
  });

  it('reports an intact chain', async () => {
    const verdict = (await api(t.app, admin, 'GET', '/api/audit/verify')).json();
    expect(verdict.intact).toBe(true);
    expect(verdict.checked).toBeGreaterThan(20);
  });

  it('refuses UPDATE and DELETE in the database itself', async () => {
    const { db } = ctx.database;
    await expect(sql`update audit_event set action = 'x' where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event where seq = 1`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_event`.execute(db)).rejects.toThrow(/append-only/);
  });

  describe("when a row is altered behind the server's back", () => {
    it('names the altered row', async () => {
      const { db } = ctx.database;
      const victim = await sql<{
        seq: number;
      }>`select seq from audit_event where patient_id = ${patientId} and action = 'create'`.execute(db);
      const seq = Number(victim.rows[0]!.seq);
      // Someone with database superuser rights switches the guard off and edits history.
      await sql`alter table audit_event disable trigger audit_event_no_update`.execute(db);
      await sql`update audit_event set action = 'read' where seq = ${seq}`.execute(db);
      await sql`alter table audit_event enable trigger audit_event_no_update`.execute(db);
      const verdict = (await api(t.app, admin, 'GET', '/api/audit/verify')).json();
      expect(verdict).toMatchObject({ intact: false, brokenAtSeq: seq, reason: 'content-hash-mismatch' });
    });
  });
});
