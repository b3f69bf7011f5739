/**
 * Two-step verification in the browser: a prescriber in a clinic that requires it enrols (QR code, setup key,
 * first code, recovery codes shown once), then signs in again with a code, and with a recovery code.
 * Screenshots: test-results/mfa/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { totp } from '../src/server/auth/totp.js';
import { screenshots } from './support/browser.js';
import { pageHeading, signIn } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('mfa');
const STEP_MS = 30_000;

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByText('You have signed out').waitFor();
}

describe('two-step verification', () => {
  const clinic = clinicInBrowser({
    // The demo clinic never asks for a second factor; a real clinic does, for admins and prescribers by default.
    prepare: async (server) => {
      await server.server.database.db.updateTable('clinic').set({ isDemo: false }).execute();
    },
  });

  it('enrols a prescriber, then signs in with a code and with a recovery code', async () => {
    const { page, context, problems } = await clinic.open();

    // Given a prescriber's first sign-in in a clinic that requires a second factor
    await signIn(page, demoEmail('prescriber'), DEMO_PASSWORD);
    await pageHeading(page).filter({ hasText: 'Set up two-step verification' }).waitFor();
    await shot(page, '01-enrol-start');

    // When they ask for the setup code, the QR code and the key as text are shown
    await page.getByRole('button', { name: 'Show my setup code' }).click();
    await page.getByRole('img', { name: 'QR code to scan with your authenticator app' }).waitFor();
    const secret = (await page.getByLabel('Setup key').textContent())?.replace(/\s/g, '') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await shot(page, '02-enrol-qr-code');

    // A wrong first code is refused beside the field
    await page.getByLabel('Code from the app').fill('000000');
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await page.getByText('Does not match the authenticator.').waitFor();

    // And the right code turns it on and shows ten recovery codes, once
    await page.getByLabel('Code from the app').fill(totp(secret, clinic.server.clock.now()));
    await page.getByRole('button', { name: 'Turn on two-step verification' }).click();
    await pageHeading(page).filter({ hasText: 'Save your recovery codes' }).waitFor();
    const codes = (
      await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents()
    ).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    const proceed = page.getByRole('button', { name: 'Continue to Ketaclinic' });
    expect(await proceed.isDisabled()).toBe(true);
    await shot(page, '03-recovery-codes');
    await page.getByLabel('I have saved my recovery codes').check();
    await proceed.click();
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();
    await signOut(page);

    // When they sign in again, the password is followed by the code step
    await signIn(page, demoEmail('prescriber'), DEMO_PASSWORD);
    await pageHeading(page).filter({ hasText: 'Two-step verification' }).waitFor();
    // Until the second step is done, patient data stays out of reach
    expect((await context.request.get('/api/patients')).status()).toBe(401);
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.getByRole('alert').filter({ hasText: 'That code is not valid.' }).waitFor();
    await shot(page, '04-verify-wrong-code');
    // (the next time step's code: the server accepts one step of drift, and it differs from the one used to enrol)
    await page
      .getByLabel('Authentication code')
      .fill(totp(secret, new Date(clinic.server.clock.now().getTime() + STEP_MS)));
    await page.getByRole('button', { name: 'Verify' }).click();
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();
    await signOut(page);

    // And a recovery code works in place of the app
    await signIn(page, demoEmail('prescriber'), DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[0] ?? '');
    await shot(page, '05-verify-recovery-code');
    await page.getByRole('button', { name: 'Verify' }).click();
    await pageHeading(page).filter({ hasText: 'Patients' }).waitFor();

    expect(problems).toEqual([]);
    await context.close();
  });
});
