/**
 * Booking from the calendar (issue 14), as the demo front desk does it, with a real mail server in the test:
 * - on the week calendar, a free slot of Dr Priya Prescriber opens "New appointment"; the front desk picks the
 *   patient, a consultation and a room, and books it; the card shows on the calendar;
 * - booking the same clinician at the same time again is refused on screen, naming who is booked when;
 * - the front desk moves the consultation an hour later with the reschedule dialog (a reminder already due would go at once, so the visit is more than 48 hours away);
 * - when the clock reaches 48 hours before the visit, the outbox worker sends the reminder to the patient's email,
 *   and it arrives at the test SMTP server; the admin's outbox page lists it as sent.
 * Screenshots: test-results/appointment-booking/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startTestSmtpServer, type TestSmtpServer } from '../src/server/testing/test-smtp-server.js';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('appointment-booking');

describe('booking a consultation from the calendar', () => {
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
  });
  afterAll(async () => {
    await smtp?.close();
  });
  // The clock starts on Tuesday 3 November 2026, 10:00 in the demo clinic (e2e/support/server.ts).
  const clinic = clinicInBrowser({
    env: () => ({
      SMTP_URL: smtp.url,
      SMTP_FROM: 'Demo Clinic <clinic@demo.ketaclinic.test>',
      OUTBOX_INTERVAL_MS: '300',
    }),
  });

  const dialog = (page: Page) => page.getByRole('dialog');

  it('books, refuses a double booking, reschedules, and the reminder reaches the patient by mail', async () => {
    const { page, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('front_desk'), DEMO_PASSWORD);
    await page.goto('/schedule');
    await pageHeading(page).filter({ hasText: 'Schedule' }).waitFor();

    // Given a free slot of Dr Priya Prescriber on Thursday, the front desk opens the booking dialog from it
    await page.getByRole('button', { name: /^Book Dr Priya Prescriber on Thu 5 Nov/ }).click();
    await dialog(page).getByRole('heading', { name: 'New appointment' }).waitFor();
    expect(await dialog(page).getByLabel('Clinician').inputValue()).not.toBe('');

    // When they find the patient and choose a consultation in a room at 14:00 on Thursday
    const book = async (time: string) => {
      await dialog(page).getByLabel('Find patient').fill('Salazar');
      const option = dialog(page).locator('option', { hasText: 'Salazar, Diego' });
      await option.waitFor({ state: 'attached' });
      await dialog(page)
        .getByLabel('Patient', { exact: true })
        .selectOption((await option.getAttribute('value')) ?? '');
      await dialog(page).getByLabel('Appointment type').selectOption({ label: 'Consultation (60 min)' });
      await dialog(page).getByLabel('Room').selectOption({ label: 'Consult room 1' });
      await dialog(page).getByLabel('Start').fill(`2026-11-05T${time}`);
      await shot(page, '01-new-appointment');
      await dialog(page).getByRole('button', { name: 'Book appointment' }).click();
    };
    await book('14:00');

    // Then the consultation is on the calendar in the prescriber's row
    const card = page.getByRole('article', { name: '14:00 Consultation: Salazar, Diego' });
    await card.waitFor();
    expect(await card.textContent()).toContain('Consult room 1');
    await shot(page, '02-booked');

    // And booking the same clinician at the same time again is refused, naming what clashes
    await page.getByRole('button', { name: /^Book Dr Priya Prescriber on Thu 5 Nov/ }).click();
    await book('14:30');
    await dialog(page)
      .getByText(
        'Dr Priya Prescriber is already booked 14:00-15:00 (a Consultation); Consult room 1 is already booked 14:00-15:00 (a Consultation) on 2026-11-05',
      )
      .waitFor();
    await shot(page, '03-double-booking-refused');
    await dialog(page).getByRole('button', { name: 'Close', exact: true }).first().click();

    // When the front desk moves it an hour later
    await card.getByRole('button', { name: /^Reschedule/ }).click();
    await dialog(page).getByLabel('New start').fill('2026-11-05T15:00');
    await dialog(page).getByRole('button', { name: 'Move appointment' }).click();
    await page.getByRole('article', { name: '15:00 Consultation: Salazar, Diego' }).waitFor();
    expect(problems).toEqual([]);

    // Then, 48 hours before the visit (Tuesday 15:00), the reminder arrives at the patient's mailbox
    expect(smtp.received.filter((m) => m.subject.includes('Consultation'))).toEqual([]);
    await clinic.clock.advance(5 * 60 * 60_000);
    const mail = await smtp.waitFor(
      (m) => m.to.includes('diego.salazar@example.test') && m.subject.includes('Consultation'),
      20_000,
    );
    expect(mail.subject).toBe('Reminder: your Consultation on Thursday, November 5 at 15:00');
    expect(mail.text).toContain('Hello Diego,');
    expect(mail.text).toContain('Thursday, November 5 at 15:00 (Consult room 1)');
    expect(mail.from).toBe('clinic@demo.ketaclinic.test');

    // And the admin's outbox lists it as sent, with mail set up
    const admin = await clinic.open();
    await signInToClinic(admin.page, demoEmail('admin'), DEMO_PASSWORD);
    await admin.page.goto('/admin/outbox');
    await pageHeading(admin.page).filter({ hasText: 'Outbox' }).waitFor();
    const row = admin.page
      .getByRole('row')
      .filter({ hasText: 'Reminder: your Consultation on Thursday, November 5 at 15:00' });
    await row.getByText('Sent', { exact: true }).waitFor();
    expect(await admin.page.getByText('Mail is not set up').count()).toBe(0);
    await shot(admin.page, '04-outbox');
    expect(admin.problems).toEqual([]);
  });
});
