/**
 * When the daily backup is due and which old ones go (pure: time and file names passed in). A backup is named by the
 * local date it was taken for, `ketaclinic-YYYY-MM-DD.backup`, so the folder itself says whether today's exists.
 */
import { instantToLocal } from '../clinics/clinic-time.js';

const NAME = /^ketaclinic-(\d{4}-\d{2}-\d{2})\.backup$/;

export function backupFileName(localDate: string): string {
  return `ketaclinic-${localDate}.backup`;
}

/**
 * The local date whose backup is due at `now`, or null: due once the clinic's clock has passed `at` (HH:MM) and the
 * folder holds no backup for that date. A server that was down at `at` catches up when it next runs that day.
 */
export function dueBackupDate(now: Date, timeZone: string, at: string, existing: readonly string[]): string | null {
  const local = instantToLocal(now, timeZone); // YYYY-MM-DDTHH:MM
  const [date, time] = [local.slice(0, 10), local.slice(11, 16)];
  if (time < at) return null;
  return existing.includes(backupFileName(date)) ? null : date;
}

/** The backups beyond the newest `keep` (oldest first); files not named like a backup are never touched. */
export function backupsToDelete(existing: readonly string[], keep: number): string[] {
  const backups = existing
    .filter((n) => NAME.test(n))
    .sort()
    .reverse();
  return backups.slice(keep).reverse();
}
