/**
 * The set-up every browser test shares: one Ketaclinic server (a fresh demo clinic on a controlled clock) and one
 * Chromium for the file, started together before its tests and closed after them.
 *
 *   const clinic = clinicInBrowser();                      // or clinicInBrowser({ clock }) to move time by hand
 *   it('…', async () => {
 *     const { page, context, problems } = await clinic.open();   // a fresh browser context following the clock
 *     const nurse = await clinic.openAs('nurse');                 // the same, signed in as the demo nurse
 *     await clinic.clock.advance(5 * 60_000);                     // server and every open page, together
 *   });
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, type BrowserSession } from './browser.js';
import { advanceKeepingSignedIn, signInToClinic } from './pages.js';
import { DEMO_PASSWORD, demoEmail, startTestServer, type DemoRole, type E2EClock, type TestServer } from './server.js';

export interface ClinicInBrowser {
  readonly server: TestServer;
  readonly browser: Browser;
  readonly clock: E2EClock;
  /** A fresh context (its own cookies) on the server; desktop size unless a viewport is given. */
  open(viewport?: { width: number; height: number }): Promise<BrowserSession>;
  /** A fresh context signed in as the demo clinic's `role` (with the demo password), on its home page. */
  openAs(role: DemoRole, viewport?: { width: number; height: number }): Promise<BrowserSession>;
}

/** `env`: more server settings, read when the server starts (after the file's earlier beforeAll hooks, e.g. a test SMTP server). */
export function clinicInBrowser(
  options: {
    clock?: E2EClock;
    prepare?: (server: TestServer) => Promise<void>;
    env?: () => Readonly<Record<string, string>>;
  } = {},
): ClinicInBrowser {
  let server: TestServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({
        ...(options.clock ? { clock: options.clock } : {}),
        ...(options.env ? { env: options.env() } : {}),
      }),
      launchBrowser(),
    ]);
    await options.prepare?.(server);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  const started = <T>(value: T | undefined): T => {
    if (value === undefined)
      throw new Error('The browser test has not started its server and browser yet (use them inside a test or hook).');
    return value;
  };
  return {
    get server() {
      return started(server);
    },
    get browser() {
      return started(browser);
    },
    get clock() {
      return started(server).clock;
    },
    open(viewport) {
      return openPage(started(browser), started(server), viewport);
    },
    async openAs(role, viewport) {
      const session = await openPage(started(browser), started(server), viewport);
      await signInToClinic(session.page, demoEmail(role), DEMO_PASSWORD);
      return session;
    },
  };
}

/**
 * A nurse and a prescriber at the chair, each in a browser of their own, both signed in. `advance` moves the clinic's
 * clock (server and both pages) by whole minutes, keeping both signed in as their polling screens would.
 */
export async function nurseAndPrescriber(clinic: ClinicInBrowser, clock: E2EClock) {
  const nurse = await clinic.openAs('nurse');
  const prescriber = await clinic.openAs('prescriber');
  return {
    nurse,
    prescriber,
    advance: (minutes: number) => advanceKeepingSignedIn(clock, [nurse, prescriber], minutes),
  };
}
