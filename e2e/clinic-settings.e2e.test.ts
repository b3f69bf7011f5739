/**
 * The admin sets how the clinic's pages show dates and times (issue 14): locale, 12- or 24-hour clock, time zone.
 * A refused value is named beside its field and nothing is saved; a saved change names what was saved, reaches
 * GET /api/auth/me and changes the format on the other pages at once. Screenshots: test-results/clinic-settings/.
 */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('clinic-settings');

describe('admin: the clinic settings page', () => {
  const clinic = clinicInBrowser();

  it('changes the locale and the clock, and names a refused time zone beside its field', async () => {
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('admin'), DEMO_PASSWORD);
    const me = async () =>
      (
        (await (await page.request.get('/api/auth/me')).json()) as {
          clinic: { locale: string; hourCycle: string; timeZone: string };
        }
      ).clinic;
    const before = await me();

    // Given the admin on Clinic settings, showing the clinic's current values (the browser tests' clinic: en-GB, 24 hours)
    await page
      .getByRole('navigation', { name: 'Main navigation' })
      .getByRole('link', { name: 'Clinic settings' })
      .click();
    await pageHeading(page).filter({ hasText: 'Clinic settings' }).waitFor();
    expect(await page.getByLabel('Locale').inputValue()).toBe('en-GB');
    expect(await page.getByRole('radio', { name: /24-hour/ }).isChecked()).toBe(true);
    expect(await page.getByLabel('Time zone').inputValue()).toBe(before.timeZone);
    await page.getByText('Example: 5 Dec 2026, 21:42').waitFor();
    await shot(page, '01-current');

    // When they type a time zone that does not exist, the server's 400 is shown beside that field, and nothing changes
    await page.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Must be an IANA time zone such as America/New_York.').waitFor();
    expect(await page.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    expect(await me()).toEqual(before);
    await shot(page, '02-time-zone-refused');

    // When they choose US English and a 12-hour clock (and put the zone back), the example follows before saving
    await page.getByLabel('Time zone').fill(before.timeZone);
    await page.getByLabel('Locale').selectOption('en-US');
    await page.getByRole('radio', { name: /12-hour/ }).check();
    await page.getByText('Example: Dec 5, 2026, 9:42 PM').waitFor();
    await page.getByRole('button', { name: 'Save settings' }).click();

    // Then the page says which settings were saved, and the session reports them
    await page.getByRole('status').filter({ hasText: 'Saved: locale, clock.' }).waitFor();
    expect(await me()).toEqual({ ...before, locale: 'en-US', hourCycle: 'h12' });
    await shot(page, '03-saved');

    // And the audit log (another page) now shows its times on a 12-hour clock
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' }).click();
    await page.getByRole('row').filter({ hasText: 'Alex Admin' }).first().waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'Alex Admin' }).first().textContent()).toMatch(
      /\d{1,2}:\d{2}\s?[AP]M/,
    );

    expect(problems).toEqual([]);
    await context.close();
  });

  it('is not offered to a nurse, and the API refuses the nurse a change', async () => {
    const { page, context } = await clinic.open();
    await signInToClinic(page, demoEmail('nurse'), DEMO_PASSWORD);
    expect(
      await page
        .getByRole('navigation', { name: 'Main navigation' })
        .getByRole('link', { name: 'Clinic settings' })
        .count(),
    ).toBe(0);
    const csrf = ((await (await page.request.get('/api/auth/me')).json()) as { csrfToken: string }).csrfToken;
    const response = await page.request.put('/api/clinic/care-settings', {
      data: { hourCycle: 'h12' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(response.status()).toBe(403);
    await context.close();
  });
});
