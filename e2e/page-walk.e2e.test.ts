/**
 * The page walk (issue 14, acceptance): each role signs in and opens every page its permissions reach, and a patient
 * opens a questionnaire and a self-intake link; no page logs a console error or gets a 5xx answer, and each leaves a
 * full-page screenshot in test-results/page-walk/<role>/<page>.png for a person to look at. The walk runs on an
 * en-US clinic with a 12-hour clock (the other browser tests use en-GB and 24 hours), and repeats the pages a
 * nurse and a front desk use standing up on a phone-sized screen.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, openPage } from './support/browser.js';
import { signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail, startTestServer, type TestServer } from './support/server.js';

type Role = 'admin' | 'prescriber' | 'nurse' | 'therapist' | 'front_desk';
const ROLES: readonly Role[] = ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk'];

interface Ids {
  readonly patientId: string;
  readonly sessionId: string;
  readonly esketamineSessionId: string;
}

/** Every page of the signed-in app (src/web/routes.tsx), with the permission it needs (none: every role). */
const PAGES: ReadonlyArray<{ name: string; permission?: string; url: (ids: Ids) => string; section?: string }> = [
  { name: 'patients', permission: 'patient:read', url: () => '/patients?q=a' },
  { name: 'patient-new', permission: 'patient:write', url: () => '/patients/new' },
  { name: 'patient-chart', permission: 'patient:read', url: (ids) => `/patients/${ids.patientId}` },
  // One section of the chart, shot on its own (the full chart is above): the therapy notes, for those who read them.
  {
    name: 'patient-therapy-notes',
    permission: 'therapy-note:read',
    url: (ids) => `/patients/${ids.patientId}#therapy-notes-heading`,
    section: 'therapy-notes',
  },
  { name: 'outcomes', permission: 'measure:read', url: () => '/outcomes' },
  { name: 'schedule-week', permission: 'schedule:read', url: () => '/schedule' },
  { name: 'schedule-day', permission: 'schedule:read', url: () => '/schedule/day' },
  { name: 'board', permission: 'board:read', url: () => '/board' },
  { name: 'treatment-session', permission: 'session:read', url: (ids) => `/sessions/${ids.sessionId}/treatment` },
  { name: 'rems', permission: 'rems:manage', url: () => '/rems' },
  { name: 'rems-form', permission: 'rems:manage', url: (ids) => `/rems/${ids.esketamineSessionId}` },
  { name: 'session-billing', permission: 'session:read', url: (ids) => `/sessions/${ids.sessionId}/billing` },
  { name: 'ledger-overview', permission: 'ledger:read', url: () => '/ledger/overview' },
  { name: 'ledger-sessions', permission: 'ledger:read', url: () => '/ledger/sessions' },
  { name: 'ledger-session-doses', permission: 'ledger:read', url: (ids) => `/ledger/sessions/${ids.sessionId}` },
  { name: 'ledger-receive', permission: 'ledger:write', url: () => '/ledger/receive' },
  { name: 'ledger-count', permission: 'ledger:write', url: () => '/ledger/count' },
  { name: 'ledger-movements', permission: 'ledger:write', url: () => '/ledger/movements' },
  { name: 'ledger-entries', permission: 'ledger:read', url: () => '/ledger/entries' },
  { name: 'ledger-discrepancies', permission: 'ledger:read', url: () => '/ledger/discrepancies' },
  { name: 'ledger-reports', permission: 'ledger:read', url: () => '/ledger/reports' },
  { name: 'ledger-destructions', permission: 'ledger:admin', url: () => '/ledger/destructions' },
  { name: 'ledger-loss-reports', permission: 'ledger:read', url: () => '/ledger/loss-reports' },
  { name: 'ledger-inventory', permission: 'ledger:admin', url: () => '/ledger/inventory' },
  { name: 'ledger-setup', permission: 'ledger:read', url: () => '/ledger/setup' },
  { name: 'admin-users', permission: 'user:manage', url: () => '/admin/users' },
  { name: 'admin-audit', permission: 'audit:read', url: () => '/admin/audit' },
  { name: 'admin-outbox', permission: 'outbox:read', url: () => '/admin/outbox' },
  { name: 'admin-api-tokens', permission: 'api-token:manage', url: () => '/admin/api-tokens' },
  { name: 'admin-import-export', permission: 'data:import', url: () => '/admin/import-export' },
  { name: 'admin-webhooks', permission: 'webhook:manage', url: () => '/admin/webhooks' },
  { name: 'admin-clinic-settings', permission: 'clinic:manage', url: () => '/admin/clinic-settings' },
  { name: 'account-password', url: () => '/account/password' },
];

/** Pages the walk repeats on a phone (390 x 844) for the roles that use them on one. */
const PHONE_PAGES: ReadonlyArray<{ role: Role; name: string }> = [
  { role: 'nurse', name: 'board' },
  { role: 'nurse', name: 'treatment-session' },
  { role: 'front_desk', name: 'schedule-day' },
  { role: 'prescriber', name: 'patient-chart' },
];
const PHONE = { width: 390, height: 844 };

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const resultsDir = path.join(projectRoot, 'test-results', 'page-walk');

/** A page as a user sees it: its heading drawn, spinners gone, and a moment for late requests to answer. */
async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  // (counted from outside the page: the app's CSP refuses the string evaluation waitForFunction uses)
  await expect.poll(() => page.locator('.mantine-Loader-root').count(), { timeout: 15_000 }).toBe(0);
  await page.waitForTimeout(400);
}

async function screenshot(page: Page, who: string, name: string, section?: string): Promise<void> {
  const folder = path.join(resultsDir, who);
  mkdirSync(folder, { recursive: true });
  if (section) {
    // A section of a page: that section alone, once its content has loaded
    const element = page.locator(`section[aria-labelledby="${section}-heading"]`);
    await element.scrollIntoViewIfNeeded();
    await expect.poll(() => element.locator('.mantine-Loader-root').count(), { timeout: 15_000 }).toBe(0);
    await element.screenshot({ path: path.join(folder, `${name}.png`) });
    return;
  }
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(folder, `${name}.png`), fullPage: true });
}

/** Collects console errors, page errors and 5xx answers while a page is used. */
function watch(page: Page, problems: string[]): void {
  page.on('response', (response) => {
    if (response.status() >= 500)
      problems.push(`${response.status()} ${response.request().method()} ${new URL(response.url()).pathname}`);
  });
}

describe('the page walk: every page as each role, with screenshots', () => {
  let server: TestServer;
  let browser: Browser;
  let ids: Ids;
  let links: { questionnaire: string; selfIntake: string };

  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startTestServer({ display: { locale: 'en-US', hourCycle: 'h12' } }),
      launchBrowser(),
    ]);
    const { page } = await openPage(browser, server);
    await signInToClinic(page, demoEmail('prescriber'), DEMO_PASSWORD);
    const get = async <T>(url: string): Promise<T> => (await (await page.request.get(url)).json()) as T;
    const find = async (name: string) =>
      (await get<{ items: Array<{ id: string }> }>(`/api/patients?q=${name}`)).items[0]!.id;
    const nextSession = async (patientId: string) =>
      (
        await get<{ items: Array<{ id: string; isUpcoming: boolean }> }>(`/api/patients/${patientId}/sessions`)
      ).items.find((s) => s.isUpcoming)!.id;
    const patientId = await find('marquez');
    ids = {
      patientId,
      sessionId: await nextSession(patientId),
      esketamineSessionId: await nextSession(await find('oyelaran')),
    };
    const csrf = (await get<{ csrfToken: string }>('/api/auth/me')).csrfToken;
    const post = async (url: string, data: unknown) => {
      const response = await page.request.post(url, { data, headers: { 'x-csrf-token': csrf } });
      expect(response.status()).toBe(201);
      return (await response.json()) as { token: string };
    };
    links = {
      questionnaire: (
        await post(`/api/patients/${patientId}/measure-links`, { instruments: ['phq-9'], context: 'weekly' })
      ).token,
      selfIntake: (await post(`/api/patients/${patientId}/self-intake-links`, { consentModality: 'iv-ketamine' }))
        .token,
    };
    await page.context().close();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  for (const role of ROLES) {
    it(`${role}: every page the role reaches opens without errors`, async () => {
      const { page, problems, context } = await openPage(browser, server);
      watch(page, problems);
      await signInToClinic(page, demoEmail(role), DEMO_PASSWORD);
      const me = (await (await page.request.get('/api/auth/me')).json()) as { permissions: string[] };
      const reachable = PAGES.filter((p) => !p.permission || me.permissions.includes(p.permission));
      expect(reachable.length).toBeGreaterThan(1);
      const failures: string[] = [];
      for (const entry of reachable) {
        problems.length = 0;
        await page.goto(entry.url(ids));
        await settled(page);
        await screenshot(page, role, entry.name, entry.section);
        if (problems.length > 0) failures.push(`${entry.name}: ${problems.join('; ')}`);
      }
      await context.close();

      const phone = PHONE_PAGES.filter((p) => p.role === role);
      if (phone.length > 0) {
        const small = await openPage(browser, server, PHONE);
        watch(small.page, small.problems);
        await signInToClinic(small.page, demoEmail(role), DEMO_PASSWORD);
        for (const { name } of phone) {
          small.problems.length = 0;
          await small.page.goto(PAGES.find((p) => p.name === name)!.url(ids));
          await settled(small.page);
          await screenshot(small.page, role, `${name}-phone`);
          if (small.problems.length > 0) failures.push(`${name} (phone): ${small.problems.join('; ')}`);
        }
        await small.context.close();
      }
      expect(failures).toEqual([]);
    });
  }

  it('patient: the questionnaire and self-intake links open on a phone without errors', async () => {
    const failures: string[] = [];
    for (const [name, url] of [
      ['questionnaire', `/q/${links.questionnaire}`],
      ['self-intake', `/i/${links.selfIntake}`],
    ] as const) {
      const { page, problems, context } = await openPage(browser, server, PHONE);
      watch(page, problems);
      await page.goto(url);
      await settled(page);
      await screenshot(page, 'patient', name);
      if (problems.length > 0) failures.push(`${name}: ${problems.join('; ')}`);
      await context.close();
    }
    expect(failures).toEqual([]);
  });
});
