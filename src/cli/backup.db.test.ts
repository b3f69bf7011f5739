/**
 * `ketaclinic backup` and `ketaclinic restore` on both databases (issue 15): a backup restored into an empty
 * database has the same rows in every table, and its audit and ledger hash chains verify; a restore never
 * overwrites a database that is already there.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.js';
import { databaseTargets } from '../server/testing/test-database.js';
import { schemaOf, tableCounts } from './backup.js';
import { capture, prepareWithDemoClinic, type Target } from './cli-target.testing.js';
import { runCli } from './main.js';

for (const targetName of databaseTargets()) {
  describe(`ketaclinic backup and restore [${targetName}]`, () => {
    let target: Target;
    let dir: string;
    let before: Record<string, number>;

    beforeAll(async () => {
      target = await prepareWithDemoClinic(targetName);
      dir = mkdtempSync(path.join(tmpdir(), 'kc-backup-'));
      // Seal the audit events, so the restored chain has something to verify.
      expect(await runCli(['audit', 'verify'], target.env, capture().io)).toBe(0);
      const database = await target.open();
      before = await tableCounts(database);
      await database.close();
      expect(before.audit_event).toBeGreaterThan(10);
      expect(before.ledger_entry).toBeGreaterThan(5);
    });
    afterAll(async () => {
      await target.dispose();
      rmSync(dir, { recursive: true, force: true });
    });

    it('backs up and restores into an empty database with identical row counts and intact audit and ledger chains', async () => {
      const file = path.join(dir, 'clinic.backup');
      const made = capture();
      expect(await runCli(['backup', '--out', file], target.env, made.io), made.err.join('\n')).toBe(0);
      expect(made.out[0]).toMatch(
        targetName === 'postgres'
          ? /PostgreSQL \(pg_dump custom format\) backup/
          : /PGlite \(data folder tarball\) backup/,
      );

      let restoreEnv = target.env;
      if (targetName === 'pglite') {
        restoreEnv = { ...target.env, KETACLINIC_DATA_DIR: path.join(dir, 'restored') };
      } else {
        // The schema the backup came from is dropped: the restore brings it back whole.
        const schema = schemaOf(target.env.DATABASE_URL!)!;
        const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
        await client.connect();
        await client.query(`drop schema ${schema} cascade`);
        await client.end();
      }
      const restored = capture();
      expect(await runCli(['restore', file], restoreEnv, restored.io), restored.err.join('\n')).toBe(0);
      expect(restored.out).toContain(`  audit_event: ${before.audit_event}`);
      expect(restored.out.some((l) => /^Audit chain: intact, \d+ events\.$/.test(l))).toBe(true);
      expect(restored.out.some((l) => /^Ledger chains: intact, \d+ entries in 1 clinic\(s\)\.$/.test(l))).toBe(true);

      const reopened =
        targetName === 'pglite' ? await openDatabase({ dataDir: path.join(dir, 'restored') }) : await target.open();
      const after = await tableCounts(reopened);
      await reopened.close();
      expect(after).toEqual(before);
      // And the tools agree: the chains verify through their own commands.
      expect(await runCli(['ledger', 'verify'], restoreEnv, capture().io)).toBe(0);
      expect(await runCli(['audit', 'verify'], restoreEnv, capture().io)).toBe(0);
    });

    it('refuses to restore over a database that is already there', async () => {
      const file = path.join(dir, 'again.backup');
      expect(await runCli(['backup', '--out', file], target.env, capture().io)).toBe(0);
      const refused = capture();
      expect(await runCli(['restore', file], target.env, refused.io)).toBe(1);
      expect(refused.err[0]).toMatch(targetName === 'postgres' ? /already holds tables/ : /is not empty/);
    });
  });
}
