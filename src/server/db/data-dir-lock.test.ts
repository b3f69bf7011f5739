import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirLockedError, acquireDataDirLock } from './data-dir-lock.js';

const tempDir = () => mkdtempSync(path.join(tmpdir(), 'kc-lock-'));

/** A short-lived process that holds a PID we can name, then exits. */
function holdPid(): Promise<{ pid: number; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  return new Promise((resolve) =>
    child.once('spawn', () =>
      resolve({
        pid: child.pid!,
        stop: () =>
          new Promise((done) => {
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      }),
    ),
  );
}

describe('data folder lock', () => {
  it('refuses a second holder, naming the PID that holds the folder', async () => {
    const dir = tempDir();
    const holder = await holdPid();
    writeFileSync(path.join(dir, 'ketaclinic.lock'), String(holder.pid));
    try {
      expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
      expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`PID ${holder.pid}`));
    } finally {
      await holder.stop();
    }
  });

  it('recovers a stale lock left by a killed process', async () => {
    const dir = tempDir();
    const holder = await holdPid();
    writeFileSync(path.join(dir, 'ketaclinic.lock'), String(holder.pid));
    await holder.stop();
    const lock = acquireDataDirLock(dir);
    expect(readFileSync(lock.file, 'utf8')).toBe(String(process.pid));
    lock.release();
  });

  it('refuses the same process twice and can be taken again after release', () => {
    const dir = tempDir();
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    lock.release();
    const again = acquireDataDirLock(dir);
    again.release();
  });

  it('treats an empty or garbled lock file as stale', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'ketaclinic.lock'), 'garbage');
    const lock = acquireDataDirLock(dir);
    lock.release();
  });
});
