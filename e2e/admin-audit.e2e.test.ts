/** The admin manages staff accounts, reads the audit log and verifies its hash chain. Screenshots: test-results/admin-audit/. */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { CLINICAL_PAGES, mainNavigation, pageHeading } from './support/pages.js';

import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('admin-audit');

describe('admin: staff accounts and the audit log', () => {
  const clinic = clinicInBrowser();

  it('verifies the audit chain and sees "intact"', async () => {
    // Given a signed-in admin, whose navigation includes administration
    const { page, context, problems } = await clinic.openAs('admin');
    const nav = mainNavigation(page);
    expect(await nav.getByRole('link').allTextContents()).toEqual([
      ...CLINICAL_PAGES,
      'Ledger entries',
      'Discrepancies',
      'Ledger reports',
      'Destroy stock',
      'Loss and theft reports',
      'Inventory',
      'Products and safes',
      'Staff accounts',
      'Audit log',
      'Outbox',
      'API tokens',
      'Import and export',
      'Webhooks',
      'Clinic settings',
    ]);

    // When they open the audit log, their own sign-in is in it
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await pageHeading(page).filter({ hasText: 'Audit log' }).waitFor();
    await page.getByRole('row').filter({ hasText: 'login' }).filter({ hasText: 'Alex Admin' }).first().waitFor();
    await shot(page, '01-audit-log');

    // And verify the chain
    await page.getByRole('button', { name: 'Verify chain' }).click();

    // Then it is reported intact, with the number of events checked
    const verdict = page.getByText('Chain intact');
    await verdict.waitFor();
    expect(await page.getByText(/All \d+ events were checked/).textContent()).toMatch(
      /All [1-9]\d* events were checked/,
    );
    await shot(page, '02-chain-intact');

    // Filtering by staff member narrows the list to that person
    await page.getByLabel('Staff member').selectOption({ label: 'Alex Admin' });
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /Showing \d+ events?\./ })
      .waitFor();
    const whoCells = await page
      .getByRole('row')
      .filter({ has: page.getByRole('cell') })
      .locator('td:nth-child(3)')
      .allTextContents();
    expect(whoCells.length).toBeGreaterThan(0);
    for (const who of whoCells) expect(who).toContain('Alex Admin');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists the staff accounts and adds one', async () => {
    const { page, context, problems } = await clinic.openAs('admin');
    await mainNavigation(page).getByRole('link', { name: 'Staff accounts' }).click();
    await pageHeading(page).filter({ hasText: 'Staff accounts' }).waitFor();
    await page.getByRole('rowheader', { name: 'Nora Nurse' }).waitFor();
    await shot(page, '03-staff-accounts');

    // A short password is refused beside the field
    await page.getByLabel('Name').fill('Sam Second-Nurse');
    await page.getByLabel('Email').fill('sam.nurse@demo.ketaclinic.test');
    await page.getByLabel('Role').selectOption('nurse');
    await page.getByLabel('Temporary password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use at least 10 characters.').waitFor();

    await page.getByLabel('Temporary password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Account created').waitFor();
    await page.getByRole('rowheader', { name: 'Sam Second-Nurse' }).waitFor();
    await shot(page, '04-account-created');

    // The same email again is refused by the server, and the message sits beside the email field
    await page.getByLabel('Name').fill('Sam Again');
    await page.getByLabel('Email').fill('sam.nurse@demo.ketaclinic.test');
    await page.getByLabel('Role').selectOption('nurse');
    await page.getByLabel('Temporary password').fill('a-long-enough-password');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Is already in use.').waitFor();
    expect(await page.getByLabel('Email').getAttribute('aria-invalid')).toBe('true');
    await shot(page, '05-duplicate-email');

    expect(problems).toEqual([]);
    await context.close();
  });

  it('creates an API token, sees its secret once, and revokes it after confirming', async () => {
    const { page, context, problems } = await clinic.openAs('admin');
    await mainNavigation(page).getByRole('link', { name: 'API tokens' }).click();
    await pageHeading(page).filter({ hasText: 'API tokens' }).waitFor();

    // When the admin creates a token for a laboratory system with the default scopes
    const form = page.getByRole('form', { name: 'Create a token' });
    await form.getByLabel('Name').fill('Lab results system');
    await form.getByLabel('Role').selectOption('nurse');
    await form.getByRole('button', { name: 'Create token' }).click();

    // Then its secret is shown this once, and the token is listed as active with its scopes
    await form.getByText('Token created').waitFor();
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Lab results system' }) });
    await row.getByText('Active').waitFor();
    expect(await row.textContent()).toContain('system/Patient.rs');
    await shot(page, '06-token-created');

    // Revoking asks first; Cancel leaves it active
    await page.getByRole('button', { name: 'Revoke Lab results system' }).click();
    const confirm = page.getByRole('alertdialog');
    await confirm.getByText('Revoke “Lab results system”? Systems using it are refused at once.').waitFor();
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    await row.getByText('Active').waitFor();

    // Confirmed, it is revoked and can no longer be revoked again
    await page.getByRole('button', { name: 'Revoke Lab results system' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Yes, revoke' }).click();
    await row.getByText('Revoked').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke Lab results system' }).count()).toBe(0);
    await shot(page, '07-token-revoked');

    expect(problems).toEqual([]);
    await context.close();
  });
});
