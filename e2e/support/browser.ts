/**
 * Debian's Chromium driven by playwright-core (browsers cannot be downloaded here), and screenshots written
 * to test-results/<spec>/<step>.png for review.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestServer } from './server.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/**
 * Chromium's environment: the test process's, without libfaketime. Under `npm run test:calendar` the tests run inside
 * Debian's faketime (LD_PRELOAD), which slows Chromium's many threads so much that a page load took about 30 s instead
 * of half a second. Chromium needs no fake date: every page's clock is the test's own (openPage installs it) and the
 * session cookie goes by Max-Age, which does not depend on the browser's date.
 */
function browserEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || key.startsWith('FAKETIME') || (key === 'LD_PRELOAD' && value.includes('faketime')))
      continue;
    env[key] = value;
  }
  return env;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, env: browserEnvironment() });
}

export interface BrowserSession {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors and console errors, so a test can assert the page ran cleanly (CSP violations show here). */
  readonly problems: string[];
}

/**
 * A fresh context (its own cookies) at the server's address, its clock following the server's (so the page's
 * "today" and countdowns agree with the server, whatever the machine's date); desktop size unless a viewport is given.
 */
export async function openPage(
  browser: Browser,
  server: Pick<TestServer, 'baseUrl' | 'clock'>,
  viewport = { width: 1280, height: 800 },
  options: { bypassCSP?: boolean } = {},
): Promise<BrowserSession> {
  const context = await browser.newContext({
    baseURL: server.baseUrl,
    viewport,
    locale: 'en-GB',
    timezoneId: 'UTC',
    ...(options.bypassCSP ? { bypassCSP: true } : {}),
  });
  context.setDefaultTimeout(15_000);
  await server.clock.follow(context);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    // 4xx answers (wrong password, refused role, stale version…) are part of the flows under test; the browser
    // logs them as failed resources. A 5xx, a script error or a CSP violation is a problem.
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text()))
      problems.push(`console: ${message.text()}`);
  });
  return { context, page, problems };
}

/** Returns `shot(page, step)`, which saves a full-page screenshot as test-results/<spec>/<step>.png. */
export function screenshots(spec: string): (page: Page, step: string) => Promise<string> {
  const folder = path.join(projectRoot, 'test-results', spec);
  mkdirSync(folder, { recursive: true });
  return async (page, step) => {
    const file = path.join(folder, `${step}.png`);
    // A full-page capture of a scrolled page draws the fixed header mid-page: capture from the top.
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: file, fullPage: true });
    return file;
  };
}
