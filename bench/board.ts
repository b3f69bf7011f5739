/**
 * The clinic board's live channel under load (issue 5): 40 chairs each publishing a change every 5 s for 10 minutes,
 * compressed in time (`--board-speedup`, default 5: two minutes of wall time, 40 writes a second), while 20 board
 * subscribers listen on GET /api/events. Reports write latency and delivery delay (write to the SSE message parsed
 * by a subscriber), p50/p95/p99/max.
 *
 * What is written (`--board-writes`):
 *  - `vitals` (default): 40 treatment sessions are inserted for today (no chair, so the chair exclusion constraint
 *    does not limit them to the demo's three), checked in through the API, and each chair's writer POSTs vital signs
 *    to /api/sessions/:id/observations: the whole write (session, CSRF, record, alert rules, audit, NOTIFY).
 *  - `channel`: bare `publishClinicEvent` transactions, the channel alone.
 *
 * Where it runs: the server instances run in this process (startServer, as `npm start` does, listening on loopback);
 * the writers use an instance's database handle and the subscribers connect over HTTP. On PGlite that is one
 * instance (one process per data folder); on PostgreSQL two instances with their own pools and LISTEN connections,
 * the writers on the first and the subscribers split between both, so half the deliveries cross instances.
 * Writers, servers and subscribers share this process's event loop and the machine's two cores: the delay includes
 * that contention. Indicative figures only; nothing asserts on them.
 *
 *   tsx bench/board.ts [--db pglite,postgres] [--board-speedup 5] [--board-writes vitals|channel] [--no-save]    (also part of `npm run bench`)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Kysely } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/server/config/config.js';
import type { Database } from '../src/server/db/schema.js';
import { publishClinicEvent } from '../src/server/realtime/clinic-events.repository.js';
import { startServer, type StartedServer } from '../src/server/start.js';
import { openEventStream, type EventStreamClient } from '../src/server/testing/event-stream-client.js';
import { apiRequest, demoPassword, signIn, type ApiSession } from './lib/api-client.js';

export type BoardDbKind = 'pglite' | 'postgres';
export type BoardWrites = 'vitals' | 'channel';

export interface BoardBenchOptions {
  /** Chairs writing (default 40). */
  readonly writers: number;
  /** Boards listening (default 20). */
  readonly subscribers: number;
  /** Simulated seconds between one chair's writes (default 5). */
  readonly intervalS: number;
  /** Simulated minutes (default 10). */
  readonly simulatedMinutes: number;
  /** Time compression: wall time = simulated time / speedup (default 5). */
  readonly speedup: number;
  /** Vital signs through the API (default) or bare publishes. */
  readonly writes: BoardWrites;
}

export const DEFAULT_BOARD_OPTIONS: BoardBenchOptions = {
  writers: 40,
  subscribers: 20,
  intervalS: 5,
  simulatedMinutes: 10,
  speedup: 5,
  writes: 'vitals',
};

interface Distribution {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
  count: number;
}

export interface BoardBenchReport {
  database: BoardDbKind;
  instances: number;
  options: BoardBenchOptions;
  wallSeconds: number;
  publishesPerSecond: number;
  published: number;
  publishErrors: number;
  firstPublishError: string | null;
  /** vitals: POST /api/sessions/:id/observations until its 201; channel: the publishing transaction until commit. */
  publishLatencyMs: Distribution;
  deliveries: { expected: number; received: number; missing: number; acrossInstances: number };
  /** vitals: from the writer's 201 (0 if the message came first); channel: from the commit. */
  deliveryDelayMs: Distribution;
  /** From the start of the write (the POST sent, or the transaction begun) to the subscriber: what a board user waits. */
  writeToBoardMs: Distribution;
  note: string;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (n: number) => Math.round(n * 10) / 10;

export function distribution(values: readonly number[]): Distribution {
  if (values.length === 0) return { p50: 0, p95: 0, p99: 0, max: 0, mean: 0, count: 0 };
  const sorted = [...values].sort((x, y) => x - y);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
  const mean = sorted.reduce((sum, v) => sum + v, 0) / sorted.length;
  return {
    p50: round(at(0.5)),
    p95: round(at(0.95)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    mean: round(mean),
    count: sorted.length,
  };
}

async function startInstance(
  serverOptions: { dataDir?: string; databaseUrl?: string },
  seed: 'demo' | 'none',
): Promise<{ server: StartedServer; url: string }> {
  const loaded = loadConfig({
    LOG_LEVEL: 'warn',
    KETACLINIC_SEED: seed,
    KETACLINIC_WEB_DIR: path.join(os.tmpdir(), 'kc-bench-no-web-app'),
    ...(serverOptions.databaseUrl ? { DATABASE_URL: serverOptions.databaseUrl } : {}),
    ...(serverOptions.dataDir ? { KETACLINIC_DATA_DIR: serverOptions.dataDir } : {}),
  });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  const server = await startServer(loaded.config);
  const url = await server.app.listen({ port: 0, host: '127.0.0.1' });
  return { server, url };
}

/** Vital signs within the alert limits, a little different each time. */
function normalVitals() {
  const jitter = (base: number, spread: number) => base + Math.round((Math.random() - 0.5) * 2 * spread);
  return {
    systolic: jitter(122, 8),
    diastolic: jitter(78, 5),
    heartRate: jitter(76, 8),
    spo2: jitter(97, 1),
    respiratoryRate: jitter(14, 2),
  };
}

/**
 * Today's sessions for the writers: inserted directly (as bench/generate-outcomes.ts does), one per chair writer,
 * without a chair, then checked in through the API so vital signs are accepted.
 */
async function prepareChairs(
  db: Kysely<Database>,
  session: ApiSession,
  clinicId: string,
  userId: string,
  count: number,
): Promise<string[]> {
  const patients = await db
    .selectFrom('patient')
    .select('id')
    .where('clinicId', '=', clinicId)
    .orderBy('createdAt')
    .limit(count)
    .execute();
  if (patients.length === 0) throw new Error('the demo clinic has no patients');
  const now = Date.now();
  const rows = Array.from({ length: count }, (_, i) => ({
    clinicId,
    patientId: patients[i % patients.length]?.id ?? '',
    modality: 'iv-ketamine',
    startsAt: new Date(now - 5 * 60_000),
    endsAt: new Date(now + 100 * 60_000),
    status: 'scheduled' as const,
    createdAt: new Date(now),
    createdBy: userId,
  }));
  const inserted = await db.insertInto('treatmentSession').values(rows).returning('id').execute();
  for (const { id } of inserted) {
    const answer = await apiRequest(session, 'POST', `/api/sessions/${id}/check-in`, { identityChecked: true });
    if (answer.status !== 200) throw new Error(`check-in answered ${answer.status}: ${answer.text.slice(0, 200)}`);
  }
  return inserted.map((row) => row.id);
}

/** Runs the board scenario on one database; `serverOptions` is what run.ts's targets provide. */
export async function benchBoard(
  kind: BoardDbKind,
  serverOptions: { dataDir?: string; databaseUrl?: string },
  options: BoardBenchOptions = DEFAULT_BOARD_OPTIONS,
): Promise<BoardBenchReport> {
  const instances: Array<{ server: StartedServer; url: string }> = [];
  const streams: EventStreamClient[] = [];
  try {
    instances.push(await startInstance(serverOptions, 'demo'));
    if (kind === 'postgres') instances.push(await startInstance(serverOptions, 'none'));
    const writerInstance = instances[0];
    if (!writerInstance) throw new Error('no server instance');
    const session = await signIn(writerInstance.url, 'nurse@demo.ketaclinic.test', demoPassword());
    const me = (await (
      await fetch(new URL('/api/auth/me', writerInstance.url), { headers: { cookie: session.cookie } })
    ).json()) as { user: { clinicId: string; userId: string } };
    const clinicId = me.user.clinicId;

    const chairs =
      options.writes === 'vitals'
        ? await prepareChairs(writerInstance.server.database.db, session, clinicId, me.user.userId, options.writers)
        : Array.from({ length: options.writers }, () => crypto.randomUUID());

    // Subscribers, alternating between instances; every delivery is recorded with its arrival time, by event id
    // (bare publishes) and by subscriber and session (vital signs: the API does not return the event id).
    const arrivals = new Map<string, Array<{ at: number; instance: number }>>();
    const bySession = new Map<string, number[]>();
    for (let i = 0; i < options.subscribers; i += 1) {
      const instanceIndex = i % instances.length;
      const instance = instances[instanceIndex];
      if (!instance) continue;
      const stream = await openEventStream(`${instance.url}/api/events`, { cookie: session.cookie });
      if (stream.status !== 200)
        throw new Error(`GET /api/events answered ${stream.status}: ${stream.body.slice(0, 200)}`);
      await stream.waitForComment((c) => c.startsWith('connected'), 10_000);
      const subscriber = i;
      stream.onMessage = (message) => {
        if (!message.id) return;
        const list = arrivals.get(message.id) ?? [];
        list.push({ at: message.receivedAt, instance: instanceIndex });
        arrivals.set(message.id, list);
        const sessionId = (JSON.parse(message.data) as { sessionId: string | null }).sessionId;
        const key = `${subscriber}/${sessionId ?? ''}`;
        const times = bySession.get(key) ?? [];
        times.push(message.receivedAt);
        bySession.set(key, times);
      };
      streams.push(stream);
    }

    // Writers: each chair publishes every interval, staggered so the load is even.
    const intervalMs = (options.intervalS * 1000) / options.speedup;
    const wallMs = (options.simulatedMinutes * 60_000) / options.speedup;
    const publishes: Array<{ id: string; sessionId: string; startedAt: number; committedAt: number }> = [];
    const latencies: number[] = [];
    let publishErrors = 0;
    let firstPublishError: string | null = null;
    const { db } = writerInstance.server.database;
    const startedAt = performance.now();
    const endsAt = startedAt + wallMs;
    const writer = async (index: number) => {
      const sessionId = chairs[index] ?? crypto.randomUUID();
      let next = startedAt + (index * intervalMs) / options.writers;
      for (;;) {
        const wait = next - performance.now();
        if (wait > 0) await sleep(wait);
        if (performance.now() >= endsAt) return;
        const t0 = performance.now();
        try {
          let id = '';
          if (options.writes === 'vitals') {
            const answer = await apiRequest(session, 'POST', `/api/sessions/${sessionId}/observations`, {
              kind: 'vitals',
              vitals: normalVitals(),
            });
            if (answer.status !== 201)
              throw new Error(`POST observations answered ${answer.status}: ${answer.text.slice(0, 200)}`);
          } else {
            id = (
              await db.transaction().execute((trx) => publishClinicEvent(trx, clinicId, { topic: 'vitals', sessionId }))
            ).id;
          }
          const t1 = performance.now();
          publishes.push({ id, sessionId, startedAt: t0, committedAt: t1 });
          latencies.push(t1 - t0);
        } catch (error) {
          publishErrors += 1;
          firstPublishError ??= error instanceof Error ? error.message : String(error);
        }
        next += intervalMs;
      }
    };
    await Promise.all(Array.from({ length: options.writers }, (_, i) => writer(i)));
    const wallSeconds = (performance.now() - startedAt) / 1000;
    await sleep(2_000); // stragglers

    const delays: number[] = [];
    const writeToBoard: number[] = [];
    let received = 0;
    let acrossInstances = 0;
    const record = (at: number, instance: number, publish: { startedAt: number; committedAt: number }) => {
      received += 1;
      if (instance !== 0) acrossInstances += 1;
      // The notification can be handled before the writer's await resumes: count that as no delay.
      delays.push(Math.max(0, at - publish.committedAt));
      writeToBoard.push(at - publish.startedAt);
    };
    if (options.writes === 'channel') {
      for (const publish of publishes)
        for (const arrival of arrivals.get(publish.id) ?? []) record(arrival.at, arrival.instance, publish);
    } else {
      // Each chair's writes are sequential: a subscriber's first message for that session after a write began is its delivery.
      const ordered = [...publishes].sort((x, y) => x.startedAt - y.startedAt);
      for (let subscriber = 0; subscriber < options.subscribers; subscriber += 1) {
        const cursor = new Map<string, number>();
        for (const publish of ordered) {
          const times = bySession.get(`${subscriber}/${publish.sessionId}`) ?? [];
          let index = cursor.get(publish.sessionId) ?? 0;
          while (index < times.length && (times[index] ?? 0) < publish.startedAt) index += 1;
          if (index < times.length) {
            record(times[index] ?? 0, subscriber % instances.length, publish);
            index += 1;
          }
          cursor.set(publish.sessionId, index);
        }
      }
    }
    const expected = publishes.length * options.subscribers;
    return {
      database: kind,
      instances: instances.length,
      options,
      wallSeconds: round(wallSeconds),
      publishesPerSecond: round(publishes.length / wallSeconds),
      published: publishes.length,
      publishErrors,
      firstPublishError,
      publishLatencyMs: distribution(latencies),
      deliveries: { expected, received, missing: expected - received, acrossInstances },
      deliveryDelayMs: distribution(delays),
      writeToBoardMs: distribution(writeToBoard),
      note: `${options.writes === 'vitals' ? 'vital signs through POST /api/sessions/:id/observations' : 'bare publishClinicEvent transactions'}; servers, writers and SSE subscribers in one process on a shared 2-core machine`,
    };
  } finally {
    for (const stream of streams) stream.close();
    for (const instance of instances.reverse()) await instance.server.close().catch(() => undefined);
  }
}

export function printBoardReports(reports: readonly BoardBenchReport[]): void {
  console.log(
    '\n| db | writes | instances | writes done | write p50 / p99 ms | delivered / expected | delivery p50 / p99 / max ms | write-to-board p99 ms |',
  );
  console.log('|:---|:---|---:|---:|---:|---:|---:|---:|');
  for (const r of reports) {
    console.log(
      `| ${r.database} | ${r.options.writes} | ${r.instances} | ${r.published} (${r.publishesPerSecond}/s) | ${r.publishLatencyMs.p50} / ${r.publishLatencyMs.p99} | ` +
        `${r.deliveries.received} / ${r.deliveries.expected} | ${r.deliveryDelayMs.p50} / ${r.deliveryDelayMs.p99} / ${r.deliveryDelayMs.max} | ${r.writeToBoardMs.p99} |`,
    );
  }
}

/** Problems that make a run's figures invalid (for run.ts's error banner). */
export function boardProblems(report: BoardBenchReport): string[] {
  const problems: string[] = [];
  if (report.publishErrors > 0)
    problems.push(`board: ${report.publishErrors} publishes failed (${report.firstPublishError ?? ''})`);
  if (report.deliveries.missing > 0)
    problems.push(`board: ${report.deliveries.missing} of ${report.deliveries.expected} deliveries missing`);
  return problems;
}

// ---------------------------------------------------------------------------------------------- standalone

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      db: { type: 'string' },
      'board-speedup': { type: 'string', default: String(DEFAULT_BOARD_OPTIONS.speedup) },
      'board-writes': { type: 'string', default: DEFAULT_BOARD_OPTIONS.writes },
      'no-save': { type: 'boolean', default: false },
    },
  });
  const speedup = Number(values['board-speedup']);
  if (!Number.isInteger(speedup) || speedup < 1)
    throw new Error('--board-speedup must be a whole number of at least 1');
  const adminUrl = process.env.BENCH_DATABASE_URL;
  const dbs = (values.db ?? (adminUrl ? 'pglite,postgres' : 'pglite')).split(',').map((d) => d.trim()) as BoardDbKind[];
  const writes = values['board-writes'];
  if (writes !== 'vitals' && writes !== 'channel') throw new Error('--board-writes must be vitals or channel');
  const options: BoardBenchOptions = { ...DEFAULT_BOARD_OPTIONS, speedup, writes };
  const reports: BoardBenchReport[] = [];
  const problems: string[] = [];
  for (const kind of dbs) {
    console.log(
      `board on ${kind}: ${options.writers} writers (${writes}) every ${options.intervalS} s, ${options.subscribers} subscribers, ${options.simulatedMinutes} min compressed ${speedup}x …`,
    );
    if (kind === 'pglite') {
      const tmp = mkdtempSync(path.join(os.tmpdir(), 'kc-bench-board-'));
      try {
        reports.push(await benchBoard('pglite', { dataDir: path.join(tmp, 'data') }, options));
      } finally {
        rmSync(tmp, { recursive: true, force: true });
      }
    } else if (kind === 'postgres') {
      if (!adminUrl) throw new Error('--db postgres needs BENCH_DATABASE_URL=postgres://…');
      const name = `kc_bench_board_${process.pid}`;
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      await admin.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
      await admin.end();
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      try {
        reports.push(await benchBoard('postgres', { databaseUrl: url.toString() }, options));
      } finally {
        const cleanup = new pg.Client({ connectionString: adminUrl });
        await cleanup.connect();
        await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await cleanup.end();
      }
    } else {
      throw new Error(`unknown --db "${String(kind)}" (use pglite,postgres)`);
    }
    const report = reports[reports.length - 1];
    if (report) problems.push(...boardProblems(report));
  }
  printBoardReports(reports);
  if (!values['no-save']) {
    const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-board.json`);
    writeFileSync(file, `${JSON.stringify(reports, null, 2)}\n`);
    console.log(`wrote ${path.relative(process.cwd(), file)}`);
  }
  if (problems.length > 0) {
    console.error(`\n!! THIS RUN HAD ERRORS:\n${problems.map((p) => `!! - ${p}`).join('\n')}`);
    return 1;
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exitCode = 1;
    },
  );
}
