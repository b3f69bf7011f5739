/**
 * The ledger's administered amount comes from the session record (issue 6). An esketamine session is run through the
 * treatment-day API with its dose linked to a ledger draw of one 2-device kit, both devices given (28 mg each); then,
 * in the browser, the nurse opens the session's doses page, finds the administered amount pre-filled with 2 devices
 * and a line saying it comes from the session record, confirms it, and the reconciliation shows 56 mg administered.
 * Screenshots: test-results/ledger-session-record/.
 */
import { describe, expect, it } from 'vitest';
import { api, signIn, type Session } from '../src/server/testing/test-app.js';
import { addChair, patientWithSignedPlan } from '../src/server/modules/plans/plan-scenarios.testing.js';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { controllableClock, DEMO_PASSWORD, demoClinicDate, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('ledger-session-record');
const KIT = { ndc: '50458-028-02', lot: 'E2E-REC-E1', location: 'main-safe' } as const;
const RIDE = { name: 'Sam Driver', phone: '555-0199', confirmed: true };
const PRE_DOSE = { systolic: 128, diastolic: 82, heartRate: 72, spo2: 98, respiratoryRate: 14 };

describe('ledger: the administered amount pre-filled from the session record', () => {
  // The browser tests' fixed start (a Tuesday, 10:00 in the demo clinic), so the session is booked in clinic hours
  // whatever day the machine has.
  const clock = controllableClock();
  const today = demoClinicDate(clock.now());
  const clinic = clinicInBrowser({ clock });

  it('offers 2 devices (56 mg) from the esketamine record; the nurse confirms and the session reconciles its administration', async () => {
    const app = clinic.server.server.app;
    const as = (role: 'front_desk' | 'prescriber' | 'nurse' | 'admin'): Promise<Session> =>
      signIn(app, { email: demoEmail(role), password: DEMO_PASSWORD });
    const [desk, prescriber, nurse, admin] = await Promise.all([
      as('front_desk'),
      as('prescriber'),
      as('nurse'),
      as('admin'),
    ]);
    const ok = async (response: Promise<{ statusCode: number; body: string }>, status: number) => {
      const r = await response;
      expect(r.statusCode, r.body).toBe(status);
      return JSON.parse(r.body);
    };

    // Given an esketamine patient (with an address, for the administration record) booked today at 10:30
    const { planId, patientId } = await patientWithSignedPlan(app, { desk, prescriber }, 'Rena', 'esketamine-nasal', {
      protocol: 'esketamine-trd',
      startDate: today,
    });
    const patient = await ok(api(app, desk, 'GET', `/api/patients/${patientId}`), 200);
    await ok(
      api(app, desk, 'PATCH', `/api/patients/${patientId}`, {
        version: patient.version,
        address: { line: '1 Main St', city: 'Columbus', region: 'OH', postalCode: '43004' },
      }),
      200,
    );
    const chair = await addChair(app, admin, 'Record chair');
    const { id: sessionId } = await ok(
      api(app, desk, 'POST', `/api/plans/${planId}/sessions/1/booking`, { chairId: chair, start: `${today}T10:30` }),
      201,
    );

    // And a kit of 2 devices received and drawn for her session, which her prepared dose names
    await ok(
      api(app, nurse, 'POST', '/api/ledger/receipts', {
        ndc: KIT.ndc,
        lot: KIT.lot,
        expiry: '2029-06',
        locationId: KIT.location,
        containers: 1,
        invoiceNumber: 'INV-E2E-REC',
        supplier: {
          name: 'Example Medical Distribution LLC',
          address: '100 Warehouse Way, Columbus, OH 43004',
          deaNumber: 'PE1234563',
        },
        witness: { email: demoEmail('prescriber'), password: DEMO_PASSWORD },
      }),
      201,
    );
    const draw = await ok(
      api(app, nurse, 'POST', '/api/ledger/draws', {
        sessionId,
        patientId,
        ndc: KIT.ndc,
        lot: KIT.lot,
        locationId: KIT.location,
        amount: { devices: 2 },
      }),
      201,
    );
    const url = `/api/sessions/${sessionId}`;
    await ok(
      api(app, nurse, 'POST', `${url}/check-in`, {
        identityChecked: true,
        preDoseVitals: PRE_DOSE,
        fasting: { lastFoodAt: 'none-today', lastLiquidAt: 'none-today' },
        ride: RIDE,
      }),
      200,
    );
    await ok(
      api(app, nurse, 'POST', `/api/patients/${patientId}/rems-enrolment`, {
        enrolledOn: today,
        remsPatientId: 'R-E2E',
      }),
      201,
    );
    await ok(
      api(app, prescriber, 'POST', `${url}/checklist/acknowledgements`, {
        item: 'questionnaires',
        reason: 'Reviewed verbally',
      }),
      200,
    );
    await ok(
      api(app, nurse, 'POST', `${url}/dose`, {
        lotNumber: KIT.lot,
        lotExpiry: '2029-06-30',
        ledgerDrawId: draw.entry.entryId,
      }),
      200,
    );

    // When both devices are given, 5 minutes apart (Spravato label)
    await ok(api(app, nurse, 'POST', `${url}/administration`, { event: 'device-administered' }), 200);
    await clock.advance(5 * 60_000);
    await ok(api(app, nurse, 'POST', `${url}/administration`, { event: 'device-administered' }), 200);

    // Then the nurse's doses page for the session has the administered amount pre-filled from the record
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('nurse'), DEMO_PASSWORD);
    await page.goto(`/ledger/sessions/${sessionId}`);
    await pageHeading(page).filter({ hasText: 'Session doses: Rena' }).waitFor();
    const administerSection = page.getByRole('region', { name: 'Record the administered amount' });
    await administerSection.getByText('Pre-filled from the session record').waitFor();
    expect(await administerSection.textContent()).toContain(`The session record says 2 devices (56 mg) given`);
    expect(await administerSection.getByLabel('Amount administered (devices)').inputValue()).toBe('2');
    await shot(page, '01-prefilled-from-record');

    // When she confirms it, the reconciliation counts 56 mg administered and the entry keeps the record's id
    await administerSection.getByRole('button', { name: 'Record administration' }).click();
    await administerSection.getByRole('alert').filter({ hasText: 'Administration recorded' }).waitFor();
    const reconciliation = page.getByRole('region', { name: 'Reconciliation' });
    await reconciliation.getByText('administered 56 mg', { exact: false }).waitFor();
    await shot(page, '02-confirmed');
    const after = await ok(api(app, nurse, 'GET', `/api/ledger/sessions/${sessionId}/reconciliation`), 200);
    expect(after).toMatchObject({
      drawn: 2,
      administered: 2,
      reconciled: true,
      suggestedAdministration: { alreadyRecorded: true },
    });
    const entries = await ok(api(app, nurse, 'GET', '/api/ledger/entries?kind=administration&limit=1'), 200);
    expect(entries.items[0].event).toMatchObject({
      sessionId,
      quantity: 2,
      sessionRecordId: after.suggestedAdministration.sessionRecordId,
    });
    expect(problems).toEqual([]);
    await context.close();
  });
});
