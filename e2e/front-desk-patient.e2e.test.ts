/**
 * The front desk's day: sign in, register a patient, edit them, find them again by search, open the record,
 * sign out. Screenshots: test-results/front-desk-patient/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshots } from './support/browser.js';
import { pageHeading, signIn, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('front-desk-patient');

/** The page's full scroll width in CSS pixels (wider than the viewport means sideways scrolling). */
const pageWidth = async (page: Page) => Number(await page.evaluate('document.documentElement.scrollWidth'));

describe('front desk registers and finds a patient', () => {
  const clinic = clinicInBrowser();

  it('signs in, creates a patient, finds them by search, opens the record and signs out', async () => {
    const { page, context, problems } = await clinic.open();

    // Given a signed-out visitor, the app sends them to sign-in
    await page.goto('/');
    await page.waitForURL('**/sign-in');
    await pageHeading(page).filter({ hasText: 'Sign in' }).waitFor();
    expect(await page.title()).toBe('Sign in · Ketaclinic');
    await shot(page, '01-sign-in');

    // When the front desk signs in, they land on the patient list, in the demo clinic's shell
    await signIn(page, demoEmail('front_desk'), DEMO_PASSWORD);
    await page.waitForURL('**/patients');
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();
    const header = page.getByRole('banner');
    await header.getByText('Demo Clinic').waitFor();
    await header.getByText('Fran Frontdesk').waitFor();
    await header.getByText('Front desk', { exact: true }).waitFor();
    await page.getByRole('status').filter({ hasText: '20 patients in this clinic.' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Main navigation' });
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Patients', 'Schedule', 'Clinic board']);
    await shot(page, '02-patient-list');

    // The new-patient form refuses an empty submission and says why, beside each field
    await page.getByRole('link', { name: 'New patient' }).click();
    await pageHeading(page).filter({ hasText: 'New patient' }).waitFor();
    await page.getByRole('button', { name: 'Register patient' }).click();
    await page.getByText('Enter the given (first) name.').waitFor();
    expect(await page.getByLabel('Given name').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '03-new-patient-errors');

    // When they fill it in and register
    await page.getByLabel('Given name').fill('Quinn');
    await page.getByLabel('Family name').fill('Testerman');
    await page.getByLabel('Date of birth').fill('1990-04-15');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Phone').fill('+1 555 0100');
    await page.getByLabel('Email').fill('quinn@example.test');
    await page.getByLabel('City').fill('Springfield');
    await shot(page, '04-new-patient-filled');
    await page.getByRole('button', { name: 'Register patient' }).click();

    // Then the record opens, with a generated MRN
    await pageHeading(page).filter({ hasText: 'Quinn Testerman' }).waitFor();
    await page.getByText('Patient registered').waitFor();
    const patientUrl = page.url();
    const mrn =
      (await page.locator('dt', { hasText: 'MRN' }).locator('xpath=following-sibling::dd[1]').textContent())?.trim() ??
      '';
    expect(mrn).toMatch(/\S+/);
    await page.getByRole('cell', { name: 'Registered' }).waitFor();
    await shot(page, '05-patient-created');

    // When they edit the phone number, the change is saved as version 2 and shows in the history
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByLabel('Phone').fill('+1 555 0199');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved').waitFor();
    await page.getByText('+1 555 0199').first().waitFor();
    await page.getByRole('row').filter({ hasText: 'Fran Frontdesk' }).filter({ hasText: 'Phone:' }).waitFor();
    await shot(page, '06-patient-edited');

    // When they search the list by name, by MRN and by date of birth, the patient is found each time
    await nav.getByRole('link', { name: 'Patients' }).click();
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();
    const search = page.getByRole('searchbox', { name: 'Search patients' });
    for (const term of ['Testerman', mrn, '1990-04-15']) {
      await search.fill(term);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page
        .getByRole('status')
        .filter({ hasText: `1 patient matches “${term}”.` })
        .waitFor();
    }
    await search.fill('Testerman');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('status').filter({ hasText: '1 patient matches “Testerman”.' }).waitFor();
    await shot(page, '07-search-results');

    // And opening the result shows the record
    await page.getByRole('link', { name: 'Testerman, Quinn' }).click();
    await pageHeading(page).filter({ hasText: 'Quinn Testerman' }).waitFor();
    expect(page.url()).toBe(patientUrl);
    await page.getByText('Springfield').waitFor();
    await shot(page, '08-patient-opened');

    // When they sign out, they are back at sign-in and the record is out of reach
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/sign-in');
    await page.getByText('You have signed out').waitFor();
    await shot(page, '09-signed-out');
    await page.goto(patientUrl);
    await page.waitForURL('**/sign-in');
    await pageHeading(page).filter({ hasText: 'Sign in' }).waitFor();
    expect((await context.request.get('/api/patients')).status()).toBe(401);

    expect(problems).toEqual([]);
    await context.close();
  });

  it('stops a second editor from overwriting a change they have not seen', async () => {
    const first = await clinic.open();
    const second = await clinic.open();
    await signInToClinic(first.page, demoEmail('front_desk'), DEMO_PASSWORD);
    await signInToClinic(second.page, demoEmail('nurse'), DEMO_PASSWORD);

    // Given two staff members with the same record open for editing
    for (const { page } of [first, second]) {
      await page.getByRole('searchbox', { name: 'Search patients' }).fill('Okafor');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByRole('link', { name: 'Okafor, Marcus' }).click();
      await page.getByRole('button', { name: 'Edit details' }).click();
    }

    // When the first saves a change
    await first.page.getByLabel('Phone').fill('555 0001');
    await first.page.getByRole('button', { name: 'Save changes' }).click();
    await first.page.getByText('Changes saved').waitFor();

    // Then the second's save is refused, with the way forward, and nothing of the first change is lost
    await second.page.getByLabel('Phone').fill('555 0002');
    await second.page.getByRole('button', { name: 'Save changes' }).click();
    await second.page.getByRole('alert').filter({ hasText: 'Someone else changed this record' }).waitFor();
    await shot(second.page, '10-edit-conflict');
    await second.page.getByRole('button', { name: 'Load the latest version' }).click();
    // The reload is a fetch: wait for the form to show the first editor's change rather than read it at once.
    await expect.poll(() => second.page.getByLabel('Phone').inputValue(), { timeout: 10_000 }).toBe('555 0001');
    await second.page.getByLabel('Phone').fill('555 0002');
    await second.page.getByRole('button', { name: 'Save changes' }).click();
    await second.page.getByText('This is now version 3 of the record.').waitFor();
    await shot(second.page, '11-edit-after-conflict');

    for (const session of [first, second]) {
      expect(session.problems).toEqual([]);
      await session.context.close();
    }
  });

  it('fits a phone screen, with the navigation behind a menu button', async () => {
    const { page, context, problems } = await clinic.open({ width: 390, height: 844 });
    await signIn(page, demoEmail('front_desk'), DEMO_PASSWORD);
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();
    await page.getByRole('status').filter({ hasText: 'patients in this clinic.' }).waitFor();
    // Patients show as a list of cards, and nothing is wider than the screen
    await page.getByRole('list', { name: 'Patients' }).getByRole('link', { name: 'Lindqvist, Avery' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-01-patient-list');

    const menu = page.getByRole('button', { name: 'Open navigation' });
    expect(await menu.getAttribute('aria-expanded')).toBe('false');
    await menu.click();
    await page.getByRole('button', { name: 'Close navigation' }).waitFor();
    const phoneNav = page.getByRole('navigation', { name: 'Main navigation' });
    await phoneNav.getByRole('link', { name: 'Patients' }).waitFor({ state: 'visible' });
    // Let the navigation finish sliding in before the screenshot
    await expect.poll(async () => (await phoneNav.boundingBox())?.x, { timeout: 5_000 }).toBe(0);
    await shot(page, 'phone-02-navigation-open');

    await phoneNav.getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('button', { name: 'Open navigation' }).waitFor();
    await page.getByRole('link', { name: 'New patient' }).click();
    await pageHeading(page).filter({ hasText: 'New patient' }).waitFor();
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-03-new-patient');

    expect(problems).toEqual([]);
    await context.close();
  });
});
