/** A wrong password is refused with a clear message, and the user stays on the sign-in page. Screenshots: test-results/wrong-password/. */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { pageHeading, signIn } from './support/pages.js';
import { demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('wrong-password');

describe('sign-in with a wrong password', () => {
  const clinic = clinicInBrowser();

  it('shows "Email or password is incorrect." and does not sign in', async () => {
    const { page, context, problems } = await clinic.open();

    // Given the sign-in page, an empty submission names the missing fields first
    await page.goto('/sign-in');
    // A demo install says so on every page, the sign-in page included (issue 12)
    await page.getByText('Demo clinic: published passwords, not for patient data').waitFor();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Enter your email address.').waitFor();
    await page.getByText('Enter your password.').waitFor();
    await shot(page, '01-empty-fields');

    // When a known email is given with the wrong password
    await signIn(page, demoEmail('therapist'), 'not-the-password');

    // Then an alert says so, without telling whether the email exists, and the password field is cleared
    const alert = page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' });
    await alert.waitFor();
    expect(await alert.textContent()).toContain('Sign-in failed');
    expect(await page.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.getByLabel('Email').inputValue()).toBe(demoEmail('therapist'));
    expect(page.url()).toMatch(/\/sign-in$/);
    await pageHeading(page).filter({ hasText: 'Sign in' }).waitFor();
    await shot(page, '02-wrong-password');

    // An unknown email gets exactly the same answer
    await signIn(page, 'nobody@demo.ketaclinic.test', 'whatever-password');
    await page.getByRole('alert').filter({ hasText: 'Email or password is incorrect.' }).waitFor();

    // And no session was created
    expect((await context.request.get('/api/auth/me')).status()).toBe(401);
    expect(problems).toEqual([]);
    await context.close();
  });
});
