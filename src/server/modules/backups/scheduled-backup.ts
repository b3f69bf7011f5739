/**
 * The daily backup (issue 15, "Running it for real"): with BACKUP_DIR set, the server writes a backup once a day
 * after BACKUP_AT (clinic time, default 02:00) and keeps the newest BACKUP_KEEP (default 14). Several instances on
 * one PostgreSQL may all run this: the advisory lock lets one work at a time, and the one that comes after finds
 * today's file (BACKUP_DIR shared) and does nothing. Time comes from the app's clock.
 *
 * The backup itself is `ketaclinic backup`'s (src/cli/backup.ts): pg_dump's custom format for PostgreSQL; for the
 * embedded database, PGlite's dump of the open database (the CLI's path would open the folder a second time).
 * A file is written as `.partial` and renamed when complete, so a crash never leaves a half backup counted as done.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FastifyBaseLogger } from 'fastify';
import { backup } from '../../../cli/backup.js';
import type { DatabaseHandle } from '../../db/database.js';
import { backupFileName, backupsToDelete, dueBackupDate } from './backup-schedule.js';
import type { BackupsRepository } from './backups.repository.js';

export interface BackupSettings {
  readonly dir: string;
  /** HH:MM, clinic time. */
  readonly at: string;
  readonly keep: number;
}

/** Writes one backup of the served database to `file`. */
export type BackupWriter = (file: string) => Promise<void>;

/** The writer for the database the server has open. */
export function servedDatabaseBackup(database: DatabaseHandle, databaseUrl: string | undefined): BackupWriter {
  return async (file) => {
    if (databaseUrl) {
      await backup({ databaseUrl, dataDir: '' }, file);
      return;
    }
    const blob = await database.dumpDataDir!();
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
  };
}

export type BackupTurn =
  | { readonly outcome: 'not-due' }
  | { readonly outcome: 'other-instance' }
  | { readonly outcome: 'written'; readonly file: string; readonly deleted: readonly string[] };

export class ScheduledBackup {
  constructor(
    private readonly settings: BackupSettings,
    private readonly repository: BackupsRepository,
    private readonly write: BackupWriter,
    private readonly clock: () => Date,
    private readonly log?: Pick<FastifyBaseLogger, 'info' | 'error'>,
  ) {}

  /** One look: writes today's backup if it is due and nobody else is writing it, then prunes. */
  async turn(): Promise<BackupTurn> {
    const timeZone = await this.repository.clinicTimeZone();
    if (dueBackupDate(this.clock(), timeZone, this.settings.at, this.files()) === null) return { outcome: 'not-due' };
    const result = await this.repository.whileLocked(async (): Promise<BackupTurn> => {
      // Looked at again under the lock: another instance may have just finished.
      const date = dueBackupDate(this.clock(), timeZone, this.settings.at, this.files());
      if (date === null) return { outcome: 'not-due' };
      mkdirSync(this.settings.dir, { recursive: true, mode: 0o700 });
      const file = path.join(this.settings.dir, backupFileName(date));
      const partial = `${file}.partial`;
      try {
        await this.write(partial);
        renameSync(partial, file);
      } catch (error) {
        rmSync(partial, { force: true });
        throw error;
      }
      const deleted = backupsToDelete(this.files(), this.settings.keep);
      for (const name of deleted) rmSync(path.join(this.settings.dir, name), { force: true });
      this.log?.info({ file: path.basename(file), deleted: deleted.length }, 'daily backup written');
      return { outcome: 'written', file, deleted };
    });
    return result ?? { outcome: 'other-instance' };
  }

  private files(): string[] {
    try {
      return readdirSync(this.settings.dir);
    } catch {
      return [];
    }
  }
}
