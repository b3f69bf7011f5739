/** Small page models: the steps every spec shares, written with roles and labels as a user would find them. */
import type { Page } from 'playwright-core';

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
