/**
 * `ketaclinic audit verify` over a large audit log (issue 11: 1,000,000 events in under 15 s).
 *
 *   BENCH_DATABASE_URL=postgres://… tsx bench/audit-verify.ts [--events 1000000] [--keep]
 *   tsx bench/audit-verify.ts --events 100000                        # PGlite, in memory
 *
 * Creates a throwaway database (PostgreSQL: `kc_bench_audit_<time>_<pid>` in that server; else an in-memory
 * PGlite), migrates it, inserts the events unsealed in one INSERT … SELECT (events as the app writes them: a
 * patient read or update by one of 20 users in 2 clinics), then times the sealer chaining all of them (what the
 * server does in the background, a second at a time) and the verification `audit verify` runs (the whole chain
 * from its first event, then the head). Prints both, with the load average.
 */
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { AuditRepository } from '../src/server/modules/audit/audit.repository.js';
import { AuditService } from '../src/server/modules/audit/audit.service.js';

const { values } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, keep: { type: 'boolean', default: false } },
});
const events = Number(values.events);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const load = () =>
  os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  let database: DatabaseHandle;
  let drop: (() => Promise<void>) | undefined;
  let cliDatabaseUrl: string | undefined;
  if (adminUrl) {
    const name = `kc_bench_audit_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`create database "${name}"`);
    await admin.end();
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    database = await openDatabase({ databaseUrl: url.toString() });
    cliDatabaseUrl = url.toString();
    drop = async () => {
      if (values.keep) {
        console.log(`kept database ${name}`);
        return;
      }
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`drop database if exists "${name}" with (force)`);
      await client.end();
    };
  } else {
    database = await openDatabase({});
  }
  try {
    await migrateToLatest(database.db);
    console.log(
      `audit verify bench on ${database.kind}: ${events} events. Load average at start: ${load()} (${os.cpus().length} CPUs)`,
    );
    let t0 = performance.now();
    await sql`insert into audit_event (id, clinic_id, user_id, user_role, action, resource_type, resource_id, patient_id, occurred_at,
        client_ip, outcome, detail, last_seen_at, access_count)
      select gen_random_uuid(), c.clinic_id, c.user_id, 'nurse', case when i % 3 = 0 then 'update' else 'read' end, 'Patient', p::text, p, t, '127.0.0.1',
             'success', case when i % 3 = 0 then '{"changedFields":["phone"]}'::jsonb else '{}'::jsonb end, t, 1
      from generate_series(1, ${events}) as i,
           lateral (select gen_random_uuid() as p, timestamptz '2026-12-01 08:00:00+00' + i * interval '50 ms' as t) x,
           lateral (select ('00000000-0000-4000-8000-' || lpad((i % 2)::text, 12, '0'))::uuid as clinic_id,
                           ('00000000-0000-4000-9000-' || lpad((i % 20)::text, 12, '0'))::uuid as user_id) c`.execute(
      database.db,
    );
    if (database.kind === 'postgres') await sql`vacuum (analyze) audit_event`.execute(database.db);
    const insertS = (performance.now() - t0) / 1000;
    console.log(`  inserted (unsealed) in ${insertS.toFixed(1)} s`);

    const audit = new AuditService(new AuditRepository(database.db), () => new Date());
    t0 = performance.now();
    const sealed = await audit.seal();
    const sealS = (performance.now() - t0) / 1000;
    console.log(
      `  sealed ${sealed.sealed} in ${sealS.toFixed(1)} s (${Math.round(sealed.sealed / sealS)} events/s); load average ${load()}`,
    );

    t0 = performance.now();
    const verdict = await audit.verify();
    const verifyS = (performance.now() - t0) / 1000;
    console.log(
      `  verified: intact ${verdict.intact}, ${verdict.checked} events, ${verdict.pending} pending, in ${verifyS.toFixed(1)} s ` +
        `(${Math.round(verdict.checked / verifyS)} events/s); load average ${load()}`,
    );
    if (!verdict.intact || verdict.checked !== events) process.exitCode = 1;

    if (cliDatabaseUrl) {
      // The command a clinic runs, as its own process: the launcher gives walking commands a larger young
      // generation (bin/ketaclinic.js), which this in-process figure above does not have.
      t0 = performance.now();
      const cli = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'ketaclinic.js'), 'audit', 'verify'], {
        env: { ...process.env, DATABASE_URL: cliDatabaseUrl },
        encoding: 'utf8',
      });
      const cliS = (performance.now() - t0) / 1000;
      console.log(
        `  \`ketaclinic audit verify\` (its own process, start to exit): exit ${cli.status} in ${cliS.toFixed(1)} s; load average ${load()}`,
      );
      if (cli.status !== 0) {
        console.error(cli.stdout, cli.stderr);
        process.exitCode = 1;
      }
    }
  } finally {
    await database.close();
    await drop?.();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
