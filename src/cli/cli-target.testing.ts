/**
 * For the CLI's database tests: where the CLI's database lives (a PGlite folder, or a PostgreSQL schema of its own
 * reached through DATABASE_URL's `options`), and an io that captures what the CLI prints.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../server/db/database.js';
import { runCli } from './main.js';

export function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

/** The CLI's database: a PGlite folder, or a PostgreSQL schema of its own (through DATABASE_URL's `options`). */
export interface Target {
  readonly env: NodeJS.ProcessEnv;
  open(): Promise<DatabaseHandle>;
  dispose(): Promise<void>;
}

export async function prepare(target: 'pglite' | 'postgres'): Promise<Target> {
  if (target === 'pglite') {
    const dataDir = mkdtempSync(path.join(tmpdir(), 'kc-ledger-cli-'));
    return {
      env: { KETACLINIC_DATA_DIR: dataDir, KETACLINIC_DEMO_PASSWORD: 'demo-password' },
      open: () => openDatabase({ dataDir }),
      dispose: async () => undefined,
    };
  }
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `test_cli_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const separator = url.includes('?') ? '&' : '?';
  return {
    env: {
      DATABASE_URL: `${url}${separator}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
      KETACLINIC_DEMO_PASSWORD: 'demo-password',
    },
    open: () => openDatabase({ databaseUrl: url, schema }),
    async dispose() {
      const cleanup = new pg.Client({ connectionString: url });
      await cleanup.connect();
      await cleanup.query(`drop schema ${schema} cascade`);
      await cleanup.end();
    },
  };
}

/** A target holding the demo clinic, seeded by `ketaclinic seed-demo` (which must exit 0). */
export async function prepareWithDemoClinic(targetName: 'pglite' | 'postgres'): Promise<Target> {
  const target = await prepare(targetName);
  expect(await runCli(['seed-demo'], target.env, capture().io)).toBe(0);
  return target;
}
