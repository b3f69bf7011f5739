/**
 * PGlite is one process's database and does not lock its folder: a second process opening the same folder
 * silently corrupts it. The server and the CLI therefore take this exclusive lock first.
 *
 * The lock is a file created with O_EXCL holding the owner's PID. If the file exists but its PID is no longer
 * alive (a killed process), the lock is stale and is taken over: we rename it away atomically, so two processes
 * recovering the same stale lock cannot both win.
 */
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
  ) {
    super(
      `The database folder ${dataDir} is in use by another Ketaclinic process (PID ${holderPid}). ` +
        'Stop that process first, or point KETACLINIC_DATA_DIR at another folder.',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readHolder(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'ketaclinic.lock');
  for (let attempt = 0; attempt < 5; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o600);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return {
        file,
        release() {
          if (released) return;
          released = true;
          if (readHolder(file) === process.pid) rmSync(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readHolder(file);
      if (holder === process.pid) throw new DataDirLockedError(dataDir, holder);
      if (holder !== undefined && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      // Stale (dead holder, or a half-written file): move it aside atomically, then try again.
      const aside = `${file}.stale-${process.pid}-${attempt}`;
      try {
        renameSync(file, aside);
      } catch {
        continue; // another process moved it first; compete for the fresh lock
      }
      const moved = readHolder(aside);
      if (moved !== holder && moved !== undefined && isAlive(moved)) {
        // We raced a process that had just recovered the lock: give its lock back, unless a third took the name.
        try {
          linkSync(aside, file);
        } catch {
          /* the name is taken again; that holder wins */
        }
      }
      rmSync(aside, { force: true });
    }
  }
  const holder = readHolder(file) ?? -1;
  throw new DataDirLockedError(dataDir, holder);
}
