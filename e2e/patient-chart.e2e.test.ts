/**
 * The chart at a glance (issue 14): a prescriber opens a patient in maintenance and sees, above everything else,
 * the plan and its phase, the next appointment and the latest PHQ-9 with its direction; the sessions are listed
 * with their state, and the section links jump to a section instead of a long scroll. On a phone the sections are
 * folded under their headings, so the header and the next session fill the first screen.
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
    // Given the demo prescriber, and Sofia Marquez: IV ketamine induction held, today's booster dosed (booked at 08:20,
    // before the browser tests' 10:00 start) and her next maintenance session booked at 11:00 on its planned date
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
    await next.filter({ hasText: /\d{1,2} (Nov|Dec) 2026/ }).waitFor();
    expect(await next.textContent()).not.toMatch(/\b3 Nov 2026/);
    expect(await next.textContent()).toMatch(/11:00|11:00 am/i);
    await scores.filter({ hasText: /PHQ-9 \d+/ }).waitFor();
    expect(await scores.textContent()).toMatch(/(down|up) from \d+|unchanged|first score/);
    await header.getByText(/Current: Intravenous ketamine/).waitFor();
    await shot(page, '01-header');

    // And the sessions section lists the held induction sessions and the upcoming booster
    await page
      .getByRole('navigation', { name: 'Sections of the record' })
      .getByRole('link', { name: 'Sessions' })
      .click();
    const sessions = page.getByRole('region', { name: 'Sessions' });
    await sessions.getByRole('row').filter({ hasText: 'Booked' }).first().waitFor();
    expect(await sessions.getByRole('row').filter({ hasText: 'Held' }).count()).toBeGreaterThan(0);
    await shot(page, '02-sessions');
    expect(problems).toEqual([]);
  });

  it('on a phone, shows the header and the next session on the first screen, with the sections folded', async () => {
    const { page, problems, context } = await clinic.open({ width: 390, height: 844 });
    await signInToClinic(page, demoEmail('prescriber'), DEMO_PASSWORD);
    const found = (await (await page.request.get('/api/patients?q=marquez')).json()) as {
      items: Array<{ id: string }>;
    };
    await page.goto(`/patients/${found.items[0]!.id}`);
    await pageHeading(page).filter({ hasText: 'Sofia Marquez' }).waitFor();

    // The patient header, with the next session, ends inside the first screen; every section is folded
    const header = page.getByRole('region', { name: 'Patient at a glance' });
    await header
      .getByRole('definition')
      .nth(1)
      .filter({ hasText: /\d{1,2} (Nov|Dec) 2026/ })
      .waitFor();
    const box = (await header.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(844);
    const sessionsToggle = page.getByRole('button', { name: 'Sessions', exact: true });
    expect(await sessionsToggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByRole('region', { name: 'Sessions' }).getByRole('row').count()).toBe(0);
    // and the section links are one row across the screen, not a block of lines
    const links = (await page.getByRole('navigation', { name: 'Sections of the record' }).boundingBox())!;
    expect(links.height).toBeLessThan(60);
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(page, 'phone-01-folded');

    // A section link unfolds its section and brings it into view
    await page
      .getByRole('navigation', { name: 'Sections of the record' })
      .getByRole('link', { name: 'Sessions' })
      .click();
    await page
      .getByRole('region', { name: 'Sessions' })
      .getByRole('row')
      .filter({ hasText: 'Booked' })
      .first()
      .waitFor();
    expect(await sessionsToggle.getAttribute('aria-expanded')).toBe('true');
    // and its heading folds it again
    await sessionsToggle.click();
    await expect.poll(() => page.getByRole('region', { name: 'Sessions' }).getByRole('row').count()).toBe(0);
    await shot(page, 'phone-02-section-folded-again');
    expect(problems).toEqual([]);
    await context.close();
  });
});
