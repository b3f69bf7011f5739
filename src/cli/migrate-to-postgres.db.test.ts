/**
 * `ketaclinic migrate-to-postgres` (issue 15): an embedded (PGlite) clinic moved to a PostgreSQL server has the same
 * rows in every table, intact audit and ledger chains, and a server that keeps working on it (new audit events and
 * ledger entries continue the chains). Runs where a PostgreSQL server is given (TEST_DATABASE_URL; CI sets it).
 */
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServices } from '../server/app.js';
import { openDatabase } from '../server/db/database.js';
import { databaseTargets } from '../server/testing/test-database.js';
import { tableCounts } from './backup.js';
import { capture, prepare, type Target } from './cli-target.testing.js';
import { runCli } from './main.js';

// Wherever the suite runs, with or without a PostgreSQL server: the command refuses what it cannot do.
describe('ketaclinic migrate-to-postgres: what it refuses before touching anything', () => {
  it('needs a postgres:// target, and reads only the embedded database', async () => {
    const noTarget = capture();
    expect(
      await runCli(
        ['migrate-to-postgres', '--to', 'mysql://somewhere/db'],
        { KETACLINIC_DATA_DIR: '/nonexistent' },
        noTarget.io,
      ),
    ).toBe(2);
    expect(noTarget.err.join('\n')).toMatch(/Missing: --to postgres:/);
    const fromServer = capture();
    expect(
      await runCli(
        ['migrate-to-postgres', '--to', 'postgres://localhost/x'],
        { DATABASE_URL: 'postgres://localhost/y' },
        fromServer.io,
      ),
    ).toBe(2);
    expect(fromServer.err.join('\n')).toMatch(/DATABASE_URL is set/);
  });
});

if (databaseTargets().includes('postgres')) {
  describe('ketaclinic migrate-to-postgres [pglite -> postgres]', () => {
    const url = process.env.TEST_DATABASE_URL!;
    const schema = `test_move_${randomBytes(6).toString('hex')}`;
    const to = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    let source: Target;
    const admin = async (query: string) => {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(query);
      } finally {
        await client.end();
      }
    };

    beforeAll(async () => {
      source = await prepare('pglite');
      expect(await runCli(['seed-demo'], source.env, capture().io)).toBe(0);
      expect(await runCli(['audit', 'verify'], source.env, capture().io)).toBe(0);
      await admin(`create schema ${schema}`);
    });
    afterAll(async () => {
      await source.dispose();
      await admin(`drop schema if exists ${schema} cascade`);
    });

    it('copies every table with the same rows and verifies the audit and ledger chains on PostgreSQL', async () => {
      const embedded = await source.open();
      const before = await tableCounts(embedded);
      await embedded.close();
      const moved = capture();
      const progress = {
        text: '',
        isTTY: false,
        write(t: string) {
          progress.text += t;
        },
      };
      expect(
        await runCli(['migrate-to-postgres', '--to', to, '--progress'], source.env, { ...moved.io, progress }),
        moved.err.join('\n'),
      ).toBe(0);
      // Progress on standard error: the rows copied of all rows, up to 100% (issue 15, CLI progress).
      const total = Object.entries(before)
        .filter(([t]) => !t.startsWith('kysely_'))
        .reduce((n, [, c]) => n + c, 0);
      expect(progress.text).toContain(`Copying rows: ${total}/${total} (100%)\n`);
      expect(moved.out).toContain(`  audit_event: ${before.audit_event}`);
      expect(
        moved.out.some((l) => /^Copied \d+ rows in \d+ tables; every table has the same rows on both sides\.$/.test(l)),
      ).toBe(true);
      expect(moved.out.some((l) => /^Audit chain: intact, \d+ events\.$/.test(l))).toBe(true);
      expect(moved.out.some((l) => /^Ledger chains: intact, \d+ entries in 1 clinic\(s\)\.$/.test(l))).toBe(true);

      const server = await openDatabase({ databaseUrl: url, schema });
      try {
        const after = await tableCounts(server);
        delete before.kysely_migration;
        delete before.kysely_migration_lock;
        delete after.kysely_migration;
        delete after.kysely_migration_lock;
        expect(after).toEqual(before);
        // Life goes on on PostgreSQL: a new audit event is sealed onto the same chain. Its time is taken after the
        // copied events (seeded with the machine's clock) and their repeat windows, not from the machine's calendar.
        const latest = await sql<{
          at: Date;
        }>`select max(coalesce(window_ends_at, occurred_at)) as at from audit_event`.execute(server.db);
        const at = new Date(latest.rows[0]!.at.getTime() + 1_000);
        const services = buildServices({ database: server, clock: () => at });
        await services.audit.append({ actor: undefined, action: 'migrated', resourceType: 'Clinic', occurredAt: at });
        await services.audit.seal(new Date(at.getTime() + 1_000));
        const verdict = await services.audit.verify();
        expect(verdict).toMatchObject({ intact: true, pending: 0 });
        expect(verdict.checked).toBeGreaterThan(before.audit_event!);
      } finally {
        await server.close();
      }
    });

    it('refuses a target that already holds tables', async () => {
      const again = capture();
      expect(await runCli(['migrate-to-postgres', '--to', to], source.env, again.io)).toBe(1);
      expect(again.err[0]).toMatch(/already holds tables/);
    });
  });
}
