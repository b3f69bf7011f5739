import { sql } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, expectStatus, signIn, type Session, type TestApp } from '../../testing/test-app.js';
import { newPatient } from '../plans/plan-scenarios.testing.js';

// The test clock: Monday 2026-11-02 15:00 UTC = 10:00 in the demo clinic (America/New_York). The therapy sessions
// below are booked in the week of Monday 2026-11-16; the clock moves past a session before its note is signed.
interface TypeDto {
  id: string;
  code: string;
}

describeEachDatabase('therapy notes', (ctx) => {
  let t: TestApp;
  let desk: Session;
  let therapist: Session;
  let prescriber: Session;
  let nurse: Session;
  let admin: Session;
  let types: Record<string, TypeDto>;
  let groupRoom: string;
  let patient: string;
  let users: Record<'admin' | 'prescriber' | 'nurse' | 'therapist' | 'front_desk', string>;

  /** Sign everyone in (again after the clock moves days ahead: sessions expire). */
  const signInAll = async () => {
    desk = await signIn(t.app, 'front_desk');
    therapist = await signIn(t.app, 'therapist');
    prescriber = await signIn(t.app, 'prescriber');
    nurse = await signIn(t.app, 'nurse');
    admin = await signIn(t.app, 'admin');
  };

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await signInAll();
    users = t.seed.users!;
    const typeList = await expectStatus(api(t.app, desk, 'GET', '/api/appointment-types'), 200);
    types = Object.fromEntries((typeList.types as TypeDto[]).map((ty) => [ty.code, ty]));
    const rooms = await expectStatus(api(t.app, desk, 'GET', '/api/rooms'), 200);
    groupRoom = (rooms.rooms as Array<{ id: string; name: string }>).find((r) => r.name === 'Group room')!.id;
    patient = await newPatient(t.app, desk, 'Therapy');
  });

  const book = async (code: string, start: string, staffId = users.therapist) =>
    (
      await expectStatus(
        api(t.app, desk, 'POST', '/api/appointments', {
          patientId: patient,
          typeId: types[code]!.id,
          staffId,
          roomId: groupRoom,
          start,
        }),
        201,
      )
    ).id as string;
  const notes = (id: string) => `/api/appointments/${id}/notes`;
  const auditActions = async (resourceId: string) =>
    (
      await sql<{
        action: string;
        userId: string;
        patientId: string | null;
      }>`select action, user_id, patient_id from audit_event where resource_type = 'TherapyNote' and resource_id = ${resourceId} order by seq`.execute(
        ctx.database.db,
      )
    ).rows;

  describe('who may read and write', () => {
    it('refuses the front desk (403) on every therapy-note route, and nurses and admins too; prescribers and therapists read', async () => {
      const id = await book('kap-preparation', '2026-11-16T09:00');
      for (const session of [desk, nurse, admin]) {
        await expectStatus(api(t.app, session, 'GET', notes(id)), 403);
        await expectStatus(api(t.app, session, 'PUT', notes(id), { body: 'x', baseVersion: 0 }), 403);
        await expectStatus(api(t.app, session, 'POST', `${notes(id)}/signature`, {}), 403);
        await expectStatus(api(t.app, session, 'POST', `${notes(id)}/addenda`, { text: 'x' }), 403);
        await expectStatus(api(t.app, session, 'GET', `/api/patients/${patient}/therapy-notes`), 403);
      }
      const empty = await expectStatus(api(t.app, prescriber, 'GET', notes(id)), 200);
      expect(empty).toMatchObject({
        latestVersion: 0,
        isSigned: false,
        draft: null,
        signed: null,
        addenda: [],
        suggestedNoteType: 'preparation',
        appointment: { type: { code: 'kap-preparation' } },
      });
      await expectStatus(api(t.app, therapist, 'GET', notes(id)), 200);
    });

    it('keeps therapy notes to therapy appointments (422 for a consultation) and answers 404 for an unknown one', async () => {
      const consult = (
        await expectStatus(
          api(t.app, desk, 'POST', '/api/appointments', {
            patientId: patient,
            typeId: types['consultation']!.id,
            staffId: users.prescriber,
            roomId: groupRoom,
            start: '2026-11-17T09:00',
          }),
          201,
        )
      ).id as string;
      const refused = await expectStatus(api(t.app, prescriber, 'GET', notes(consult)), 422);
      expect(refused.code).toBe('not-a-therapy-appointment');
      await expectStatus(api(t.app, therapist, 'GET', notes('00000000-0000-4000-8000-000000000000')), 404);
    });
  });

  describe('draft, signature, addenda', () => {
    it('saves drafts as versions, signs the latest (locked, signer and time recorded), and corrects by addenda as new versions', async () => {
      const id = await book('kap-integration', '2026-11-18T13:00');
      const v1 = await expectStatus(
        api(t.app, therapist, 'PUT', notes(id), {
          body: 'Integration: the patient described the session as calm.',
          baseVersion: 0,
        }),
        200,
      );
      expect(v1).toMatchObject({
        latestVersion: 1,
        noteType: 'integration',
        draft: { version: 1, kind: 'draft', createdBy: { id: users.therapist } },
      });
      // A writer who started from an older version is told to reload
      const stale = await expectStatus(
        api(t.app, therapist, 'PUT', notes(id), { body: 'Other text', baseVersion: 0 }),
        409,
      );
      expect(stale).toMatchObject({ code: 'note-version-conflict', errors: [{ field: 'baseVersion' }] });
      await expectStatus(
        api(t.app, therapist, 'PUT', notes(id), {
          body: 'Integration: calm session; two goals for the week.',
          baseVersion: 1,
          noteType: 'integration',
        }),
        200,
      );

      // Not before the session has begun
      const early = await expectStatus(api(t.app, therapist, 'POST', `${notes(id)}/signature`, {}), 422);
      expect(early.code).toBe('appointment-not-started');
      t.clock.set(new Date('2026-11-18T19:30:00Z')); // 14:30 in New York, after the 13:00 session
      await signInAll();
      const signedAt = t.clock.now().toISOString();
      const signed = await expectStatus(api(t.app, therapist, 'POST', `${notes(id)}/signature`, {}), 200);
      expect(signed).toMatchObject({
        isSigned: true,
        draft: null,
        latestVersion: 3,
        signed: {
          version: 3,
          kind: 'signed',
          body: 'Integration: calm session; two goals for the week.',
          createdAt: signedAt,
          createdBy: { id: users.therapist, displayName: expect.any(String) },
        },
      });

      // Signed = locked: a draft and a second signature are refused
      expect(
        (await expectStatus(api(t.app, therapist, 'PUT', notes(id), { body: 'Rewritten', baseVersion: 3 }), 409)).code,
      ).toBe('note-signed');
      expect((await expectStatus(api(t.app, prescriber, 'POST', `${notes(id)}/signature`, {}), 409)).code).toBe(
        'note-signed',
      );

      // A correction is an addendum: a new version beside the signed text, which stays as it was
      const amended = await expectStatus(
        api(t.app, prescriber, 'POST', `${notes(id)}/addenda`, { text: 'Addendum: three goals, not two.' }),
        201,
      );
      expect(amended.signed.body).toBe('Integration: calm session; two goals for the week.');
      expect(amended.addenda).toEqual([
        expect.objectContaining({
          version: 4,
          kind: 'addendum',
          body: 'Addendum: three goals, not two.',
          createdBy: { id: users.prescriber, displayName: expect.any(String) },
        }),
      ]);
      expect(amended.versions.map((v: { version: number; kind: string }) => `${v.version}:${v.kind}`)).toEqual([
        '1:draft',
        '2:draft',
        '3:signed',
        '4:addendum',
      ]);

      // The database itself refuses to change a stored version
      await expect(
        sql`update therapy_note set body = 'tampered' where appointment_id = ${id} and kind = 'signed'`.execute(
          ctx.database.db,
        ),
      ).rejects.toThrow();

      // Every write and read is audited, with the patient and the person
      const audit = await auditActions(id);
      expect(audit.map((a) => a.action)).toEqual(['save-draft', 'save-draft', 'sign', 'add-addendum']);
      expect(audit.map((a) => a.patientId)).toEqual(audit.map(() => patient));
      expect(audit.at(-1)!.userId).toBe(users.prescriber);
      await expectStatus(api(t.app, prescriber, 'GET', notes(id)), 200);
      expect((await auditActions(id)).at(-1)!.action).toBe('read');
    });

    it('refuses an addendum before the signature, and a first draft without a kind of note when the type does not say', async () => {
      const id = await book('kap-preparation', '2026-11-19T09:00');
      expect(
        (await expectStatus(api(t.app, therapist, 'POST', `${notes(id)}/addenda`, { text: 'Too early' }), 409)).code,
      ).toBe('note-not-signed');
      const custom = await expectStatus(
        api(t.app, admin, 'POST', '/api/appointment-types', {
          code: 'couples-session',
          name: 'Couples session',
          durationMin: 50,
          roles: ['therapist'],
          resource: 'room',
        }),
        201,
      );
      const couples = (
        await expectStatus(
          api(t.app, desk, 'POST', '/api/appointments', {
            patientId: patient,
            typeId: custom.id,
            staffId: users.therapist,
            roomId: groupRoom,
            start: '2026-11-20T09:00',
          }),
          201,
        )
      ).id as string;
      const missing = await expectStatus(
        api(t.app, therapist, 'PUT', notes(couples), { body: 'Notes', baseVersion: 0 }),
        422,
      );
      expect(missing).toMatchObject({ code: 'note-type-required', errors: [{ field: 'noteType' }] });
      await expectStatus(
        api(t.app, therapist, 'PUT', notes(couples), { body: 'Notes', baseVersion: 0, noteType: 'dosing-support' }),
        200,
      );
      const bad = await expectStatus(
        api(t.app, therapist, 'PUT', notes(couples), { body: 'Notes', baseVersion: 1, noteType: 'diary' }),
        400,
      );
      expect(JSON.stringify(bad)).toContain('noteType');
    });
  });

  it("lists the patient's therapy appointments with their notes for the chart, audited as one list", async () => {
    const list = await expectStatus(api(t.app, therapist, 'GET', `/api/patients/${patient}/therapy-notes`), 200);
    const codes = list.items.map((i: { appointment: { type: { code: string } } }) => i.appointment.type.code);
    expect(codes).toContain('kap-integration');
    expect(codes).not.toContain('consultation');
    expect(list.items.find((i: { isSigned: boolean }) => i.isSigned)).toBeDefined();
    const rows = await sql<{
      action: string;
    }>`select action from audit_event where resource_type = 'TherapyNote' and patient_id = ${patient} and action = 'list'`.execute(
      ctx.database.db,
    );
    expect(rows.rows.length).toBeGreaterThanOrEqual(1);
    await expectStatus(
      api(t.app, therapist, 'GET', '/api/patients/00000000-0000-4000-8000-000000000000/therapy-notes'),
      404,
    );
  });
});
