/**
 * A real Ketaclinic server for browser tests: in this process, on an ephemeral loopback port, on a fresh
 * in-memory PGlite database with the demo clinic seeded. It serves the built web app from dist/web (built
 * here with Vite's API if `npm run build:web` has not run).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/server/config/config.js';
import { openDatabase } from '../../src/server/db/database.js';
import { migrateToLatest } from '../../src/server/db/migrate.js';
import { startServer, type StartedServer } from '../../src/server/start.js';

export const DEMO_PASSWORD = 'demo-password';

/** `front_desk` -> front_desk@demo.ketaclinic.test, the demo clinic's accounts. */
export const demoEmail = (role: 'admin' | 'prescriber' | 'nurse' | 'therapist' | 'front_desk') => `${role}@demo.ketaclinic.test`;

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/**
 * Where the built web app is. `E2E_WEB_DIR` points the browser tests at another build (several people building the
 * app at once in one checkout each build into their own folder: `npx vite build --config src/web/vite.config.ts
 * --outDir /tmp/web-mine`, then `E2E_WEB_DIR=/tmp/web-mine npx vitest run --project e2e …`).
 */
const webDir = process.env['E2E_WEB_DIR'] ? path.resolve(process.env['E2E_WEB_DIR']) : path.join(projectRoot, 'dist', 'web');

export interface TestServer {
  readonly baseUrl: string;
  readonly server: StartedServer;
  close(): Promise<void>;
}

/** Builds the web app into dist/web unless it is there already (`npm test` builds it first). */
export async function ensureWebAppBuilt(): Promise<void> {
  if (existsSync(path.join(webDir, 'index.html'))) return;
  const { build } = await import('vite');
  await build({ configFile: path.join(projectRoot, 'src', 'web', 'vite.config.ts'), logLevel: 'warn' });
  if (!existsSync(path.join(webDir, 'index.html'))) throw new Error(`Building the web app did not produce ${webDir}/index.html.`);
}

/**
 * A clock the test moves: `now()` is the real time plus an offset that only grows (`advance(ms)`), so a test can
 * pass the 2 hours of esketamine monitoring in a moment. Pass `clock.now` to `startTestServer({ clock })`.
 */
export function controllableClock(): { now: () => Date; advance: (ms: number) => void } {
  let offsetMs = 0;
  return {
    now: () => new Date(Date.now() + offsetMs),
    advance: (ms: number) => { offsetMs += ms; },
  };
}

export async function startTestServer(options: { clock?: () => Date } = {}): Promise<TestServer> {
  await ensureWebAppBuilt();
  const loaded = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'silent',
    KETACLINIC_SEED: 'demo',
    KETACLINIC_DEMO_PASSWORD: DEMO_PASSWORD,
    KETACLINIC_WEB_DIR: webDir,
  });
  if (!loaded.ok) throw new Error(`Test config is invalid: ${loaded.problems.join('; ')}`);
  const database = await openDatabase({});
  try {
    await migrateToLatest(database.db);
  } catch (error) {
    await database.close();
    throw error;
  }
  const server = await startServer(loaded.config, { database, ...(options.clock ? { clock: options.clock } : {}) });
  let address: string;
  try {
    address = await server.app.listen({ port: 0, host: '127.0.0.1' });
  } catch (error) {
    await server.close().catch(() => undefined);
    const message = error instanceof Error ? error.message : String(error);
    if (/does not declare who may call it/.test(message)) {
      throw new Error(`The server refused to start with the built web app in ${webDir}: ${message} `
        + '(registerWebApp in src/server/app.ts registers one route per built file, which plugins/access.ts does not list as public).');
    }
    throw error;
  }
  return {
    baseUrl: address,
    server,
    close: () => server.close(),
  };
}
