/** The session cache of `AuthService`: what a request reuses instead of reading its session again. */
import type { AuthRepository } from './auth.repository.js';

/**
 * How long a looked-up session is reused without asking the database again (docs/adr/0005-audit-log-v2.md,
 * "Where the time went"). A request that wrote the session, user or clinic tables through this instance empties the
 * cache before its answer is sent (`AuthService.forgetCachedSessionsIfChanged`), and an entry read before any such
 * write in this process is not used after it, so sign-out, password changes, role changes and deactivation take
 * effect at once here; a change made by another instance or the CLI takes effect within this time.
 */
export const SESSION_CACHE_MS = 2_000;
const SESSION_CACHE_MAX_ENTRIES = 10_000;

export type SessionRow = NonNullable<Awaited<ReturnType<AuthRepository['findSession']>>>;

/**
 * Looked-up sessions by id, each with the monotonic time it was read (a cache, not a clinical clock) and the count
 * of writes to the tables it was read from at that moment: an entry read before such a write is not used after it,
 * wherever the write came from in this process (a request, a job, a test).
 */
export class SessionCache {
  private readonly entries = new Map<string, { row: SessionRow; readAt: number; writes: number | undefined }>();

  constructor(private readonly monotonic: () => number) {}

  get(id: string, writes: number | undefined): SessionRow | undefined {
    const entry = this.entries.get(id);
    if (!entry) return undefined;
    if (this.monotonic() - entry.readAt > SESSION_CACHE_MS || entry.writes !== writes) {
      this.entries.delete(id);
      return undefined;
    }
    return entry.row;
  }

  set(id: string, row: SessionRow, writes: number | undefined): void {
    if (this.entries.size >= SESSION_CACHE_MAX_ENTRIES) this.entries.clear();
    this.entries.set(id, { row, readAt: this.monotonic(), writes });
  }

  forget(id?: string): void {
    if (id === undefined) this.entries.clear();
    else this.entries.delete(id);
  }
}
