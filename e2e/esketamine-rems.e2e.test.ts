/**
 * An esketamine session ends in a SPRAVATO REMS Patient Monitoring Form: the demo clinic's esketamine patient
 * (two devices given, in her 2-hour monitoring) is taken to discharge through the treatment-day API on a server
 * whose clock the test moves past the 2 hours; then, in the browser, the REMS page lists her form as due with the
 * 7-day deadline counting down, the nurse answers the form, downloads the PDF, sees the superbill, marks the form
 * submitted, and the list shows it submitted with the date. A prescriber records another patient's enrolment from
 * the patient's record. Her second session (84 mg, three devices) is run through the API from check-in to discharge;
 * a week and 10 minutes later its form shows overdue, then submitted late, with HCPCS G2083 on its superbill.
 * Screenshots: test-results/esketamine-rems/.
 */
import { readFile } from 'node:fs/promises';
import { pdfText } from '../src/server/testing/pdf-text.js';
import { describe, expect, it } from 'vitest';
import { request, type APIRequestContext, type Page } from 'playwright-core';
import { screenshots } from './support/browser.js';
import { mainNavigation, pageHeading, postAsWebApp, treatmentBoard } from './support/pages.js';
import { controllableClock, DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('esketamine-rems');
const MINUTE = 60_000;

/** A staff member on the API alone (no page): signs in with the demo password and sends the CSRF token on writes. */
type Sent = Promise<{ status: number; body: string }>;
async function apiAs(
  baseUrl: string,
  role: 'nurse' | 'prescriber',
): Promise<{
  post: (url: string, data: unknown) => Sent;
  put: (url: string, data: unknown) => Sent;
  get: <T>(url: string) => Promise<T>;
  close: () => Promise<void>;
}> {
  const context: APIRequestContext = await request.newContext({ baseURL: baseUrl });
  const login = await context.post('/api/auth/login', { data: { email: demoEmail(role), password: DEMO_PASSWORD } });
  if (login.status() !== 200) throw new Error(`${role} could not sign in: ${login.status()} ${await login.text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return {
    post: async (url, data) => {
      const response = await context.post(url, { data, headers: { 'x-csrf-token': csrfToken } });
      return { status: response.status(), body: await response.text() };
    },
    put: async (url, data) => {
      const response = await context.put(url, { data, headers: { 'x-csrf-token': csrfToken } });
      return { status: response.status(), body: await response.text() };
    },
    get: async <T>(url: string) => {
      const response = await context.get(url);
      if (response.status() !== 200) throw new Error(`GET ${url}: ${response.status()} ${await response.text()}`);
      return (await response.json()) as T;
    },
    close: () => context.dispose(),
  };
}

function remsRow(page: Page, sessionId: string) {
  return page.locator(`tr[data-session-id="${sessionId}"]`);
}

describe('an esketamine session ending in a REMS Patient Monitoring Form', () => {
  const clock = controllableClock();
  const clinic = clinicInBrowser({ clock });

  it('lists the form as due, completes it, downloads the PDF and marks it submitted', async () => {
    // Given the demo's esketamine patient is in her monitoring (devices 60 and 55 min before the server started),
    // found on today's board before the clock moves (it could cross the clinic's midnight)
    const lookup = await clinic.openAs('nurse');
    const board = await treatmentBoard(lookup.context);
    await lookup.context.close();
    const chair = board.chairs.find((c) => c.modality === 'esketamine-nasal' && c.phase === 'monitoring');
    if (!chair)
      throw new Error(
        `the demo clinic has no esketamine session in monitoring: ${JSON.stringify(board.chairs.map((c) => [c.modality, c.phase]))}`,
      );
    const sessionId = chair.sessionId;

    // And the clock has moved on 67 minutes: 2 h 2 min after her last device (sign-ins lapse after 15 idle minutes)
    await clock.advance(67 * MINUTE);
    const nurse = await clinic.openAs('nurse');
    const url = `/api/sessions/${sessionId}`;

    // When the nurse records the last vital signs and MOAA/S 5, and discharges her through the API
    const vitals = await postAsWebApp(nurse.context, `${url}/observations`, {
      kind: 'vitals',
      vitals: { systolic: 128, diastolic: 80, heartRate: 74, spo2: 98, respiratoryRate: 14 },
    });
    expect(vitals.status, vitals.body).toBe(201);
    const moaas = await postAsWebApp(nurse.context, `${url}/observations`, { kind: 'moaas', score: 5 });
    expect(moaas.status, moaas.body).toBe(201);
    const discharged = await postAsWebApp(nurse.context, `${url}/discharge`, {
      clinicallyStable: true,
      ridePresent: true,
    });
    expect(discharged.status, discharged.body).toBe(200);

    // Then the REMS page lists her form as due, the 7-day deadline counting down
    const page = nurse.page;
    await mainNavigation(page).getByRole('link', { name: 'SPRAVATO REMS' }).click();
    await pageHeading(page).filter({ hasText: 'SPRAVATO REMS' }).waitFor();
    const row = remsRow(page, sessionId);
    await row.getByText('Due', { exact: true }).waitFor();
    expect(await row.textContent()).toMatch(/6 d 23 h left/);
    await page.getByText(/Programme rules: spravato-rems-\d{4}-\d{2}/).waitFor();
    const patientName = (await row.getByRole('cell').first().getByRole('link').textContent())?.trim() ?? '';
    expect(patientName).toBe('Hannah Oyelaran');
    const enrolmentRow = page.locator('section[aria-labelledby="rems-enrolment"] tr', { hasText: patientName });
    await enrolmentRow.getByText(/^Enrolled .* · REMS ID DEMO-REMS-0011$/).waitFor();
    await shot(page, '01-rems-list-due');

    // When she opens the form: composed from the record, with the clinician's answers still missing
    await row.getByRole('link', { name: /^Open form/ }).click();
    await pageHeading(page).filter({ hasText: 'REMS Patient Monitoring Form' }).waitFor();
    await page.getByText('The form is not complete: it cannot be printed or marked submitted yet').waitFor();
    const formData = page.locator('section[aria-labelledby="form-data"]');
    await formData.getByText('56 mg (2 × 28 mg devices)').waitFor();
    await formData.getByText('SPR84-DEMO-B').waitFor();
    await formData.getByText('124/78 mmHg').waitFor();
    await formData.getByText('136/86 mmHg').waitFor();
    await formData.getByText('128/80 mmHg').waitFor();
    await shot(page, '02-form-incomplete');

    // And answers what only a clinician can (sedation, dissociation, vital signs, concomitant medicines)
    const answers = page.getByRole('form', { name: "Clinician's answers on the form" });
    const answer = (question: string, value: 'Yes' | 'No') =>
      answers.getByRole('radiogroup', { name: question }).getByRole('radio', { name: value }).check();
    await answer('Sedation', 'Yes');
    await answer('Dissociation', 'No');
    await answer('Vital signs acceptable before administration', 'Yes');
    await answer('Vital signs acceptable before completion of monitoring', 'Yes');
    for (const group of await answers.getByRole('radiogroup', { name: /^Concomitant / }).all())
      await group.getByRole('radio', { name: 'No' }).check();
    await answers.getByRole('button', { name: 'Save answers' }).click();
    await answers.getByRole('status').filter({ hasText: 'Answers saved. The form is complete.' }).waitFor();
    await formData
      .getByText(/^\d+ min$/)
      .first()
      .waitFor();
    expect(await formData.textContent()).toMatch(/Monitoring after the last device\s*12\d min/);

    // Then the PDF downloads, and it is the form: a PDF with a page, showing her dose
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: /^Download the form \(PDF\)/ }).click();
    const download = await downloading;
    const pdf = await readFile(await download.path());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0)).toBeGreaterThan(0);
    const text = await pdfText(pdf);
    expect(text).toContain('56 mg');
    expect(text).toContain('Hannah Oyelaran');
    expect(text).toContain('SPR84-DEMO-B');

    // And the superbill shows the esketamine visit code (HCPCS G2082: up to 56 mg with 2 h of observation)
    const superbill = page.locator('section[aria-labelledby="superbill"]');
    await superbill.getByRole('cell', { name: 'G2082', exact: true }).waitFor();
    await superbill.getByRole('button', { name: 'Capture for the superbill' }).click();
    await superbill.getByRole('status').filter({ hasText: 'Billing codes captured for the superbill.' }).waitFor();
    await superbill.getByText(/^Captured for the superbill/).waitFor();
    await shot(page, '03-form-complete-with-superbill');

    // When she marks it submitted from the REMS list, on the session's date
    await page.getByRole('link', { name: 'All REMS forms' }).click();
    await pageHeading(page).filter({ hasText: 'SPRAVATO REMS' }).waitFor();
    await row.getByRole('button', { name: /^Mark submitted/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Mark the form submitted' });
    const submittedOn = await dialog.getByLabel('Submitted on').inputValue();
    expect(submittedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await shot(page, '04-mark-submitted-dialog');
    await dialog.getByRole('button', { name: 'Mark submitted' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Then the list shows it submitted, with the date, and the PDF link stays
    const shownDate = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${submittedOn}T00:00:00Z`),
    );
    await row.getByText(`Submitted ${shownDate}`, { exact: true }).waitFor();
    expect(await row.textContent()).not.toMatch(/left|overdue/);
    await row.getByRole('link', { name: /^PDF/ }).waitFor();
    await shot(page, '05-rems-list-submitted');

    // And on a phone the page fits the screen: the table scrolls inside its own box, the page does not
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Open navigation' }).waitFor();
    await row.getByText(`Submitted ${shownDate}`, { exact: true }).waitFor();
    // (the shell slides its navigation away first)
    await expect
      .poll(() => page.evaluate('document.documentElement.scrollWidth'), { timeout: 5_000 })
      .toBeLessThanOrEqual(390);
    await shot(page, '05b-rems-list-phone');

    expect(nurse.problems).toEqual([]);
    await nurse.context.close();
  });

  it("records a patient's REMS enrolment from the patient's record", async () => {
    const prescriber = await clinic.openAs('prescriber');
    const page = prescriber.page;
    const found = (await (await prescriber.context.request.get('/api/patients?q=Calloway')).json()) as {
      items: { id: string }[];
    };
    const patientId = found.items[0]?.id;
    if (!patientId) throw new Error('the demo clinic has no patient named Calloway');

    // Given a patient never enrolled in the SPRAVATO REMS
    await page.goto(`/patients/${patientId}`);
    const panel = page.getByRole('region', { name: 'SPRAVATO REMS enrolment' });
    await panel.getByText('Not enrolled in the SPRAVATO REMS (needed before a first esketamine treatment).').waitFor();

    // When the prescriber records the enrolment with a date in the future, then with a proper one
    await panel.getByRole('button', { name: 'Record enrolment' }).click();
    const form = panel.getByRole('form', { name: /^Record the REMS enrolment of/ });
    const enrolledOn = form.getByLabel('Enrolled on');
    await enrolledOn.fill('2099-01-01');
    await form.getByRole('button', { name: 'Record enrolment' }).click();
    // (the server names the field; the message stands beside it)
    await form.getByText('Is in the future.').waitFor();
    expect(await enrolledOn.getAttribute('aria-invalid')).toBe('true');
    const day = new Date(clock.now().getTime() - 3 * 86_400_000).toISOString().slice(0, 10);
    await enrolledOn.fill(day);
    await form.getByLabel('REMS patient ID').fill('R-77120');
    await form.getByRole('button', { name: 'Record enrolment' }).click();

    // Then the panel shows the enrolment, with the date and the programme's patient ID
    await panel.getByRole('status').filter({ hasText: 'REMS enrolment recorded.' }).waitFor();
    const shownDay = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );
    await panel.getByText(`Enrolled ${shownDay} · REMS ID R-77120`, { exact: true }).waitFor();
    await shot(page, '06-patient-rems-enrolment');

    expect(prescriber.problems).toEqual([]);
    await prescriber.context.close();
  });

  it('runs her second session (84 mg) from check-in to discharge; a week later its form is overdue, then marked submitted late', async () => {
    // Given Hannah Oyelaran's second induction session, booked by the demo on its planned date
    let nurse = await apiAs(clinic.server.baseUrl, 'nurse');
    const today = clock.now().toISOString().slice(0, 10);
    const inTwoWeeks = new Date(clock.now().getTime() + 14 * 86_400_000).toISOString().slice(0, 10);
    const found = await nurse.get<{ items: { id: string }[] }>('/api/patients?q=Oyelaran');
    const patientId = found.items[0]?.id;
    const schedule = await nurse.get<{
      timeZone: string;
      sessions: {
        id: string;
        patientId: string;
        sessionNumber: number | null;
        startsAt: string;
        doseMg: number | null;
      }[];
    }>(`/api/schedule?from=${today}&to=${inTwoWeeks}`);
    const second = schedule.sessions.find((s) => s.patientId === patientId && s.sessionNumber === 2);
    if (!second)
      throw new Error(
        `no second session for Hannah Oyelaran: ${JSON.stringify(schedule.sessions.map((s) => [s.patientId === patientId, s.sessionNumber]))}`,
      );
    expect(second.doseMg).toBe(84);
    await nurse.close();
    const url = `/api/sessions/${second.id}`;
    const expectOk = async (result: Promise<{ status: number; body: string }>, status: number) => {
      const r = await result;
      expect(r.status, r.body).toBe(status);
      return JSON.parse(r.body) as Record<string, unknown>;
    };
    /** Moves the clock to `minutes` after the booked start and signs the nurse in again (sign-ins lapse when idle). */
    const moveTo = async (minutes: number) => {
      await clock.advance(Date.parse(second.startsAt) + minutes * MINUTE - clock.now().getTime());
      await nurse.close();
      nurse = await apiAs(clinic.server.baseUrl, 'nurse');
    };

    // When the nurse checks her in and a prescriber acknowledges the questionnaires done on paper
    await moveTo(-10);
    const prescriber = await apiAs(clinic.server.baseUrl, 'prescriber');
    await expectOk(
      nurse.post(`${url}/check-in`, {
        identityChecked: true,
        preDoseVitals: { systolic: 126, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 },
        fasting: { lastFoodAt: 'none-today', lastLiquidAt: 'none-today' },
        ride: { name: 'Demo Driver', phone: '555-0150', confirmed: true },
      }),
      200,
    );
    await expectOk(
      prescriber.post(`${url}/checklist/acknowledgements`, {
        item: 'questionnaires',
        reason: 'PHQ-9 and C-SSRS done on paper at arrival; nothing flagged.',
      }),
      200,
    );
    await prescriber.close();
    // And she takes three 28 mg devices, 6 minutes apart (the Spravato label asks for at least 5)
    await expectOk(nurse.post(`${url}/dose`, { lotNumber: 'SPR84-DEMO-B' }), 200);
    await expectOk(nurse.post(`${url}/administration`, { event: 'device-administered' }), 200);
    await moveTo(-4);
    await expectOk(nurse.post(`${url}/administration`, { event: 'device-administered' }), 200);
    await moveTo(2);
    await expectOk(nurse.post(`${url}/administration`, { event: 'device-administered' }), 200);
    // And her vital signs are taken 40 minutes after the last device and before she leaves, 2 hours after it
    await moveTo(42);
    await expectOk(
      nurse.post(`${url}/observations`, {
        kind: 'vitals',
        vitals: { systolic: 142, diastolic: 88, heartRate: 80, spo2: 96, respiratoryRate: 14 },
      }),
      201,
    );
    await expectOk(nurse.post(`${url}/observations`, { kind: 'moaas', score: 4 }), 201);
    await moveTo(124);
    await expectOk(
      nurse.post(`${url}/observations`, {
        kind: 'vitals',
        vitals: { systolic: 130, diastolic: 82, heartRate: 74, spo2: 98, respiratoryRate: 14 },
      }),
      201,
    );
    await expectOk(nurse.post(`${url}/observations`, { kind: 'moaas', score: 5 }), 201);
    await expectOk(nurse.post(`${url}/discharge`, { clinicallyStable: true, ridePresent: true }), 200);
    // And the clinician's answers are on the form (the browser part of answering is the first test's)
    const form = await nurse.get<{ concomitantClasses: { code: string }[] }>(`${url}/rems-form`);
    const answered = await expectOk(
      nurse.put(`${url}/rems-form`, {
        concomitantMedications: Object.fromEntries(form.concomitantClasses.map((c) => [c.code, false])),
        sedation: false,
        dissociation: true,
        vitalSignsAcceptable: { beforeAdministration: true, beforeCompletion: true },
      }),
      200,
    );
    expect(answered.missing).toEqual([]);

    // Then the REMS page lists it as due, beside her first session's form, submitted
    let browserNurse = await clinic.openAs('nurse');
    await browserNurse.page.goto('/rems');
    await remsRow(browserNurse.page, second.id).getByText('Due', { exact: true }).waitFor();
    await browserNurse.page
      .locator('tr[data-session-id]')
      .getByText(/^Submitted /)
      .waitFor();
    expect(browserNurse.problems).toEqual([]);
    await browserNurse.context.close();

    // When a week and 10 minutes pass without it being submitted
    await moveTo(124 + 7 * 24 * 60 + 10);
    await nurse.close();
    browserNurse = await clinic.openAs('nurse');
    const page = browserNurse.page;
    await mainNavigation(page).getByRole('link', { name: 'SPRAVATO REMS' }).click();

    // Then it is overdue, by 10 minutes
    const secondRow = remsRow(page, second.id);
    await secondRow.getByText('Overdue', { exact: true }).waitFor();
    expect(await secondRow.textContent()).toMatch(/overdue by 1\d min/);
    await shot(page, '07-rems-list-overdue');

    // And its form shows 84 mg from three devices, and the superbill the code for more than 56 mg (HCPCS G2083)
    await secondRow.getByRole('link', { name: /^Open form/ }).click();
    await pageHeading(page).filter({ hasText: 'REMS Patient Monitoring Form' }).waitFor();
    await page.getByText('84 mg (3 × 28 mg devices)').waitFor();
    await page
      .locator('section[aria-labelledby="superbill"]')
      .getByRole('cell', { name: 'G2083', exact: true })
      .waitFor();

    // When she marks it submitted today (the clinic's date), it shows submitted, late
    const clinicToday = new Intl.DateTimeFormat('en-CA', {
      timeZone: schedule.timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(clock.now());
    const mark = page.getByRole('form', { name: /^Mark the form of .* submitted$/ });
    await mark.getByLabel('Submitted on').fill(clinicToday);
    await mark.getByRole('button', { name: 'Mark submitted' }).click();
    const shownToday = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${clinicToday}T00:00:00Z`),
    );
    await page.getByText(`Submitted ${shownToday} (late)`, { exact: true }).waitFor();
    await shot(page, '08-form-submitted-late');

    expect(browserNurse.problems).toEqual([]);
    await browserNurse.context.close();
  });
});
