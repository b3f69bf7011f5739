/**
 * A real Ketaclinic server for browser tests: in this process, on an ephemeral loopback port, on a fresh
 * in-memory PGlite database with the demo clinic seeded. It serves the built web app from dist/web (built
 * here with Vite's API if `npm run build:web` has not run).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/server/config/config.js';
import { openMigratedPglite } from '../../src/server/testing/pglite-template.js';
import { startServer, type StartedServer } from '../../src/server/start.js';
import { sql } from 'kysely';
import type { BrowserContext } from 'playwright-core';

export const DEMO_PASSWORD = 'demo-password';

/** The demo clinic's staff accounts, one a role. */
export type DemoRole = 'admin' | 'prescriber' | 'nurse' | 'therapist' | 'front_desk';

/** `front_desk` -> front_desk@demo.ketaclinic.test, the demo clinic's accounts. */
export const demoEmail = (role: DemoRole) => `${role}@demo.ketaclinic.test`;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where the built web app is. `E2E_WEB_DIR` points the browser tests at another build (several people building the
 * app at once in one checkout each build into their own folder: `npx vite build --config src/web/vite.config.ts
 * --outDir /tmp/web-mine`, then `E2E_WEB_DIR=/tmp/web-mine npx vitest run --project e2e …`).
 */
const webDir = process.env['E2E_WEB_DIR']
  ? path.resolve(process.env['E2E_WEB_DIR'])
  : path.join(projectRoot, 'dist', 'web');

/** The demo clinic's calendar date (America/New_York) at an instant, as YYYY-MM-DD. */
export function demoClinicDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'America/New_York',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

export interface TestServer {
  readonly baseUrl: string;
  readonly server: StartedServer;
  /** The server's clock, which `openPage` installs in every page. */
  readonly clock: E2EClock;
  close(): Promise<void>;
}

/** Builds the web app into dist/web unless it is there already (`npm test` builds it first). */
export async function ensureWebAppBuilt(): Promise<void> {
  if (existsSync(path.join(webDir, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(projectRoot, 'src', 'web', 'vite.config.ts'), logLevel: 'warn' });
  if (!existsSync(path.join(webDir, 'index.html')))
    throw new Error(`Building the web app did not produce ${webDir}/index.html.`);
}

/**
 * The instant every browser test's clock starts at, unless the test picks another: Tuesday 3 November 2026,
 * 10:00 in the demo clinic (America/New_York, EST). A fixed start keeps every browser test independent of the
 * day, month and hour the machine happens to have (issue 9: the suite failed on Sundays, when the demo clinic is
 * closed). `npm run test:calendar` runs the suite with the machine's clock at awkward moments to prove it.
 */
export const E2E_START = new Date('2026-11-03T15:00:00Z');

/**
 * A clock the test controls, shared by the server and every browser page opened on it. It starts at `start`
 * and runs at the real pace from there; `advance(ms)` moves it forward at once (say, past the 2 hours of
 * esketamine monitoring), for the server and for every page that `follow`s it (`openPage` does), so that the
 * page's own clock (countdowns, "today" on the schedule) agrees with the server's.
 */
export interface E2EClock {
  now(): Date;
  advance(ms: number): Promise<void>;
  /** Installs the clock in a browser context at the clock's time; later `advance` calls move it too. */
  follow(context: BrowserContext): Promise<void>;
}

/**
 * How far the browser's own clock runs ahead of this process's, when it does. Playwright's clock replays its
 * install in each new page from the test process's Date.now() to the browser's, so that gap lands on the page's
 * time. It is zero except under `npm run test:calendar`, where this process runs inside faketime and Chromium does
 * not (e2e/support/browser.ts): there the gap is measured once per context and taken off the installed time.
 */
async function browserAheadOfTestsMs(context: BrowserContext): Promise<number> {
  const underFaketime =
    Object.keys(process.env).some((key) => key.startsWith('FAKETIME')) ||
    (process.env['LD_PRELOAD'] ?? '').includes('faketime');
  if (!underFaketime) return 0;
  const probe = await context.newPage();
  try {
    const browserNow = await probe.evaluate(() => Date.now());
    return Math.max(0, browserNow - Date.now());
  } finally {
    await probe.close();
  }
}

export function controllableClock(start: Date = E2E_START): E2EClock {
  let offsetMs = start.getTime() - Date.now();
  const following = new Set<BrowserContext>();
  const now = () => new Date(Date.now() + offsetMs);
  return {
    now,
    async advance(ms: number) {
      if (!(ms >= 0)) throw new Error(`A test clock only moves forward; asked to move ${ms} ms.`);
      offsetMs += ms;
      for (const context of following) await context.clock.fastForward(ms);
    },
    async follow(context: BrowserContext) {
      await context.clock.install({ time: new Date(now().getTime() - (await browserAheadOfTestsMs(context))) });
      following.add(context);
      context.on('close', () => following.delete(context));
    },
  };
}

/**
 * A server on `options.clock`, or on a new clock from `E2E_START`; the demo clinic is seeded at the clock's time.
 * `options.env`: more settings, as environment variables (SMTP_URL for a test mail server, OUTBOX_INTERVAL_MS).
 */
/**
 * How the demo clinic shows dates and times in the browser tests (issue 14: one format per clinic). The browser
 * tests were written when pages used the browser's own locale (en-GB here) and a 24-hour clock, so that is the
 * default; a test can ask for another (the page walk shows an en-US clinic on a 12-hour clock).
 */
export interface DemoClinicDisplay {
  readonly locale: string;
  readonly hourCycle: 'h12' | 'h23';
}
export const E2E_CLINIC_DISPLAY: DemoClinicDisplay = { locale: 'en-GB', hourCycle: 'h23' };

export async function startTestServer(
  options: { clock?: E2EClock; env?: Readonly<Record<string, string>>; display?: DemoClinicDisplay } = {},
): Promise<TestServer> {
  const clock = options.clock ?? controllableClock();
  await ensureWebAppBuilt();
  const loaded = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    KETACLINIC_SEED: 'demo',
    KETACLINIC_DEMO_PASSWORD: DEMO_PASSWORD,
    KETACLINIC_WEB_DIR: webDir,
    ...options.env,
  });
  if (!loaded.ok) throw new Error(`Test config is invalid: ${loaded.problems.join('; ')}`);
  // A copy of the migrated template database (src/server/testing/pglite-template.ts): no initdb, no migrations.
  const database = await openMigratedPglite();
  const server = await startServer(loaded.config, { database, clock: clock.now });
  const display = options.display ?? E2E_CLINIC_DISPLAY;
  await sql`update clinic set settings = coalesce(settings, '{}'::jsonb) || ${JSON.stringify(display)}::jsonb where is_demo`.execute(
    database.db,
  );
  let address: string;
  try {
    address = await server.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await server.close().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    if (/does not declare who may call it/.test(message)) {
      throw new Error(
        `The server refused to start with the built web app in ${webDir}: ${message} ` +
          '(registerWebApp in src/server/app.ts registers one route per built file, which plugins/access.ts does not list as public).',
      );
    }
    throw error;
  }
  return {
    baseUrl: address,
    server,
    clock,
    close: () => server.close(),
  };
}
