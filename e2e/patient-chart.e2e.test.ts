/**
 * The chart at a glance (issue 14): a prescriber opens a patient in maintenance and sees, above everything else,
 * the plan and its phase, the next appointment and the latest PHQ-9 with its direction; the sessions are listed
 * with their state, and the section links jump to a section instead of a long scroll.
 * Screenshots: test-results/patient-chart/.
 */
import { describe, expect, it } from 'vitest';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('patient-chart');

describe('the patient header and the sessions list', () => {
  const clinic = clinicInBrowser();

  it('shows the plan, the next appointment and the latest score at the top of the record', async () => {
    // Given the demo prescriber, and Sofia Marquez: IV ketamine induction held, a booster booked today at 11:00
    const { page, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('prescriber'), DEMO_PASSWORD);

    // When she finds the patient by her name typed without its case, and opens the record
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Patients' }).click();
    await page.getByRole('searchbox', { name: 'Search patients' }).fill('marq');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByRole('link', { name: 'Marquez, Sofia' }).click();
    await pageHeading(page).filter({ hasText: 'Sofia Marquez' }).waitFor();

    // Then the header shows the plan with its phase, the next session and the latest PHQ-9 with its direction
    const header = page.getByRole('region', { name: 'Patient at a glance' });
    const plan = header.getByRole('definition').nth(0);
    const next = header.getByRole('definition').nth(1);
    const scores = header.getByRole('definition').nth(2);
    await plan.filter({ hasText: /Intravenous ketamine for mood disorders/ }).waitFor();
    await next.filter({ hasText: /3 Nov 2026/ }).waitFor();
    expect(await next.textContent()).toMatch(/11:00|11:00 am/i);
    await scores.filter({ hasText: /PHQ-9 \d+/ }).waitFor();
    expect(await scores.textContent()).toMatch(/(down|up) from \d+|unchanged|first score/);
    await header.getByText(/Current: Intravenous ketamine/).waitFor();
    await shot(page, '01-header');

    // And the sessions section lists the held induction sessions and the upcoming booster
    await page.getByRole('navigation', { name: 'Sections of the record' }).getByRole('link', { name: 'Sessions' }).click();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByRole('row').filter({ hasText: 'Booked' }).first().waitFor();
    expect(await sessions.getByRole('row').filter({ hasText: 'Held' }).count()).toBeGreaterThan(0);
    await shot(page, '02-sessions');
    expect(problems).toEqual([]);
  });
});
