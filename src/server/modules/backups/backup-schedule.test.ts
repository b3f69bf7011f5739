import { describe, expect, it } from 'vitest';
import { backupFileName, backupsToDelete, dueBackupDate } from './backup-schedule.js';

describe('the daily backup schedule', () => {
  const zone = 'America/New_York';

  it('is due once the clinic clock passes the set time, for that local date, and only if the folder lacks it', () => {
    // 06:59 UTC on 3 Nov = 01:59 in New York: not yet; 07:00 UTC = 02:00: due for 2026-11-03.
    expect(dueBackupDate(new Date('2026-11-03T06:59:00Z'), zone, '02:00', [])).toBeNull();
    expect(dueBackupDate(new Date('2026-11-03T07:00:00Z'), zone, '02:00', [])).toBe('2026-11-03');
    expect(dueBackupDate(new Date('2026-11-03T20:00:00Z'), zone, '02:00', [backupFileName('2026-11-03')])).toBeNull();
    // 03:30 UTC on 4 Nov is still 3 Nov 22:30 in New York: the 3 Nov backup is the one that counts.
    expect(dueBackupDate(new Date('2026-11-04T03:30:00Z'), zone, '02:00', [backupFileName('2026-11-03')])).toBeNull();
  });

  it('follows the clinic clock across a daylight-saving change', () => {
    // 14 Mar 2027: New York springs forward at 02:00; 02:30 local does not exist, 03:00 EDT = 07:00 UTC.
    expect(dueBackupDate(new Date('2027-03-14T06:59:00Z'), zone, '02:30', [])).toBeNull();
    expect(dueBackupDate(new Date('2027-03-14T07:00:00Z'), zone, '02:30', [])).toBe('2027-03-14');
  });

  it('keeps the newest N backups and never touches other files', () => {
    const names = [
      'ketaclinic-2026-11-01.backup',
      'notes.txt',
      'ketaclinic-2026-11-03.backup',
      'ketaclinic-2026-11-02.backup',
      'ketaclinic-2026-11-04.backup.partial',
    ];
    expect(backupsToDelete(names, 2)).toEqual(['ketaclinic-2026-11-01.backup']);
    expect(backupsToDelete(names, 14)).toEqual([]);
  });
});
