/** Small page models: the steps every spec shares, written with roles and labels as a user would find them. */
import { expect } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import type { BrowserSession } from './browser.js';
import type { E2EClock } from './server.js';

export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in and waits for the clinic shell (its navigation) to appear. */
export async function signInToClinic(page: Page, email: string, password: string): Promise<void> {
  await signIn(page, email, password);
  await mainNavigation(page).waitFor();
}

/**
 * The first entries of the main navigation, in order, for the admin and the nurse alike: the specs
 * that check a role's whole navigation list spell out what follows these.
 */
export const CLINICAL_PAGES = [
  'Patients',
  'Outcomes',
  'Schedule',
  'Clinic board',
  'SPRAVATO REMS',
  'Stock overview',
  'Session doses',
] as const;

/** The app's main navigation (the side bar every signed-in page has). */
export function mainNavigation(page: Page): Locator {
  return page.getByRole('navigation', { name: 'Main navigation' });
}

/** The page's one <h1>. */
export function pageHeading(page: Page) {
  return page.getByRole('heading', { level: 1 });
}

/** Opens a select-like input and picks one of its options. */
export async function chooseOption(page: Page, input: Locator, option: string | RegExp): Promise<void> {
  await input.click();
  await page.getByRole('option', { name: option }).click();
}

/**
 * Moves the clock (server and pages) on by `minutes` in steps shorter than the clinic's 15-minute idle sign-out,
 * each followed by a request that keeps every staff session alive, as a nurse's polling screen would.
 */
export async function advanceKeepingSignedIn(
  clock: E2EClock,
  sessions: readonly BrowserSession[],
  minutes: number,
): Promise<void> {
  for (let left = minutes; left > 0; left -= 10) {
    await clock.advance(Math.min(10, left) * 60_000);
    for (const s of sessions) expect((await s.context.request.get('/api/auth/me')).status()).toBe(200);
  }
}

/**
 * Ends a spec's browser sessions: each must have run without a page error, a console error or a 5xx, then its
 * context is closed.
 */
export async function closeCleanly(...sessions: readonly BrowserSession[]): Promise<void> {
  for (const s of sessions) expect(s.problems).toEqual([]);
  for (const s of sessions) await s.context.close();
}

/** A prescriber acknowledges each checklist warning in turn, with a reason, until none is left (at most 6). */
export async function acknowledgeEveryWarning(page: Page, warnings: Locator): Promise<void> {
  let acknowledged = 0;
  while ((await warnings.count()) > 0) {
    await warnings.first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Reason').fill('Reviewed with the patient at the chair; safe to proceed today.');
    await dialog.getByRole('button', { name: 'Acknowledge warning', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });
    acknowledged += 1;
    if (acknowledged > 6) throw new Error('the warnings do not go away when acknowledged');
  }
}

/**
 * The nurse stops the infusion (through its confirmation), records the patient stable with a ride home, and gets the
 * list of what still blocks discharge, which already names the clinic's 30-minute minimum after the infusion.
 */
export async function stopInfusionAndReadDischargeBlocks(page: Page): Promise<Locator> {
  await page.getByRole('button', { name: 'Stop infusion' }).click();
  await page.getByRole('dialog', { name: 'Stop the infusion?' }).getByRole('button', { name: 'Stop infusion' }).click();
  await page.getByText(/Stopped \d\d:\d\d/).waitFor();
  await page.getByLabel('Clinically stable (assessed now)').check();
  await page.getByLabel('Ride home present').check();
  const why = page.getByRole('list', { name: 'Why discharge is blocked' });
  await why.getByText(/of the clinic's minimum 30 min after the infusion ended/).waitFor();
  return why;
}

/** A chair on the treatment-day board, as GET /api/treatment-day/board answers it (the fields the specs read). */
export interface BoardChair {
  sessionId: string;
  patientInitials: string;
  modality: string;
  phase: string;
  isCheckedIn: boolean;
  openAlerts: unknown[];
  minimumMonitoringEndsAt: string | null;
  waitingFor?: { message: string } | null;
}

export interface TreatmentBoard {
  date: string;
  timeZone: string;
  chairs: BoardChair[];
}

/** Today's treatment-day board, read with the browser's own cookies. */
export async function treatmentBoard(context: BrowserContext): Promise<TreatmentBoard> {
  return (await (await context.request.get('/api/treatment-day/board')).json()) as TreatmentBoard;
}

/** Writes as the web app does: same cookies, and the CSRF token from /api/auth/me. */
export async function postAsWebApp(
  context: BrowserContext,
  url: string,
  data: unknown,
): Promise<{ status: number; body: string }> {
  const me = (await (await context.request.get('/api/auth/me')).json()) as { csrfToken: string };
  const response = await context.request.post(url, { data, headers: { 'x-csrf-token': me.csrfToken } });
  return { status: response.status(), body: await response.text() };
}
