/** Small page models: the steps every spec shares, written with roles and labels as a user would find them. */
import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';
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
  await page.getByRole('navigation', { name: 'Main navigation' }).waitFor();
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
export async function advanceKeepingSignedIn(clock: E2EClock, sessions: readonly BrowserSession[], minutes: number): Promise<void> {
  for (let left = minutes; left > 0; left -= 10) {
    await clock.advance(Math.min(10, left) * 60_000);
    for (const s of sessions) expect((await s.context.request.get('/api/auth/me')).status()).toBe(200);
  }
}
