/**
 * Accessibility checks with axe-core: its source is put into the page (a script tag, so the page's own content
 * security policy is bypassed for the check's context only) and `axe.run` reports what it finds. A test asserts
 * there is nothing serious or critical (WCAG 2.1 A and AA rules, and axe's best practices).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { openPage, type BrowserSession } from './browser.js';
import type { TestServer } from './server.js';

const require = createRequire(import.meta.url);
let axeSource: string | undefined;
const source = () => (axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

export interface AxeFinding {
  readonly rule: string;
  readonly impact: string;
  readonly help: string;
  readonly targets: readonly string[];
}

/**
 * A context like `openPage`'s (its own cookies, following the server's clock) that lets the check's script tag
 * run: the app's CSP allows only its own scripts. Nothing else about the page changes.
 */
export function openPageForAxe(
  browser: Browser,
  server: Pick<TestServer, 'baseUrl' | 'clock'>,
  viewport = { width: 1280, height: 800 },
): Promise<BrowserSession> {
  return openPage(browser, server, viewport, { bypassCSP: true });
}

/** The serious and critical findings of axe on the page as it is now. */
export async function seriousAxeFindings(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: source() });
  const findings = (await page.evaluate(`(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }, resultTypes: ['violations'] });
    return result.violations.map((v) => ({ rule: v.id, impact: v.impact ?? 'unknown', help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }));
  })()`)) as AxeFinding[];
  return findings.filter((f) => f.impact === 'serious' || f.impact === 'critical');
}
