/** Roles see only their pages: a nurse who opens an admin address is told plainly, and the API refuses too. Screenshots: test-results/nurse-admin-access/. */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { CLINICAL_PAGES, mainNavigation, pageHeading } from './support/pages.js';

import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('nurse-admin-access');

describe('a nurse and the admin pages', () => {
  const clinic = clinicInBrowser();

  it('has no admin entries in the navigation, and an admin address says "You do not have access to this page"', async () => {
    // Given a signed-in nurse
    const { page, context, problems } = await clinic.openAs('nurse');
    const nav = mainNavigation(page);
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      ...CLINICAL_PAGES,
      'Receive stock',
      'Count stock',
      'Move or return stock',
      'Ledger entries',
      'Discrepancies',
      'Ledger reports',
      'Loss and theft reports',
      'Products and safes',
    ]);
    await page.getByRole('banner').getByText('Nora Nurse').waitFor();
    await shot(page, '01-nurse-navigation');

    // When she opens the audit log's address directly
    await page.goto('/admin/audit');

    // Then the page says she has no access, inside the usual shell
    await pageHeading(page).filter({ hasText: 'No access' }).waitFor();
    await page.getByRole('alert').filter({ hasText: 'You do not have access to this page' }).waitFor();
    expect(await page.title()).toBe('No access · Ketaclinic');
    await shot(page, '02-audit-log-refused');

    // The keyboard's first stop is the skip link, which jumps past the header and navigation
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to main content' });
    expect(await skip.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await shot(page, '02b-skip-link-focused');
    await page.keyboard.press('Enter');
    expect(await page.locator('main').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);

    await page.goto('/admin/users');
    await page.getByRole('alert').filter({ hasText: 'You do not have access to this page' }).waitFor();
    await shot(page, '03-users-refused');

    // And the server refuses the data itself, whatever the page does
    expect((await context.request.get('/api/audit')).status()).toBe(403);
    expect((await context.request.get('/api/users')).status()).toBe(403);
    expect((await context.request.get('/api/audit/verify')).status()).toBe(403);

    // The link back leads to her start page
    await page.getByRole('link', { name: 'Go to the start page' }).click();
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
