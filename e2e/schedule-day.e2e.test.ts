/**
 * The day view of the chair schedule (issue 4), as the demo front desk uses it in the morning:
 * - today's sessions of the demo clinic in their chairs' columns, in time order, each with its patient, treatment,
 *   chair time (treatment, then monitoring) and the nurse assigned;
 * - each session's reminders as the API gives them: Tomasz Nowicki's ride home is still missing, the front desk
 *   confirms it, and it is no longer missing (after a reload too); esketamine's fasting instruction is listed;
 * - the staff filter (?staff=, shared with the week view), previous/next day and back to today;
 * - on a phone the chairs become one list, and nothing is wider than the screen.
 * Screenshots: test-results/schedule-day/.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { screenshots } from './support/browser.js';
import { pageHeading, signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

const shot = screenshots('schedule-day');

const chairColumn = (page: Page, chair: string) => page.getByRole('region', { name: chair, exact: true });
const sessionNames = (page: Page, chair: string) =>
  chairColumn(page, chair)
    .getByRole('article')
    .evaluateAll((articles) => articles.map((a) => a.getAttribute('aria-label')));
const statusLine = (page: Page) => page.getByRole('status').filter({ hasText: /session/ });

describe('the day view of the chair schedule', () => {
  const clinic = clinicInBrowser();

  it("shows today's sessions per chair with what is missing, and the front desk confirms a ride home", async () => {
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('front_desk'), DEMO_PASSWORD);

    // Given the week calendar, the front desk opens today's day view from it
    await page.goto('/schedule');
    await pageHeading(page).filter({ hasText: 'Schedule' }).waitFor();
    await page.getByRole('link', { name: 'Day view' }).click();
    await pageHeading(page).filter({ hasText: 'Day schedule' }).waitFor();
    expect(page.url()).toMatch(/\/schedule\/day\?date=\d{4}-\d{2}-\d{2}$/);
    const today = new URL(page.url()).searchParams.get('date') ?? '';
    expect(await page.getByText('(today)').count()).toBe(1);

    // Then each chair is a column with the day's sessions in time order
    await chairColumn(page, 'Chair 1').getByRole('article').first().waitFor();
    expect(await sessionNames(page, 'Chair 1')).toEqual(['09:00 Salazar, Diego', '11:00 Nowicki, Tomasz']);
    expect(await sessionNames(page, 'Chair 2')).toEqual(['08:45 Oyelaran, Hannah']);
    expect(await sessionNames(page, 'Chair 3')).toEqual(['08:20 Marquez, Sofia']);

    // Each with its treatment, its chair time including monitoring, and the staff member assigned
    const nowicki = chairColumn(page, 'Chair 1').getByRole('article', { name: '11:00 Nowicki, Tomasz' });
    const nowickiText = (await nowicki.textContent()) ?? '';
    expect(nowickiText).toContain('IV ketamine');
    expect(nowickiText).toMatch(/Treatment 11:00–\d\d:\d\d, monitoring \d\d:\d\d–\d\d:\d\d/);
    expect(nowickiText).toContain('Staff: Nora Nurse');

    // And his ride home is listed as missing, with a Confirm button for the front desk
    const nowickiRide = nowicki
      .getByRole('region', { name: 'Before the session: Nowicki, Tomasz' })
      .getByRole('listitem')
      .filter({ hasText: 'Ride home confirmed' });
    await nowickiRide.getByText('Missing', { exact: true }).waitFor();
    // Esketamine's fasting instruction (no food 2 h, no liquids 30 min) is among Hannah Oyelaran's reminders
    const oyelaran = chairColumn(page, 'Chair 2').getByRole('article', { name: '08:45 Oyelaran, Hannah' });
    await oyelaran.getByText('Fasting instructions acknowledged (no food 2 h, no liquids 30 min)').waitFor();
    expect(
      await oyelaran
        .getByRole('listitem')
        .filter({ hasText: 'Ride home confirmed' })
        .getByText('Confirmed', { exact: true })
        .count(),
    ).toBe(1);
    const before = await statusLine(page).textContent();
    expect(before).toMatch(/still missing a reminder/);
    await shot(page, '01-day-view');

    // When the front desk confirms Tomasz Nowicki's ride home
    await nowickiRide.getByRole('button', { name: 'Confirm: Ride home confirmed for Tomasz Nowicki' }).click();

    // Then it is no longer missing, and stays confirmed after a reload
    await nowickiRide.getByText('Confirmed', { exact: true }).waitFor();
    expect(await nowickiRide.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
    await page.reload();
    await nowickiRide.getByText('Confirmed', { exact: true }).waitFor();
    expect(await nowickiRide.getByText('Missing', { exact: true }).count()).toBe(0);
    await shot(page, '02-ride-home-confirmed');
    // The session's details (the week view's dialog) agree
    await nowicki.getByRole('button', { name: 'Details: 11:00 Nowicki, Tomasz' }).click();
    const dialog = page.getByRole('dialog');
    await dialog
      .getByRole('region', { name: 'Before the session' })
      .getByRole('listitem')
      .filter({ hasText: 'Ride home confirmed' })
      .getByText('Confirmed', { exact: true })
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // The staff filter: the nurse has all four sessions; the therapist has none today
    await page.getByLabel('Staff member').selectOption({ label: 'Nora Nurse' });
    await page.waitForURL(/staff=/);
    await statusLine(page)
      .filter({ hasText: /^4 sessions/ })
      .waitFor();
    await page.getByLabel('Staff member').selectOption({ label: 'Theo Therapist' });
    await statusLine(page)
      .filter({ hasText: /^0 sessions/ })
      .waitFor();
    expect(await chairColumn(page, 'Chair 1').getByText('No sessions.').count()).toBe(1);
    await page.getByLabel('Staff member').selectOption({ label: 'Everyone' });
    await statusLine(page)
      .filter({ hasText: /^4 sessions/ })
      .waitFor();

    // Previous day, next day and back to today move through the address
    await page.getByRole('button', { name: 'Previous day' }).click();
    await page.waitForURL(/date=/);
    const yesterday = new URL(page.url()).searchParams.get('date') ?? '';
    expect(yesterday < today).toBe(true);
    // The address changes before React renders the new day, so wait for the page rather than read it at once
    await page.getByText('(today)').waitFor({ state: 'detached' });
    await page.getByRole('button', { name: 'Next day' }).click();
    await page.getByText('(today)').waitFor();
    await page.getByRole('button', { name: 'Next day' }).click();
    await page.getByRole('button', { name: 'Today', exact: true }).click();
    await page.getByText('(today)').waitFor();
    expect(new URL(page.url()).searchParams.get('date')).toBeNull();

    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows a therapist what is missing without a Confirm button (confirming needs schedule:write)', async () => {
    const { page, context, problems } = await clinic.open();
    await signInToClinic(page, demoEmail('therapist'), DEMO_PASSWORD);
    await page.goto('/schedule/day');
    const nowicki = chairColumn(page, 'Chair 1').getByRole('article', { name: '11:00 Nowicki, Tomasz' });
    await nowicki
      .getByRole('listitem')
      .filter({ hasText: 'Fasting instructions acknowledged' })
      .getByText('Missing', { exact: true })
      .waitFor();
    // Diego Salazar, infusing, had his preparation confirmed before he came (and his ride home recorded at check-in)
    const salazar = chairColumn(page, 'Chair 1').getByRole('article', { name: '09:00 Salazar, Diego' });
    await salazar
      .getByRole('listitem')
      .filter({ hasText: 'Fasting instructions acknowledged' })
      .getByText('Confirmed', { exact: true })
      .waitFor();
    expect(await salazar.getByText('Missing', { exact: true }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Confirm/ }).count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('lists the chairs one under another on a phone, nothing wider than the screen', async () => {
    const { page, context, problems } = await clinic.open({ width: 390, height: 844 });
    await signInToClinic(page, demoEmail('front_desk'), DEMO_PASSWORD);
    await page.goto('/schedule/day');
    await pageHeading(page).filter({ hasText: 'Day schedule' }).waitFor();
    const salazar = chairColumn(page, 'Chair 1').getByRole('article', { name: '09:00 Salazar, Diego' });
    await salazar.waitFor();
    const oyelaran = chairColumn(page, 'Chair 2').getByRole('article', { name: '08:45 Oyelaran, Hannah' });
    // One column: Chair 2 starts below Chair 1, at the same left edge
    const [one, two] = await Promise.all([
      chairColumn(page, 'Chair 1').boundingBox(),
      chairColumn(page, 'Chair 2').boundingBox(),
    ]);
    expect(two!.y).toBeGreaterThan(one!.y + one!.height - 1);
    expect(Math.abs(two!.x - one!.x)).toBeLessThan(2);
    await oyelaran.getByText('Fasting instructions acknowledged (no food 2 h, no liquids 30 min)').waitFor();
    expect(Number(await page.evaluate('document.documentElement.scrollWidth'))).toBeLessThanOrEqual(390);
    await shot(page, 'phone-01-day-view');
    expect(problems).toEqual([]);
    await context.close();
  });
});
