/**
 * Patient self-intake (issue 14): the front desk creates a single-use link on a new patient's record; the patient
 * fills in contacts, medicines, an allergy and an earlier antidepressant on a phone and signs the consent; the front
 * desk accepts the registration and a nurse (a clinician) accepts the health history into the intake.
 * Screenshots: test-results/self-intake/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('self-intake');
const PHONE = { width: 390, height: 844 };

const pageWidth = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth'));

async function openPatient(page: Page, search: string, listName: string, fullName: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Patients' }).click();
  await page.getByRole('searchbox', { name: 'Search patients' }).fill(search);
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await page.getByRole('link', { name: listName }).click();
  await pageHeading(page).filter({ hasText: fullName }).waitFor();
}

describe('patient self-intake through a single-use link', () => {
  const clinic = clinicInBrowser();

  it('lets a patient complete the intake on a phone, and staff accept it into the record', async () => {
    // Given the front desk on the record of River Calloway (registered, no consent yet)
    const desk = await clinic.open();
    await signInToClinic(desk.page, demoEmail('front_desk'), DEMO_PASSWORD);
    await openPatient(desk.page, 'calloway', 'Calloway, River', 'River Calloway');
    const panel = desk.page.getByRole('region', { name: 'Self-intake' });

    // When she creates a self-intake link asking for the IV ketamine consent
    await panel.getByLabel('Consent for the patient to sign').selectOption('iv-ketamine');
    await panel.getByRole('button', { name: 'Create self-intake link' }).click();
    const url = await panel.getByRole('textbox', { name: 'Self-intake link' }).inputValue();
    expect(url).toMatch(/\/i\/[A-Za-z0-9_-]{20,}$/);
    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.getByText('Waiting for the patient').waitFor();

    // And the patient opens it on a phone, fills it in and signs the consent
    const phone = await clinic.open(PHONE);
    await phone.page.goto(url);
    await pageHeading(phone.page).filter({ hasText: 'Your intake for' }).waitFor();
    await phone.page.getByLabel('Mobile phone').fill('555-0161');
    await phone.page.getByRole('group', { name: 'Emergency contact' }).getByLabel('Name').fill('Morgan Calloway');
    await phone.page.getByLabel('Relationship to you').fill('sister');
    await phone.page.getByLabel('Their phone').fill('555-0162');
    await phone.page.getByLabel('Weight (kg)').fill('68');
    await phone.page.getByLabel('Medicines you take now').fill('sertraline, 150 mg daily');
    await phone.page.getByRole('textbox', { name: 'Allergies' }).fill('latex, itching');
    await phone.page.getByRole('button', { name: 'Add an antidepressant' }).click();
    const trial = phone.page.getByRole('group', { name: 'Antidepressant 1' });
    await trial.getByLabel('Medicine').fill('escitalopram');
    await trial.getByLabel('Highest dose (mg a day)').fill('20');
    await trial.getByLabel('For how many weeks').fill('10');
    await trial.getByLabel('Did it help?').selectOption('no-response');
    await phone.page
      .getByRole('region', { name: /consent/i })
      .first()
      .waitFor();
    await phone.page.getByRole('checkbox', { name: 'I have read this and I agree' }).check();
    await phone.page.getByLabel('Type your full name to sign').fill('River Calloway');
    expect(await pageWidth(phone.page)).toBeLessThanOrEqual(PHONE.width);
    await shot(phone.page, '01-patient-phone-form');
    await phone.page.getByRole('button', { name: 'Send to the clinic' }).click();
    await pageHeading(phone.page).filter({ hasText: 'Thank you' }).waitFor();
    await phone.page.getByText('Your consent is signed.', { exact: false }).waitFor();
    await shot(phone.page, '02-patient-sent');

    // Then the front desk sees the contacts (not the health history) and accepts the registration
    await desk.page.reload();
    await pageHeading(desk.page).filter({ hasText: 'River Calloway' }).waitFor();
    const review = desk.page.getByRole('region', { name: 'Self-intake' }).getByRole('article').first();
    await review.getByText('Sent by the patient').waitFor();
    await review.getByText('Phone: 555-0161').waitFor();
    await review.getByText('The patient sent a health history; clinical staff review it.').waitFor();
    expect(await review.getByRole('button', { name: 'Accept health history into the intake' }).count()).toBe(0);
    await review.getByRole('button', { name: 'Accept registration into the record' }).click();
    await review.getByText(/Accepted by Fran Frontdesk/).waitFor();
    await shot(desk.page, '03-desk-accepted-registration');

    // And a nurse reads the health history and accepts it into the intake
    const nurse = await clinic.open();
    await signInToClinic(nurse.page, demoEmail('nurse'), DEMO_PASSWORD);
    await openPatient(nurse.page, 'calloway', 'Calloway, River', 'River Calloway');
    const nurseReview = nurse.page.getByRole('region', { name: 'Self-intake' }).getByRole('article').first();
    await nurseReview.getByText('Allergies: latex (itching)').waitFor();
    await nurseReview.getByText(/escitalopram 20 mg\/day for 10 weeks/).waitFor();
    await nurseReview.getByRole('button', { name: 'Accept health history into the intake' }).click();
    await nurseReview.getByText(/Accepted by Nora Nurse/).waitFor();
    // The patient header now shows the allergy, and the consent is current
    const header = nurse.page.getByRole('region', { name: 'Patient at a glance' });
    await header.getByText('latex (itching)').waitFor();
    await header.getByText(/Current: Intravenous ketamine/).waitFor();
    await shot(nurse.page, '04-nurse-accepted-health');
    expect([...desk.problems, ...phone.problems, ...nurse.problems]).toEqual([]);
  });
});
