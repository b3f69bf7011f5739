/**
 * One page view, one audit event (issue 14; docs/adr/0005-audit-log-v2.md, "One page view, one event"): the reads a
 * patient's page makes to draw itself, sent with the same `x-ketaclinic-view` id, are one event that counts them,
 * and "who viewed this patient, and when" stays exact per user and per view.
 */
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';

interface AuditItem {
  action: string;
  userId: string;
  resourceType: string;
  accessCount: number;
  patientId: string | null;
}

/** The reads the patient page makes to draw itself, in one page view. */
const PATIENT_PAGE_READS = ['', '/intake', '/plans', '/measures', '/consents', '/history'];

function read(t: TestApp, session: Session, url: string, viewId?: string) {
  const headers: Record<string, string> = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  if (viewId !== undefined) headers['x-ketaclinic-view'] = viewId;
  return t.app.inject({ method: 'GET', url, headers });
}

async function openPatientPage(t: TestApp, session: Session, patientId: string, viewId?: string): Promise<void> {
  for (const path of PATIENT_PAGE_READS) {
    const response = await read(t, session, `/api/patients/${patientId}${path}`, viewId);
    expect(response.statusCode, `${path}: ${response.body}`).toBe(200);
  }
}

describeEachDatabase('audit: one page view is one event', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let nurse: Session;
  let prescriber: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    nurse = await signIn(t.app, 'nurse');
    prescriber = await signIn(t.app, 'prescriber');
  });

  async function newPatient(givenName: string): Promise<string> {
    const created = await api(t.app, nurse, 'POST', '/api/patients', {
      givenName,
      familyName: 'Viewed',
      dateOfBirth: '1980-01-01',
      sex: 'female',
    });
    expect(created.statusCode).toBe(201);
    return created.json().id;
  }

  /** The patient's audit events by the staff under test (the admin's own reads of the log are left out). */
  async function eventsOf(patientId: string): Promise<AuditItem[]> {
    const items: AuditItem[] = (await api(t.app, admin, 'GET', `/api/audit?patientId=${patientId}`)).json().items;
    return items.filter((e) => e.userId !== admin.userId);
  }

  async function readsOf(patientId: string): Promise<AuditItem[]> {
    return (await eventsOf(patientId)).filter((e) => e.action !== 'create' && e.action !== 'update');
  }

  describe("given a nurse opening a patient's page once", () => {
    it('records one read event for the whole page, counting every request the page made', async () => {
      const patientId = await newPatient('Once');
      await openPatientPage(t, nurse, patientId, randomUUID());
      const events = await readsOf(patientId);
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({
        action: 'read',
        userId: nurse.userId,
        resourceType: 'Patient',
        accessCount: PATIENT_PAGE_READS.length,
      });
    });
  });

  describe('given the page opened twice, and by two people', () => {
    it('keeps one event per page view and per user: who viewed the patient stays exact', async () => {
      const patientId = await newPatient('Twice');
      await openPatientPage(t, nurse, patientId, randomUUID());
      await openPatientPage(t, nurse, patientId, randomUUID());
      await openPatientPage(t, prescriber, patientId, randomUUID());
      const events = await readsOf(patientId);
      expect(events.map((e) => e.userId).sort()).toEqual([nurse.userId, nurse.userId, prescriber.userId].sort());
      expect(events.every((e) => e.accessCount === PATIENT_PAGE_READS.length)).toBe(true);
    });
  });

  describe('given the same page view reading two patients', () => {
    it('records one event per patient', async () => {
      const first = await newPatient('First');
      const second = await newPatient('Second');
      const viewId = randomUUID();
      await openPatientPage(t, nurse, first, viewId);
      await openPatientPage(t, nurse, second, viewId);
      expect(await readsOf(first)).toHaveLength(1);
      expect(await readsOf(second)).toHaveLength(1);
    });
  });

  describe('given requests without a page view id (API clients, older pages)', () => {
    it('keeps one event per record read, as before', async () => {
      const patientId = await newPatient('Headless');
      await openPatientPage(t, nurse, patientId);
      const events = await readsOf(patientId);
      expect(events.length).toBeGreaterThan(1);
      expect(events.every((e) => e.userId === nurse.userId)).toBe(true);
    });

    it('ignores a malformed page view id instead of trusting it', async () => {
      const patientId = await newPatient('Malformed');
      await openPatientPage(t, nurse, patientId, 'x');
      expect((await readsOf(patientId)).length).toBeGreaterThan(1);
    });
  });

  describe('given a write in the same page view', () => {
    it('records the write as its own event: only reads collapse', async () => {
      const patientId = await newPatient('Writes');
      const viewId = randomUUID();
      await openPatientPage(t, nurse, patientId, viewId);
      const before = (await eventsOf(patientId)).length;
      const headers = { cookie: nurse.cookie, 'x-csrf-token': nurse.csrfToken, 'x-ketaclinic-view': viewId };
      const current = (await read(t, nurse, `/api/patients/${patientId}`, viewId)).json();
      const updated = await t.app.inject({
        method: 'PATCH',
        url: `/api/patients/${patientId}`,
        headers,
        payload: { version: current.version, phone: '+1 555 0100' },
      });
      expect(updated.statusCode, updated.body).toBe(200);
      const after = await eventsOf(patientId);
      expect(after.length).toBe(before + 1);
      expect(after[0]?.action).toBe('update');
    });
  });
});
