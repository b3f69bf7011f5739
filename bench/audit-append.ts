/**
 * Audit appends per second under concurrency, for the designs weighed in docs/adr/0005-audit-log-v2.md:
 *   v1-global-lock      audit log v1: pg_advisory_xact_lock, read the last hash, insert the chained row, commit
 *   per-clinic-lock     the same with one lock and chain per clinic (1 clinic, then 4 clinics sharing the load)
 *   v2-unlocked         audit log v2: insert unsealed, commit (the sealer runs beside it, once a second)
 * Each: a pool of 10 connections, 50 concurrent writers, each append its own transaction (begin, a patient-sized
 * row read as a stand-in for the request's own work, the audit append, commit), for --seconds.
 *
 *   BENCH_DATABASE_URL=postgres://… tsx bench/audit-append.ts [--seconds 3]
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { GENESIS_HASH, chainHash } from '../src/domain/audit/hash-chain.js';
import { AuditRepository } from '../src/server/modules/audit/audit.repository.js';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '3' } } });
const seconds = Number(values.seconds);
const load = () => (os.loadavg()[0] ?? 0).toFixed(2);

type Variant = { name: string; clinics: number; locked: boolean };
const VARIANTS: Variant[] = [
  { name: 'v1-global-lock', clinics: 1, locked: true },
  { name: 'per-clinic-lock, 1 clinic', clinics: 1, locked: true },
  { name: 'per-clinic-lock, 4 clinics', clinics: 4, locked: true },
  { name: 'v2-unlocked', clinics: 1, locked: false },
];

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) throw new Error('set BENCH_DATABASE_URL');
  const name = `kc_bench_append_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database "${name}"`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(handle.db);
  const sealer = new AuditRepository(handle.db);
  const pool = new pg.Pool({ connectionString: url.toString(), max: 10 });
  try {
    console.log(
      `audit appends: pool 10, 50 writers, ${seconds} s per variant, PostgreSQL; load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    for (const variant of VARIANTS) {
      const clinicIds = Array.from({ length: variant.clinics }, () => randomUUID());
      let done = 0;
      const latencies: number[] = [];
      const until = performance.now() + seconds * 1000;
      const sealing = setInterval(() => {
        if (!variant.locked) void sealer.seal(new Date());
      }, 1000);
      const writer = async (w: number) => {
        while (performance.now() < until) {
          const t0 = performance.now();
          const clinicId = clinicIds[w % clinicIds.length]!;
          const client = await pool.connect();
          try {
            await client.query('begin');
            await client.query('select 1 from audit_event where seq = 1');
            const occurredAt = new Date();
            const id = randomUUID();
            if (variant.locked) {
              // One chain per lock key: the whole database (v1) or the clinic (per-clinic chains).
              const key = variant.name.startsWith('v1') ? 7_240_001 : 7_250_000 + clinicIds.indexOf(clinicId);
              await client.query('select pg_advisory_xact_lock($1)', [key]);
              const last = await client.query<{ hash: string }>(
                'select hash from audit_event where clinic_id = $1 and hash is not null order by seq desc limit 1',
                [clinicId],
              );
              const prev = last.rows[0]?.hash ?? GENESIS_HASH;
              const hash = chainHash(prev, { id, clinicId, action: 'read', occurredAt: occurredAt.toISOString() });
              await client.query(
                `insert into audit_event (id, clinic_id, action, resource_type, occurred_at, outcome, prev_hash, hash, position)
                values ($1, $2, 'read', 'Patient', $3, 'success', $4, $5, nextval('bench_position'))`,
                [id, clinicId, occurredAt, prev, hash],
              );
            } else {
              await client.query(
                `insert into audit_event (id, clinic_id, action, resource_type, occurred_at, outcome, last_seen_at)
                values ($1, $2, 'update', 'Patient', $3, 'success', $3)`,
                [id, clinicId, occurredAt],
              );
            }
            await client.query('commit');
          } catch (error) {
            await client.query('rollback');
            throw error;
          } finally {
            client.release();
          }
          done += 1;
          latencies.push(performance.now() - t0);
        }
      };
      await pool.query('create sequence if not exists bench_position start 100000000');
      await Promise.all(Array.from({ length: 50 }, (_, w) => writer(w)));
      clearInterval(sealing);
      latencies.sort((a, b) => a - b);
      const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? 0;
      console.log(
        `  ${variant.name.padEnd(28)} ${Math.round(done / seconds)
          .toString()
          .padStart(
            6,
          )} appends/s  p50 ${latencies[Math.floor(latencies.length / 2)]?.toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  load ${load()}`,
      );
    }
  } finally {
    await pool.end();
    await handle.close();
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.end();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exitCode = 1;
});
