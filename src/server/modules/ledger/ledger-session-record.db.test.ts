/**
 * The ledger's administered amount offered from the session record (issue 6: "administered amount comes from the
 * session record"; 21 CFR 1304.22(c): the administration record), on PGlite and PostgreSQL. Esketamine: 28 mg per
 * Spravato device (SPRAVATO prescribing information, section 2).
 */
import { beforeAll, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import {
  FASTED,
  acknowledgeQuestionnaires,
  checkInPatient,
  enrolInRems,
  prepareDose,
  verifyDose,
  administer,
} from '../../testing/session-steps.js';
import { api, createTestApp, expectStatus, type Session, type TestApp } from '../../testing/test-app.js';
import { bookedFirstSession, signInStaffAt, type Staff } from '../plans/plan-scenarios.testing.js';
import { KETAMINE_50, SPRAVATO_KIT_2, receiptBody } from './ledger.testing.js';

// Monday 2026-11-02 15:00 UTC = 10:00 in the demo clinic (America/New_York).
const T0 = Date.parse('2026-11-02T15:00:00Z');
const SAFE = 'record-safe';

describeEachDatabase('ledger administration from the session record', (ctx) => {
  let t: TestApp;
  let staff: Staff;
  let nurse: Session;
  let admin: Session;

  async function moveTo(ms: number): Promise<void> {
    ({ staff, nurse, admin } = await signInStaffAt(t, ms));
  }

  /** A patient (with an address, which the administration record needs) booked for session 1 today at `start`. */
  async function bookedSession(name: string, modality: 'iv-ketamine' | 'esketamine-nasal', start: string) {
    const plan =
      modality === 'iv-ketamine'
        ? { protocol: 'iv-ketamine-induction', startDate: '2026-11-02' }
        : { protocol: 'esketamine-trd', startDate: '2026-11-02' };
    const { sessionId, patientId } = await bookedFirstSession(t.app, staff, admin, name, modality, plan, start);
    const patient = await expectStatus(api(t.app, staff.desk, 'GET', `/api/patients/${patientId}`), 200);
    await expectStatus(
      api(t.app, staff.desk, 'PATCH', `/api/patients/${patientId}`, {
        version: patient.version,
        address: { line: '1 Main St', city: 'Columbus', region: 'OH', postalCode: '43004' },
      }),
      200,
    );
    return { sessionId, patientId };
  }

  const reconciliation = (sessionId: string) =>
    expectStatus(api(t.app, nurse, 'GET', `/api/ledger/sessions/${sessionId}/reconciliation`), 200);

  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    await moveTo(T0);
    await expectStatus(
      api(t.app, admin, 'POST', '/api/ledger/locations', {
        locationId: SAFE,
        name: 'Record safe',
        openableByRoles: ['admin', 'prescriber', 'nurse'],
      }),
      201,
    );
    for (const [ndc, lot] of [
      [KETAMINE_50, 'REC-K'],
      [SPRAVATO_KIT_2, 'REC-E'],
    ] as const) {
      await expectStatus(
        api(t.app, nurse, 'POST', '/api/ledger/receipts', receiptBody({ ndc, lot, locationId: SAFE, containers: 1 })),
        201,
      );
    }
  });

  it('IV: once the infusion is stopped with a delivered total, offers that amount for the drawn lot; the confirmed entry names the record', async () => {
    await moveTo(T0);
    const { sessionId, patientId } = await bookedSession('Ivy', 'iv-ketamine', '2026-11-02T10:30');
    const url = `/api/sessions/${sessionId}`;
    const draw = await expectStatus(
      api(t.app, nurse, 'POST', '/api/ledger/draws', {
        sessionId,
        patientId,
        ndc: KETAMINE_50,
        lot: 'REC-K',
        locationId: SAFE,
        amount: { mg: '50', ml: '1' },
      }),
      201,
    );
    await checkInPatient(t.app, nurse, url, { weightKg: 70 });
    await acknowledgeQuestionnaires(t.app, staff.prescriber, url, 'Reviewed on paper');
    await moveTo(T0 + 2 * 60_000);
    await prepareDose(t.app, nurse, url, {
      concentrationMgPerMl: 10,
      lotNumber: 'REC-K',
      lotExpiry: '2028-06-30',
      ledgerDrawId: draw.entry.entryId,
    });
    await verifyDose(t.app, staff.prescriber, url);
    await moveTo(T0 + 5 * 60_000);
    await administer(t.app, nurse, url, { event: 'infusion-started' });

    // While the infusion runs, nothing is offered: the administration is not complete.
    await moveTo(T0 + 20 * 60_000);
    expect((await reconciliation(sessionId)).suggestedAdministration).toBeNull();

    await moveTo(T0 + 45 * 60_000);
    const stopped = await administer(t.app, nurse, url, { event: 'infusion-stopped', totalDeliveredMg: 34.5 });
    const stopEntry = stopped.timeline.find((e: { kind: string }) => e.kind === 'infusion-stopped');
    const offered = await reconciliation(sessionId);
    expect(offered.suggestedAdministration).toEqual({
      source: 'session-record',
      amount: { mg: '34.5' },
      unit: 'ug',
      mg: '34.5',
      basis: 'confirmed-total',
      ndc: KETAMINE_50,
      lot: 'REC-K',
      drawEntryId: draw.entry.entryId,
      sessionRecordId: stopEntry.id,
      completedAt: new Date(T0 + 45 * 60_000).toISOString(),
      alreadyRecorded: false,
    });
    // Offered, not posted: nothing is administered until the nurse confirms.
    expect(offered).toMatchObject({ administered: 0, drawn: 50_000, reconciled: false });

    const { amount, ndc, lot, sessionRecordId } = offered.suggestedAdministration;
    const confirmed = await expectStatus(
      api(t.app, nurse, 'POST', '/api/ledger/administrations', { sessionId, ndc, lot, amount, sessionRecordId }),
      201,
    );
    expect(confirmed.entry.event).toMatchObject({
      kind: 'administration',
      quantity: 34_500,
      sessionRecordId: stopEntry.id,
    });
    const after = await reconciliation(sessionId);
    expect(after).toMatchObject({ administered: 34_500, difference: 15_500 });
    expect(after.suggestedAdministration).toMatchObject({ alreadyRecorded: true });
  });

  it('esketamine: after the second of 2 planned devices, offers 2 devices = 56 mg from the drawn kit', async () => {
    const base = T0 + 200 * 60_000;
    await moveTo(base);
    const { sessionId, patientId } = await bookedSession('Esme', 'esketamine-nasal', '2026-11-02T13:30');
    const url = `/api/sessions/${sessionId}`;
    const draw = await expectStatus(
      api(t.app, nurse, 'POST', '/api/ledger/draws', {
        sessionId,
        patientId,
        ndc: SPRAVATO_KIT_2,
        lot: 'REC-E',
        locationId: SAFE,
        amount: { devices: 2 },
      }),
      201,
    );
    await checkInPatient(t.app, nurse, url, FASTED);
    await enrolInRems(t.app, nurse, patientId, 'R-2');
    await acknowledgeQuestionnaires(t.app, staff.prescriber, url);
    const dosed = await prepareDose(t.app, nurse, url, {
      lotNumber: 'REC-E',
      lotExpiry: '2028-06-30',
      ledgerDrawId: draw.entry.entryId,
    });
    expect(dosed.dose).toMatchObject({ doseMg: 56, devices: 2 });

    await administer(t.app, nurse, url, { event: 'device-administered' });
    // One of two devices given: not complete yet.
    expect((await reconciliation(sessionId)).suggestedAdministration).toBeNull();
    await moveTo(base + 5 * 60_000);
    const last = await administer(t.app, nurse, url, { event: 'device-administered' });
    const lastDevice = last.timeline.filter((e: { kind: string }) => e.kind === 'device-administered').at(-1);

    expect((await reconciliation(sessionId)).suggestedAdministration).toMatchObject({
      source: 'session-record',
      amount: { devices: 2 },
      unit: 'device',
      mg: '56',
      basis: 'devices',
      ndc: SPRAVATO_KIT_2,
      lot: 'REC-E',
      sessionRecordId: lastDevice.id,
      alreadyRecorded: false,
    });
  });

  it('a session without a treatment-day record reconciles as before, with nothing offered', async () => {
    await moveTo(T0 + 400 * 60_000);
    const patientId = (await expectStatus(api(t.app, nurse, 'GET', '/api/patients?limit=1'), 200)).items[0]
      .id as string;
    const past = await t.services.measures.recordPastSession(nurse.clinicId, patientId, {
      modality: 'iv-ketamine',
      number: 1,
      startsAt: new Date('2026-11-01T14:00:00Z'),
      minutes: 60,
    });
    await expectStatus(
      api(t.app, nurse, 'POST', '/api/ledger/draws', {
        sessionId: past.id,
        patientId,
        ndc: KETAMINE_50,
        lot: 'REC-K',
        locationId: SAFE,
        amount: { mg: '20' },
      }),
      201,
    );
    expect(await reconciliation(past.id)).toMatchObject({
      drawn: 20_000,
      administered: 0,
      suggestedAdministration: null,
    });
  });
});
