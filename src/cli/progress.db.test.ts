/**
 * Progress of long CLI commands (issue 15): counts and percentages on standard error, with --progress or on a
 * terminal, never on standard output and never a patient's data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../server/testing/test-database.js';
import { capture, prepareWithDemoClinic, type Target } from './cli-target.testing.js';
import { runCli } from './main.js';
import { recordingSink } from './progress.testing.js';

for (const targetName of databaseTargets()) {
  describe(`CLI progress [${targetName}]`, () => {
    let target: Target;
    beforeAll(async () => {
      target = await prepareWithDemoClinic(targetName);
    });
    afterAll(async () => {
      await target.dispose();
    });

    it('audit verify and ledger verify --progress count to 100% on standard error, leaving standard output as it was', async () => {
      const plain = capture();
      expect(await runCli(['audit', 'verify'], target.env, plain.io)).toBe(0);

      const progress = recordingSink(false);
      const audit = capture();
      expect(await runCli(['audit', 'verify', '--progress'], target.env, { ...audit.io, progress })).toBe(0);
      expect(audit.out.slice(0, 1)).toEqual(plain.out.slice(0, 1));
      const lines = progress.text.trim().split('\n');
      expect(lines.at(-1)).toMatch(/^Checking the audit chain: (\d+)\/\1 \(100%\)$/);

      const ledgerProgress = recordingSink(false);
      expect(
        await runCli(['ledger', 'verify', '--progress'], target.env, { ...capture().io, progress: ledgerProgress }),
      ).toBe(0);
      expect(ledgerProgress.text).toBe('Checking ledgers (clinics): 1/1 (100%)\n');
      // Labels and counts only: none of the demo patients' names.
      expect(progress.text + ledgerProgress.text).toMatch(/^[A-Za-z ()]+: [\d/ ()%]+$/m);
      expect(progress.text + ledgerProgress.text).not.toMatch(/Feldman|Demo Clinic/);
    });

    it('backup --progress counts the tables pg_dump writes (PostgreSQL) or the dump and the file (PGlite) to 100%', async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'kc-backup-progress-'));
      try {
        const progress = recordingSink(false);
        const out = path.join(dir, 'backup.bin');
        expect(await runCli(['backup', '--out', out, '--progress'], target.env, { ...capture().io, progress })).toBe(0);
        const last = progress.text.trim().split('\n').at(-1) ?? '';
        const done = /^Backing up \((tables|steps)\): (\d+)\/(\d+) \(100%\)$/.exec(last);
        expect(done, progress.text).not.toBeNull();
        expect(done?.[2]).toBe(done?.[3]);
        // Every Ketaclinic table is dumped: far more than the PGlite steps (2).
        if (targetName === 'postgres') expect(Number(done?.[2])).toBeGreaterThan(40);
        else expect(last).toBe('Backing up (steps): 2/2 (100%)');
        expect(progress.text).not.toMatch(/audit_event|patient"/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('prints nothing without --progress when standard error is not a terminal, and rewrites one line on a terminal', async () => {
      const quiet = recordingSink(false);
      expect(await runCli(['ledger', 'verify'], target.env, { ...capture().io, progress: quiet })).toBe(0);
      expect(quiet.text).toBe('');
      const tty = recordingSink(true);
      expect(await runCli(['ledger', 'verify'], target.env, { ...capture().io, progress: tty })).toBe(0);
      expect(tty.text.endsWith('\rChecking ledgers (clinics): 1/1 (100%)\u001b[K\n')).toBe(true);
    });
  });
}
