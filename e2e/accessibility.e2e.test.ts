/**
 * axe on every page (issue 14): each page of the app, opened as a role that may see it with the demo clinic's data,
 * has no serious or critical axe-core finding (WCAG 2.1 A/AA and best practices). The list of pages is checked
 * against src/web/routes.tsx, so a new page cannot be added without its check.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { openPageForAxe, seriousAxeFindings, type AxeFinding } from './support/axe.js';
import { signInToClinic } from './support/pages.js';
import { DEMO_PASSWORD, demoEmail } from './support/server.js';
import { clinicInBrowser } from './support/suite.js';

type Role = 'admin' | 'prescriber' | 'nurse' | 'front_desk';

interface Ids {
  readonly patientId: string;
  readonly sessionId: string;
  readonly esketamineSessionId: string;
  readonly questionnaireToken: string;
  readonly selfIntakeToken: string;
}

/** Every page of the app: its route, the address to open, and who opens it. */
const PAGES: ReadonlyArray<{ route: string; role: Role; url: (ids: Ids) => string }> = [
  { route: '/patients', role: 'front_desk', url: () => '/patients?q=a' },
  { route: '/patients/new', role: 'front_desk', url: () => '/patients/new' },
  { route: '/patients/:id', role: 'prescriber', url: (ids) => `/patients/${ids.patientId}` },
  { route: '/outcomes', role: 'prescriber', url: () => '/outcomes' },
  { route: '/schedule', role: 'front_desk', url: () => '/schedule' },
  { route: '/schedule/day', role: 'front_desk', url: () => '/schedule/day' },
  { route: '/board', role: 'nurse', url: () => '/board' },
  { route: '/sessions/:id/treatment', role: 'nurse', url: (ids) => `/sessions/${ids.sessionId}/treatment` },
  { route: '/rems', role: 'prescriber', url: () => '/rems' },
  { route: '/rems/:sessionId', role: 'prescriber', url: (ids) => `/rems/${ids.esketamineSessionId}` },
  { route: '/sessions/:id/billing', role: 'prescriber', url: (ids) => `/sessions/${ids.sessionId}/billing` },
  { route: '/ledger/overview', role: 'nurse', url: () => '/ledger/overview' },
  { route: '/ledger/sessions', role: 'nurse', url: () => '/ledger/sessions' },
  { route: '/ledger/sessions/:sessionId', role: 'nurse', url: (ids) => `/ledger/sessions/${ids.sessionId}` },
  { route: '/ledger/receive', role: 'nurse', url: () => '/ledger/receive' },
  { route: '/ledger/count', role: 'nurse', url: () => '/ledger/count' },
  { route: '/ledger/movements', role: 'nurse', url: () => '/ledger/movements' },
  { route: '/ledger/entries', role: 'nurse', url: () => '/ledger/entries' },
  { route: '/ledger/discrepancies', role: 'admin', url: () => '/ledger/discrepancies' },
  { route: '/ledger/reports', role: 'admin', url: () => '/ledger/reports' },
  { route: '/ledger/destructions', role: 'admin', url: () => '/ledger/destructions' },
  { route: '/ledger/loss-reports', role: 'admin', url: () => '/ledger/loss-reports' },
  { route: '/ledger/inventory', role: 'admin', url: () => '/ledger/inventory' },
  { route: '/ledger/setup', role: 'admin', url: () => '/ledger/setup' },
  { route: '/admin/users', role: 'admin', url: () => '/admin/users' },
  { route: '/admin/audit', role: 'admin', url: () => '/admin/audit' },
  { route: '/admin/outbox', role: 'admin', url: () => '/admin/outbox' },
  { route: '/admin/api-tokens', role: 'admin', url: () => '/admin/api-tokens' },
  { route: '/admin/import-export', role: 'admin', url: () => '/admin/import-export' },
  { route: '/admin/webhooks', role: 'admin', url: () => '/admin/webhooks' },
  { route: '/admin/clinic-settings', role: 'admin', url: () => '/admin/clinic-settings' },
  { route: '/account/password', role: 'nurse', url: () => '/account/password' },
  { route: '*', role: 'nurse', url: () => '/no-such-page' },
];

/** Pages with a layout of their own on a phone (390 x 844): the board's chair cards, the chart's folded sections. */
const PHONE_PAGES: ReadonlyArray<{ route: string; role: Role; url: (ids: Ids) => string }> = [
  { route: '/board', role: 'nurse', url: () => '/board' },
  { route: '/patients/:id', role: 'prescriber', url: (ids) => `/patients/${ids.patientId}` },
];

/** Pages outside the signed-in shell. */
const PUBLIC_PAGES: ReadonlyArray<{ route: string; url: (ids: Ids) => string }> = [
  { route: '/sign-in', url: () => '/sign-in' },
  { route: '/q/:token', url: (ids) => `/q/${ids.questionnaireToken}` },
  { route: '/i/:token', url: (ids) => `/i/${ids.selfIntakeToken}` },
];

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function routesOfTheApp(): string[] {
  const files = ['src/web/routes.tsx', 'src/web/App.tsx'].map((f) => readFileSync(path.join(projectRoot, f), 'utf8'));
  return files.flatMap((text) => [...text.matchAll(/\{\s*path:\s*'([^']+)'/g)].map((m) => m[1]!));
}

/** Waits for the page's heading and for its spinners to go, so axe sees the page as a user does. */
async function settled(page: Page): Promise<void> {
  await page.locator('h1').first().waitFor();
  await page.waitForFunction('document.querySelectorAll(".mantine-Loader-root").length === 0', undefined, {
    timeout: 15_000,
  });
  await page.waitForTimeout(300);
}

const describeFindings = (findings: readonly AxeFinding[]) =>
  findings.map((f) => `${f.impact} ${f.rule}: ${f.help} at ${f.targets.join(', ')}`);

describe('accessibility: axe on every page', () => {
  const clinic = clinicInBrowser();

  it('checks every route of the app', () => {
    const checked = [...PAGES.map((p) => p.route), ...PUBLIC_PAGES.map((p) => p.route)].sort();
    expect(checked).toEqual([...new Set(routesOfTheApp())].sort());
  });

  it('finds nothing serious or critical on any page', async () => {
    const sessions = new Map<Role, Page>();
    const pageFor = async (role: Role): Promise<Page> => {
      const open = sessions.get(role);
      if (open) return open;
      const { page } = await openPageForAxe(clinic.browser, clinic.server);
      await signInToClinic(page, demoEmail(role), DEMO_PASSWORD);
      sessions.set(role, page);
      return page;
    };

    // The demo clinic's ids: Sofia Marquez's booster today, Hannah Oyelaran's esketamine session, a questionnaire link.
    const prescriber = await pageFor('prescriber');
    const find = async (name: string) =>
      ((await (await prescriber.request.get(`/api/patients?q=${name}`)).json()) as { items: Array<{ id: string }> })
        .items[0]!.id;
    const firstSession = async (patientId: string) =>
      (
        (await (await prescriber.request.get(`/api/patients/${patientId}/sessions`)).json()) as {
          items: Array<{ id: string; isUpcoming: boolean }>;
        }
      ).items.find((s) => s.isUpcoming)!.id;
    const patientId = await find('marquez');
    const esketaminePatient = await find('oyelaran');
    const csrf =
      ((await (await prescriber.request.get('/api/auth/me')).json()) as { csrfToken?: string }).csrfToken ?? '';
    const link = await prescriber.request.post(`/api/patients/${patientId}/measure-links`, {
      data: { instruments: ['phq-9'], context: 'weekly' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(link.status()).toBe(201);
    const selfIntake = await prescriber.request.post(`/api/patients/${patientId}/self-intake-links`, {
      data: { consentModality: 'iv-ketamine' },
      headers: { 'x-csrf-token': csrf },
    });
    expect(selfIntake.status()).toBe(201);
    const ids: Ids = {
      patientId,
      sessionId: await firstSession(patientId),
      esketamineSessionId: await firstSession(esketaminePatient),
      questionnaireToken: ((await link.json()) as { token: string }).token,
      selfIntakeToken: ((await selfIntake.json()) as { token: string }).token,
    };

    const failures: string[] = [];
    for (const entry of PAGES) {
      const page = await pageFor(entry.role);
      await page.goto(entry.url(ids));
      await settled(page);
      const findings = await seriousAxeFindings(page);
      if (findings.length > 0)
        failures.push(`${entry.route} (${entry.role}):\n  ${describeFindings(findings).join('\n  ')}`);
    }
    for (const entry of PHONE_PAGES) {
      const { page } = await openPageForAxe(clinic.browser, clinic.server, { width: 390, height: 844 });
      await signInToClinic(page, demoEmail(entry.role), DEMO_PASSWORD);
      await page.goto(entry.url(ids));
      await settled(page);
      const findings = await seriousAxeFindings(page);
      if (findings.length > 0)
        failures.push(`${entry.route} on a phone (${entry.role}):\n  ${describeFindings(findings).join('\n  ')}`);
    }
    for (const entry of PUBLIC_PAGES) {
      const { page } = await openPageForAxe(clinic.browser, clinic.server);
      await page.goto(entry.url(ids));
      await settled(page);
      const findings = await seriousAxeFindings(page);
      if (findings.length > 0) failures.push(`${entry.route}:\n  ${describeFindings(findings).join('\n  ')}`);
    }
    expect(failures).toEqual([]);
  });
});
