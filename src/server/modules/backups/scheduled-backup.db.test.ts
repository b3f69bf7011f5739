/**
 * The daily backup (issue 15): written once a day after BACKUP_AT clinic time, the newest BACKUP_KEEP kept, and only
 * one of several instances writes it (advisory lock). The clock is the test's; the writer is a stand-in that records
 * the call (the real one is `ketaclinic backup`'s, tested in src/cli/backup.db.test.ts) and a real PGlite dump.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ClinicsRepository } from '../clinics/clinics.repository.js';
import { describeEachDatabase } from '../../testing/test-database.js';
import { TestClock } from '../../testing/test-app.js';
import { BackupsRepository } from './backups.repository.js';
import { ScheduledBackup, servedDatabaseBackup, type BackupWriter } from './scheduled-backup.js';

describeEachDatabase('the daily backup', (ctx) => {
  let dir: string;
  let clock: TestClock;
  const written: string[] = [];
  /** Writes a small file, slowly enough for two instances to overlap. */
  const slowWriter: BackupWriter = async (file) => {
    written.push(path.basename(file));
    await new Promise((resolve) => setTimeout(resolve, 50));
    writeFileSync(file, `backup at ${clock.now().toISOString()}`);
  };
  const instance = (keep = 14, writer = slowWriter) =>
    new ScheduledBackup({ dir, at: '02:00', keep }, new BackupsRepository(ctx.database.db), writer, clock.now);

  beforeAll(async () => {
    await new ClinicsRepository(ctx.database.db).create({
      name: 'Backup clinic',
      slug: 'backup-clinic',
      isDemo: false,
      timeZone: 'America/New_York',
    });
  });
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'kc-backups-'));
    written.length = 0;
    // The test clinic keeps America/New_York time: 06:30 UTC on 3 Nov 2026 is 01:30 there.
    clock = new TestClock(new Date('2026-11-03T06:30:00Z'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("waits for 02:00 clinic time, writes that day's backup once, and writes the next day's the next day", async () => {
    const backups = instance();
    expect(await backups.turn()).toEqual({ outcome: 'not-due' });
    clock.set(new Date('2026-11-03T07:00:00Z')); // 02:00 EST
    expect(await backups.turn()).toMatchObject({
      outcome: 'written',
      file: path.join(dir, 'ketaclinic-2026-11-03.backup'),
    });
    clock.advanceMinutes(60 * 12);
    expect(await backups.turn()).toEqual({ outcome: 'not-due' });
    clock.advanceMinutes(60 * 12);
    expect(await backups.turn()).toMatchObject({ outcome: 'written' });
    expect(readdirSync(dir).sort()).toEqual(['ketaclinic-2026-11-03.backup', 'ketaclinic-2026-11-04.backup']);
  });

  it('keeps only the newest BACKUP_KEEP backups', async () => {
    const backups = instance(2);
    for (let day = 0; day < 4; day++) {
      clock.set(new Date(Date.parse('2026-11-03T07:30:00Z') + day * 86_400_000));
      await backups.turn();
    }
    expect(readdirSync(dir).sort()).toEqual(['ketaclinic-2026-11-05.backup', 'ketaclinic-2026-11-06.backup']);
  });

  it('is written by one instance when several look at the same moment', async () => {
    clock.set(new Date('2026-11-03T07:00:00Z'));
    const turns = await Promise.all([instance().turn(), instance().turn(), instance().turn()]);
    expect(turns.filter((t) => t.outcome === 'written')).toHaveLength(1);
    expect(written).toEqual(['ketaclinic-2026-11-03.backup.partial']);
    expect(readdirSync(dir)).toEqual(['ketaclinic-2026-11-03.backup']);
  });

  it('leaves no file behind when the backup fails, and tries again at the next look', async () => {
    clock.set(new Date('2026-11-03T07:00:00Z'));
    const failing = instance(14, async (file) => {
      writeFileSync(file, 'half');
      throw new Error('disk full');
    });
    await expect(failing.turn()).rejects.toThrow('disk full');
    expect(readdirSync(dir)).toEqual([]);
    expect(await instance().turn()).toMatchObject({ outcome: 'written' });
  });

  it("backs up the served database itself: PGlite's dump of the open database, or pg_dump of the PostgreSQL one", async () => {
    clock.set(new Date('2026-11-03T07:00:00Z'));
    const url = ctx.connection
      ? `${ctx.connection.url}?options=${encodeURIComponent(`-c search_path=${ctx.connection.schema}`)}`
      : undefined;
    await instance(14, servedDatabaseBackup(ctx.database, url)).turn();
    const bytes = readFileSync(path.join(dir, 'ketaclinic-2026-11-03.backup'));
    // pg_dump's custom format starts with PGDMP; PGlite's dump is a tar (gzip-compressed or not).
    if (ctx.database.kind === 'postgres') expect(bytes.subarray(0, 5).toString('latin1')).toBe('PGDMP');
    else expect(bytes.length).toBeGreaterThan(100_000);
  });
});
