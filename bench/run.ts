/**
 * `npm run bench` (after `npm run build`): starts the built server as a child process on a fresh PGlite folder,
 * and on PostgreSQL too when BENCH_DATABASE_URL is set, then drives the API from this process with autocannon on
 * loopback. Prints a table and writes JSON to bench/results/<timestamp>-<db>.json. See bench/README.md.
 * Three parts, each selectable with --only: `api` (patients loaded through the API, then the patient endpoints),
 * `scoring` (instruments scored per second by the domain, and through POST /api/instruments/:id/score) and
 * `overview` (GET /api/measures/overview on a bulk-generated clinic of 10,000 patients and 300,000 scores)
 * and `board` (the clinic board's live channel: 40 writers, 20 SSE subscribers, time-compressed; bench/board.ts).
 *
 * The figures are indicative only (two shared cores, client and server on the same machine); nothing asserts on them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/server/db/database.js';
import { benchExport } from './export.js';
import {
  benchBoard,
  boardProblems,
  DEFAULT_BOARD_OPTIONS,
  printBoardReports,
  type BoardBenchReport,
  type BoardWrites,
} from './board.js';
import { generateOutcomeData, type OutcomeDataReport } from './generate-outcomes.js';
import { domainScoringThroughput, scoreRequests, type DomainScoringResult } from './scoring.js';
import {
  apiRequest,
  authHeaders,
  demoPassword,
  DEMO_FRONT_DESK_EMAIL,
  signIn,
  type ApiSession,
} from './lib/api-client.js';
import { repoRoot, sampleRss, startServerProcess, type ServerProcess } from './lib/server-process.js';
import { generatePatients, loadPatientsThroughApi, searchQueries, type CreatedPatient } from './generate-patients.js';

type DbKind = 'pglite' | 'postgres';
type EndpointName = 'health' | 'read' | 'search' | 'create';
const ALL_ENDPOINTS: readonly EndpointName[] = ['health', 'read', 'search', 'create'];
type Section = 'api' | 'scoring' | 'overview' | 'board' | 'export';
/** The default run; `export` (the FHIR bulk export on a large clinic) is asked for by name. */
const ALL_SECTIONS: readonly Section[] = ['api', 'scoring', 'overview', 'board'];
const SECTIONS: readonly Section[] = [...ALL_SECTIONS, 'export'];
/** The demo nurse: the outcome page needs measure:read, which front desk staff do not have. */
const DEMO_NURSE_EMAIL = 'nurse@demo.ketaclinic.test';

const USAGE = `npm run bench -- [options]      (or: tsx bench/run.ts [options] after npm run build)
  --patients N           synthetic patients loaded before the runs (default 2000)
  --duration S           seconds per measured run (default 5)
  --warmup S             unmeasured seconds before each endpoint's first run (default 1; 0 = none)
  --connections 10,50    connection counts to measure at (default 10,50)
  --endpoints LIST       any of health,read,search,create (default all)
  --only LIST            parts to run: any of api,scoring,overview,board,export (default all but export)
  --export-patients N    export: synthetic patients added to the demo clinic (default 10000)
  --export-scores N      export: scored measures for them (default 300000)
  --export-batch N       export: rows read per keyset window (default 2000)
  --board-speedup N      board: time compression of its 10 simulated minutes (default 5: two minutes per database)
  --board-writes KIND    board: vitals (POST observations through the API, default) or channel (bare publishes)
  --scoring-ms N         domain scoring: milliseconds of scoring per instrument (default 1000)
  --overview-patients N  patients generated for the outcome page (default 10000)
  --overview-scores N    scored measures generated for them (default 300000)
  --overview-requests N  measured GET /api/measures/overview calls, one at a time (default 50; at most 60 s)
  --db LIST              pglite and/or postgres (default pglite, plus postgres when BENCH_DATABASE_URL is set)
  --seed N               generator seed (default 1)
  --load-concurrency N   concurrent creates while loading (default 4)
  --keep                 keep the temporary PGlite folder / PostgreSQL database
  --no-save              do not write bench/results/*.json
env BENCH_DATABASE_URL=postgres://user@host:port/db   a PostgreSQL server; a throwaway database is created in it`;

interface Options {
  patients: number;
  duration: number;
  warmup: number;
  connections: number[];
  endpoints: EndpointName[];
  dbs: DbKind[];
  seed: number;
  loadConcurrency: number;
  keep: boolean;
  save: boolean;
  only: Section[];
  scoringMs: number;
  overviewPatients: number;
  overviewScores: number;
  overviewRequests: number;
  boardSpeedup: number;
  boardWrites: BoardWrites;
  exportPatients: number;
  exportScores: number;
  exportBatch: number;
}

function boardWrites(text: string): BoardWrites {
  if (text !== 'vitals' && text !== 'channel')
    throw new Error(`--board-writes must be vitals or channel (got "${text}")`);
  return text;
}

function parseOptions(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      patients: { type: 'string', default: '2000' },
      duration: { type: 'string', default: '5' },
      warmup: { type: 'string', default: '1' },
      connections: { type: 'string', default: '10,50' },
      endpoints: { type: 'string', default: ALL_ENDPOINTS.join(',') },
      only: { type: 'string', default: ALL_SECTIONS.join(',') },
      'scoring-ms': { type: 'string', default: '1000' },
      'overview-patients': { type: 'string', default: '10000' },
      'overview-scores': { type: 'string', default: '300000' },
      'overview-requests': { type: 'string', default: '50' },
      'export-patients': { type: 'string', default: '10000' },
      'export-scores': { type: 'string', default: '300000' },
      'export-batch': { type: 'string', default: '2000' },
      'board-speedup': { type: 'string', default: String(DEFAULT_BOARD_OPTIONS.speedup) },
      'board-writes': { type: 'string', default: DEFAULT_BOARD_OPTIONS.writes },
      db: { type: 'string' },
      seed: { type: 'string', default: '1' },
      'load-concurrency': { type: 'string', default: '4' },
      keep: { type: 'boolean', default: false },
      'no-save': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const whole = (name: string, text: string, min: number) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < min)
      throw new Error(`--${name} must be a whole number of at least ${min} (got "${text}")`);
    return n;
  };
  const endpoints = values.endpoints
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of endpoints)
    if (!ALL_ENDPOINTS.includes(e as EndpointName))
      throw new Error(`unknown endpoint "${e}" (use ${ALL_ENDPOINTS.join(',')})`);
  const only = values.only
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  for (const e of only)
    if (!SECTIONS.includes(e as Section)) throw new Error(`unknown --only part "${e}" (use ${SECTIONS.join(',')})`);
  const dbs = (values.db ?? (process.env.BENCH_DATABASE_URL ? 'pglite,postgres' : 'pglite'))
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  for (const d of dbs)
    if (d !== 'pglite' && d !== 'postgres') throw new Error(`unknown --db "${d}" (use pglite,postgres)`);
  if (dbs.includes('postgres') && !process.env.BENCH_DATABASE_URL)
    throw new Error('--db postgres needs BENCH_DATABASE_URL=postgres://…');
  return {
    patients: whole('patients', values.patients, 1),
    duration: whole('duration', values.duration, 1),
    warmup: whole('warmup', values.warmup, 0),
    connections: values.connections.split(',').map((c) => whole('connections', c.trim(), 1)),
    endpoints: endpoints as EndpointName[],
    dbs: dbs as DbKind[],
    seed: whole('seed', values.seed, 0),
    loadConcurrency: whole('load-concurrency', values['load-concurrency'], 1),
    keep: values.keep,
    save: !values['no-save'],
    only: only as Section[],
    scoringMs: whole('scoring-ms', values['scoring-ms'], 1),
    overviewPatients: whole('overview-patients', values['overview-patients'], 1),
    overviewScores: whole('overview-scores', values['overview-scores'], 1),
    overviewRequests: whole('overview-requests', values['overview-requests'], 1),
    exportPatients: whole('export-patients', values['export-patients'], 1),
    exportScores: whole('export-scores', values['export-scores'], 1),
    exportBatch: whole('export-batch', values['export-batch'], 1),
    boardSpeedup: whole('board-speedup', values['board-speedup'], 1),
    boardWrites: boardWrites(values['board-writes']),
  };
}

// ---------------------------------------------------------------------------------------------- databases

interface Target {
  readonly kind: DbKind;
  /** Human-readable: the PGlite folder or the PostgreSQL database name. */
  readonly where: string;
  readonly serverOptions: { dataDir?: string; databaseUrl?: string };
  cleanup(): Promise<void>;
}

async function preparePglite(keep: boolean): Promise<Target> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kc-bench-'));
  const dataDir = path.join(tmp, 'data');
  return {
    kind: 'pglite',
    where: dataDir,
    serverOptions: { dataDir },
    async cleanup() {
      if (keep) console.log(`  kept the PGlite folder ${dataDir}`);
      else rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** A throwaway database inside the BENCH_DATABASE_URL server, dropped at the end (unless --keep). */
async function preparePostgres(adminUrl: string, keep: boolean): Promise<Target> {
  const name = `kc_bench_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    kind: 'postgres',
    where: `database ${name} on ${url.host}`,
    serverOptions: { databaseUrl: url.toString() },
    async cleanup() {
      if (keep) {
        console.log(`  kept the PostgreSQL database ${name}`);
        return;
      }
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await client.end();
      }
    },
  };
}

// ---------------------------------------------------------------------------------------------- scenarios

interface ScenarioResult {
  endpoint: EndpointName | 'score';
  method: 'GET' | 'POST';
  /** Method and route, e.g. "GET /api/patients/:id". */
  route: string;
  connections: number;
  durationS: number;
  requests: number;
  reqPerSec: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  peakRssMb: number | undefined;
  /** The machine's 1-minute load average when the run ended (two shared cores: read every figure with it). */
  loadAverage1m: number;
}

type Setup = (request: autocannon.Request) => autocannon.Request;

interface Scenario {
  readonly method: 'GET' | 'POST';
  /** What the table and the JSON call it. */
  readonly label: string;
  /** The request path (read and search replace it before every request). */
  readonly path: string;
  /** Called before every request: rotates ids, queries and bodies. */
  readonly setupRequest?: Setup;
}

function buildScenarios(
  loaded: readonly CreatedPatient[],
  seed: number,
  patientsLoaded: number,
): Record<EndpointName, Scenario> {
  const ids = loaded.map((p) => p.id);
  const queries = searchQueries(loaded, 500).map((q) => `/api/patients?${new URLSearchParams({ q }).toString()}`);
  // Patients the create runs register: the same generator, indices after the loaded ones, bodies prepared up front
  // so the client spends its CPU on sending, not on generating.
  const createBodies = generatePatients(4096, { seed, startIndex: patientsLoaded }).map((p) => JSON.stringify(p));
  let readTurn = 0;
  let searchTurn = 0;
  let createTurn = 0;
  return {
    health: { method: 'GET', label: 'GET /api/health', path: '/api/health' },
    read: {
      method: 'GET',
      label: 'GET /api/patients/:id',
      path: `/api/patients/${ids[0]}`,
      setupRequest: (request) => ({ ...request, path: `/api/patients/${ids[readTurn++ % ids.length]}` }),
    },
    search: {
      method: 'GET',
      label: 'GET /api/patients?q=',
      path: queries[0] ?? '/api/patients',
      setupRequest: (request) => ({ ...request, path: queries[searchTurn++ % queries.length] }),
    },
    create: {
      method: 'POST',
      label: 'POST /api/patients',
      path: '/api/patients',
      setupRequest: (request) => ({ ...request, body: createBodies[createTurn++ % createBodies.length] }),
    },
  };
}

async function runScenario(
  server: ServerProcess,
  session: ApiSession,
  endpoint: EndpointName | 'score',
  scenario: Scenario,
  connections: number,
  durationS: number,
): Promise<ScenarioResult> {
  const headers =
    endpoint === 'health'
      ? { accept: 'application/json' }
      : authHeaders(session, { write: scenario.method === 'POST' });
  const sampler = sampleRss(server);
  const result = await autocannon({
    url: server.baseUrl,
    connections,
    duration: durationS,
    timeout: 10,
    method: scenario.method,
    headers,
    requests: [
      {
        method: scenario.method,
        path: scenario.path,
        ...(scenario.setupRequest ? { setupRequest: scenario.setupRequest } : {}),
      },
    ],
  });
  const peakRssMb = sampler.stop();
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    endpoint,
    method: scenario.method,
    route: scenario.label,
    connections,
    durationS: result.duration,
    requests: result.requests.total,
    reqPerSec: result.requests.total / result.duration,
    latencyMs: {
      p50: result.latency.p50,
      p90: result.latency.p90,
      p99: result.latency.p99,
      max: result.latency.max,
      mean: result.latency.mean,
    },
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    statusCodes,
    peakRssMb,
    loadAverage1m: Math.round((os.loadavg()[0] ?? 0) * 100) / 100,
  };
}

// ---------------------------------------------------------------------------------------------- one database

interface OverviewReport {
  route: 'GET /api/measures/overview';
  signedInAs: string;
  generated: OutcomeDataReport & { vacuumAnalyzeMs: number; via: string };
  /** The third server start, on the database with the generated clinic. */
  startMs: number;
  requests: number;
  latencyMs: { p50: number; p95: number; p99: number; min: number; max: number; mean: number };
  responseBytes: number;
  /** What the page showed, as a sanity check of the data (per instrument: patients, share responding / remitted). */
  shown: {
    dueCount: number;
    instruments: Array<{
      instrument: string;
      patients: number;
      withBaseline: number;
      shareResponding: number | null;
      shareRemitted: number | null;
    }>;
  };
  failures: number;
  firstFailure: string | null;
  peakRssMb: number | undefined;
}

interface DbReport {
  tool: 'ketaclinic-bench';
  database: DbKind;
  where: string;
  startedAt: string;
  finishedAt: string;
  machine: {
    cpus: number;
    cpuModel: string;
    totalMemoryMb: number;
    node: string;
    platform: string;
    loadAverage1mAtStart: number;
    loadAverage1mAtEnd: number;
  };
  options: Omit<Options, 'dbs'>;
  /** KETACLINIC_WEB_DIR when the environment set it (the API runs do not need the web app). */
  webDirOverride: string | null;
  startup: { freshMs: number; existingMs: number; note: string };
  /** Null when the `api` part was not run. */
  load: {
    patients: number;
    created: number;
    failures: number;
    firstFailures: string[];
    seconds: number;
    perSecond: number;
    concurrency: number;
    via: string;
  } | null;
  memoryMb: {
    idleAfterStart: number | undefined;
    idleAfterLoad: number | undefined;
    peakSampledDuringLoad: number | undefined;
    highWaterMark: number | undefined;
  };
  scenarios: ScenarioResult[];
  /** PostgreSQL: the same read/search/create runs against bench/baseline-server.ts, each right after Ketaclinic's. */
  baseline: ScenarioResult[];
  /** Null when the `overview` part was not run. */
  overview: OverviewReport | null;
  hasErrors: boolean;
  problems: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Nearest-rank percentile of ascending `sorted`. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number;
}

async function runMeasuredEndpoint(
  server: ServerProcess,
  session: ApiSession,
  endpoint: EndpointName | 'score',
  scenario: Scenario,
  options: Options,
  results: ScenarioResult[],
  problems: string[],
  label?: string,
): Promise<void> {
  if (options.warmup > 0)
    await runScenario(server, session, endpoint, scenario, options.connections[0] ?? 10, options.warmup);
  for (const connections of options.connections) {
    if (server.hasExited()) throw new Error(`the server died during the runs:\n${server.output()}`);
    const result = await runScenario(server, session, endpoint, scenario, connections, options.duration);
    results.push(result);
    const bad = result.errors + result.non2xx;
    console.log(
      `  ${(label ?? '') + scenario.label.padEnd(22)} ${String(connections).padStart(3)} conn  ${result.reqPerSec.toFixed(0).padStart(6)} req/s  ` +
        `p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms  load ${result.loadAverage1m}${bad ? `  !! ${result.errors} errors, ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodes)}` : ''}`,
    );
    if (bad)
      problems.push(
        `${label ?? ''}${scenario.label} at ${connections} connections: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx, status codes ${JSON.stringify(result.statusCodes)}`,
      );
  }
}

/**
 * With the server stopped (PGlite admits one process): opens the database in this process, writes the synthetic
 * clinic into the demo clinic, runs VACUUM (ANALYZE) on the tables it wrote (what PostgreSQL's autovacuum does
 * after such growth: planner statistics and the visibility map that index-only scans need; PGlite has no
 * autovacuum), and closes it.
 */
async function generateOverviewData(target: Target, options: Options): Promise<OverviewReport['generated']> {
  const handle = await openDatabase(target.serverOptions);
  try {
    const nurse = await handle.db
      .selectFrom('appUser')
      .select(['id', 'clinicId'])
      .where('email', '=', DEMO_NURSE_EMAIL)
      .executeTakeFirst();
    if (!nurse)
      throw new Error(`the demo clinic has no ${DEMO_NURSE_EMAIL}: was the database seeded with the demo clinic?`);
    let nextReport = 0;
    const generated = await generateOutcomeData(handle.db, {
      clinicId: nurse.clinicId,
      recordedBy: nurse.id,
      patients: options.overviewPatients,
      scores: options.overviewScores,
      seed: options.seed,
      now: new Date(),
      onProgress: ({ patients, measures }) => {
        if (patients >= nextReport) {
          console.log(`    … ${patients} patients, ${measures} measures`);
          nextReport += Math.max(1000, Math.ceil(options.overviewPatients / 5));
        }
      },
    });
    const vacuumStarted = performance.now();
    await sql`vacuum (analyze) patient, patient_version, treatment_session, measure, observation`.execute(handle.db);
    const vacuumAnalyzeMs = performance.now() - vacuumStarted;
    return {
      ...generated,
      buildMs: Math.round(generated.buildMs),
      insertMs: Math.round(generated.insertMs),
      totalMs: Math.round(generated.totalMs),
      vacuumAnalyzeMs: Math.round(vacuumAnalyzeMs),
      via: 'bench/generate-outcomes.ts: multi-row INSERTs in one transaction per 200 patients, rows built with the domain scoring and FHIR mappers',
    };
  } finally {
    await handle.close();
  }
}

async function measureOverview(
  server: ServerProcess,
  options: Options,
  generated: OverviewReport['generated'],
): Promise<OverviewReport> {
  const session = await signIn(server.baseUrl, DEMO_NURSE_EMAIL, demoPassword());
  const route = '/api/measures/overview';
  type Overview = { dueCount: number; instruments: OverviewReport['shown']['instruments'] };
  // Two unmeasured calls: JIT, the database's caches.
  for (let i = 0; i < 2; i += 1) await apiRequest<Overview>(session, 'GET', route, undefined, 120_000);
  const sampler = sampleRss(server);
  const latencies: number[] = [];
  let failures = 0;
  let firstFailure: string | null = null;
  let last: { body: Overview | undefined; bytes: number } = { body: undefined, bytes: 0 };
  const started = performance.now();
  while (
    latencies.length + failures < options.overviewRequests &&
    !(performance.now() - started > 60_000 && latencies.length >= 10)
  ) {
    const t0 = performance.now();
    const answer = await apiRequest<Overview>(session, 'GET', route, undefined, 120_000);
    const ms = performance.now() - t0;
    if (answer.status !== 200) {
      failures += 1;
      firstFailure ??= `HTTP ${answer.status} ${answer.text.slice(0, 200)}`;
      continue;
    }
    latencies.push(ms);
    last = { body: answer.body, bytes: Buffer.byteLength(answer.text) };
  }
  const peakRssMb = sampler.stop();
  const sorted = [...latencies].sort((a, b) => a - b);
  const r = (n: number) => round(n, 1);
  return {
    route: 'GET /api/measures/overview',
    signedInAs: DEMO_NURSE_EMAIL,
    generated,
    startMs: Math.round(server.startupMs),
    requests: latencies.length,
    latencyMs: {
      p50: r(percentile(sorted, 50)),
      p95: r(percentile(sorted, 95)),
      p99: r(percentile(sorted, 99)),
      min: r(sorted[0] ?? Number.NaN),
      max: r(sorted[sorted.length - 1] ?? Number.NaN),
      mean: r(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    },
    responseBytes: last.bytes,
    shown: {
      dueCount: last.body?.dueCount ?? 0,
      instruments: (last.body?.instruments ?? []).map((i) => ({
        instrument: i.instrument,
        patients: i.patients,
        withBaseline: i.withBaseline,
        shareResponding: i.shareResponding === null ? null : round(i.shareResponding, 3),
        shareRemitted: i.shareRemitted === null ? null : round(i.shareRemitted, 3),
      })),
    },
    failures,
    firstFailure,
    peakRssMb,
  };
}

async function benchDatabase(target: Target, options: Options): Promise<DbReport> {
  const startedAt = new Date().toISOString();
  const loadAtStart = round(os.loadavg()[0] ?? 0, 2);
  const problems: string[] = [];
  const label = target.kind;
  const runs = (section: Section) => options.only.includes(section);
  console.log(`\n=== ${label}: ${target.where}`);
  if (loadAtStart > os.cpus().length) {
    console.log(
      `  note: the machine is busy (1-minute load average ${loadAtStart} on ${os.cpus().length} CPUs): expect lower, noisier figures`,
    );
  }

  // 1. Fresh start: create (or migrate) the database and seed the demo clinic.
  let server: ServerProcess | undefined = await startServerProcess({ ...target.serverOptions, seed: 'demo' });
  try {
    if (server.databaseKind !== label)
      throw new Error(`/api/health reports database "${server.databaseKind}", expected "${label}"`);
    const freshMs = server.startupMs;
    console.log(
      `  start on an empty database (migrate + seed): ${Math.round(freshMs)} ms to the first answered /api/health`,
    );
    await server.stop();

    // 2. Second start on the same, already migrated and seeded database: this server is the one benchmarked.
    server = await startServerProcess({ ...target.serverOptions, seed: 'demo' });
    const existingMs = server.startupMs;
    console.log(`  start on the existing database: ${Math.round(existingMs)} ms`);
    await sleep(1000);
    const idleAfterStart = server.rssMb();
    const session = await signIn(server.baseUrl, DEMO_FRONT_DESK_EMAIL, demoPassword());
    const results: ScenarioResult[] = [];
    const baselineResults: ScenarioResult[] = [];
    let load: DbReport['load'] = null;
    let idleAfterLoad: number | undefined;

    // 3. Synthetic patients through the API, then the patient endpoints.
    if (runs('api')) {
      const patients = generatePatients(options.patients, { seed: options.seed });
      console.log(
        `  loading ${options.patients} synthetic patients through POST /api/patients (${options.loadConcurrency} concurrent) …`,
      );
      const loaded = await loadPatientsThroughApi({ session, patients, concurrency: options.loadConcurrency });
      const loadSeconds = loaded.ms / 1000;
      console.log(
        `  loaded ${loaded.created.length} in ${loadSeconds.toFixed(1)} s (${(loaded.created.length / loadSeconds).toFixed(0)} patients/s)`,
      );
      if (loaded.failures > 0)
        problems.push(
          `${loaded.failures} of ${options.patients} creates failed while loading: ${loaded.firstFailures.join(' | ')}`,
        );
      if (loaded.created.length === 0)
        throw new Error(`no patient could be created: ${loaded.firstFailures.join(' | ')}`);
      await sleep(2000);
      idleAfterLoad = server.rssMb();
      console.log(`  resident memory: ${idleAfterStart} MiB idle after start, ${idleAfterLoad} MiB idle after loading`);
      load = {
        patients: options.patients,
        created: loaded.created.length,
        failures: loaded.failures,
        firstFailures: loaded.firstFailures,
        seconds: round(loadSeconds, 2),
        perSecond: round(loaded.created.length / loadSeconds, 0),
        concurrency: options.loadConcurrency,
        via: 'POST /api/patients over HTTP (MRN, history version and audit event as for a real registration)',
      };
      const scenarios = buildScenarios(loaded.created, options.seed, options.patients);
      // On PostgreSQL the bare server runs beside Ketaclinic on the same database: each endpoint is measured on
      // Ketaclinic, then at once on the bare server, so both see the same data and nearly the same machine load.
      const baseline = target.serverOptions.databaseUrl
        ? await startBaseline(target.serverOptions.databaseUrl)
        : undefined;
      try {
        const bareScenarios = buildScenarios(loaded.created, options.seed + 1, options.patients + 4096);
        for (const endpoint of options.endpoints) {
          await runMeasuredEndpoint(server, session, endpoint, scenarios[endpoint], options, results, problems);
          if (baseline && endpoint !== 'health')
            await runMeasuredEndpoint(
              baseline,
              session,
              endpoint,
              bareScenarios[endpoint],
              options,
              baselineResults,
              problems,
              'bare ',
            );
        }
      } finally {
        await baseline?.stop();
      }
    }

    // 4. Scoring through the API: every instrument in turn, nothing stored.
    if (runs('scoring')) {
      const requests = scoreRequests(200, options.seed);
      let turn = 0;
      const first = requests[0] ?? { path: '/api/instruments/phq-9/score', body: '{}' };
      await runMeasuredEndpoint(
        server,
        session,
        'score',
        {
          method: 'POST',
          label: 'POST /api/instruments/:id/score',
          path: first.path,
          setupRequest: (request) => {
            const next = requests[turn++ % requests.length] ?? first;
            return { ...request, path: next.path, body: next.body };
          },
        },
        options,
        results,
        problems,
      );
    }
    const peakSampled = results.reduce<number | undefined>(
      (max, r) => (r.peakRssMb !== undefined && (max === undefined || r.peakRssMb > max) ? r.peakRssMb : max),
      undefined,
    );
    const highWaterMark = server.peakRssMb();
    if (server.hasExited()) problems.push(`the server exited during the run:\n${server.output()}`);
    await server.stop();
    server = undefined;

    // 5. The clinic outcome page on a large clinic: generated in bulk with the server stopped, then a third start.
    let overview: OverviewReport | null = null;
    if (runs('overview')) {
      console.log(
        `  generating ${options.overviewPatients} patients with ${options.overviewScores} scored measures in the demo clinic (server stopped) …`,
      );
      const generated = await generateOverviewData(target, options);
      console.log(
        `  generated ${generated.patients} patients, ${generated.sessions} sessions, ${generated.measures} measures, ${generated.observations} observations ` +
          `in ${(generated.totalMs / 1000).toFixed(1)} s (building rows ${(generated.buildMs / 1000).toFixed(1)} s, inserting ${(generated.insertMs / 1000).toFixed(1)} s), VACUUM ANALYZE ${(generated.vacuumAnalyzeMs / 1000).toFixed(1)} s`,
      );
      server = await startServerProcess({ ...target.serverOptions, seed: 'demo' });
      overview = await measureOverview(server, options, generated);
      console.log(
        `  GET /api/measures/overview  ${overview.requests} calls one at a time: p50 ${overview.latencyMs.p50} ms  p95 ${overview.latencyMs.p95} ms  ` +
          `p99 ${overview.latencyMs.p99} ms  max ${overview.latencyMs.max} ms  (${Math.round(overview.responseBytes / 1024)} KiB, ${overview.shown.dueCount} due)`,
      );
      for (const i of overview.shown.instruments) {
        console.log(
          `    ${i.instrument.padEnd(16)} ${String(i.patients).padStart(6)} patients, ${String(i.withBaseline).padStart(6)} with baseline and later score, ` +
            `responding ${i.shareResponding ?? '-'}, remitted ${i.shareRemitted ?? '-'}`,
        );
      }
      if (overview.failures > 0)
        problems.push(`GET /api/measures/overview: ${overview.failures} failed calls, first: ${overview.firstFailure}`);
      if (server.hasExited()) problems.push(`the server exited during the overview calls:\n${server.output()}`);
      await server.stop();
      server = undefined;
    }

    const { dbs: _dbs, ...recordedOptions } = options;
    return {
      tool: 'ketaclinic-bench',
      database: label,
      where: target.where,
      startedAt,
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        totalMemoryMb: Math.round(os.totalmem() / 1048576),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
        loadAverage1mAtStart: loadAtStart,
        loadAverage1mAtEnd: round(os.loadavg()[0] ?? 0, 2),
      },
      options: recordedOptions,
      webDirOverride: process.env.KETACLINIC_WEB_DIR ?? null,
      startup: {
        freshMs: Math.round(freshMs),
        existingMs: Math.round(existingMs),
        note: 'spawn of `node dist/server/main.js` (what `npm start` execs after its prestart build) to the first 200 from /api/health',
      },
      load,
      memoryMb: { idleAfterStart, idleAfterLoad, peakSampledDuringLoad: peakSampled, highWaterMark },
      scenarios: results.map((r) => ({ ...r, reqPerSec: round(r.reqPerSec, 1) })),
      baseline: baselineResults.map((r) => ({ ...r, reqPerSec: round(r.reqPerSec, 1) })),
      overview,
      hasErrors: problems.length > 0,
      problems,
    };
  } finally {
    if (server) await server.stop(5_000).catch(() => undefined);
  }
}

/** bench/baseline-server.ts on the same database, acting for the demo clinic's front desk. */
async function startBaseline(databaseUrl: string): Promise<ServerProcess> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let user: { id: string; clinic_id: string } | undefined;
  try {
    user = (
      await client.query<{ id: string; clinic_id: string }>('select id, clinic_id from app_user where email = $1', [
        DEMO_FRONT_DESK_EMAIL,
      ])
    ).rows[0];
  } finally {
    await client.end();
  }
  if (!user) throw new Error(`no ${DEMO_FRONT_DESK_EMAIL} in the database`);
  return startServerProcess({
    nodeArgs: ['--import', 'tsx', path.join(repoRoot, 'bench', 'baseline-server.ts')],
    env: { BASELINE_DATABASE_URL: databaseUrl, BASELINE_CLINIC_ID: user.clinic_id, BASELINE_USER_ID: user.id },
  });
}

// ---------------------------------------------------------------------------------------------- report

/** Ketaclinic beside the bare server, endpoint by endpoint: the share of the floor that Ketaclinic reaches. */
function printRatios(reports: readonly DbReport[]): void {
  const withBaseline = reports.filter((r) => r.baseline.length > 0);
  if (withBaseline.length === 0) return;
  console.log(
    '\n| db | endpoint | conn | bare req/s | Ketaclinic req/s | ratio | bare p99 ms | Ketaclinic p99 ms | load avg (bare / Ketaclinic run) |',
  );
  console.log('|:---|:---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of withBaseline) {
    for (const bare of r.baseline) {
      const kc = r.scenarios.find((s) => s.route === bare.route && s.connections === bare.connections);
      if (!kc) continue;
      console.log(
        `| ${r.database} | ${bare.route} | ${bare.connections} | ${bare.reqPerSec.toFixed(0)} | ${kc.reqPerSec.toFixed(0)} | ` +
          `${(kc.reqPerSec / bare.reqPerSec).toFixed(2)} | ${bare.latencyMs.p99} | ${kc.latencyMs.p99} | ${bare.loadAverage1m} / ${kc.loadAverage1m} |`,
      );
    }
  }
}

function printDomainScoring(results: readonly DomainScoringResult[]): void {
  console.log('\n| instrument (domain, in process) | items | scored | scores/s | µs each |');
  console.log('|:---|---:|---:|---:|---:|');
  for (const r of results)
    console.log(`| ${r.instrument} | ${r.items} | ${r.scored} | ${r.perSecond} | ${r.microsecondsEach} |`);
}

function printTable(reports: readonly DbReport[]): void {
  const header = ['db', 'endpoint', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'peak RSS MiB'];
  const rows: string[][] = [];
  for (const r of reports) {
    for (const s of r.scenarios) {
      rows.push([
        r.database,
        s.route,
        String(s.connections),
        s.reqPerSec.toFixed(0),
        String(s.latencyMs.p50),
        String(s.latencyMs.p99),
        String(s.errors),
        String(s.non2xx),
        s.peakRssMb === undefined ? '-' : s.peakRssMb.toFixed(0),
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  if (rows.length > 0) {
    console.log(
      `\n${line(header)}\n|${widths.map((w, i) => (i <= 1 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
    );
    for (const row of rows) console.log(line(row));
  }
  const mb = (value: number | undefined) => (value === undefined ? '-' : `${value} MiB`);

  console.log(
    '\n| db | fresh start ms | second start ms | load N patients | RSS idle after start | RSS idle after load | RSS peak (sampled / VmHWM) | load avg start/end |',
  );
  console.log('|:---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of reports) {
    console.log(
      `| ${r.database} | ${r.startup.freshMs} | ${r.startup.existingMs} | ${r.load ? `${r.load.created} in ${r.load.seconds} s (${r.load.perSecond}/s)` : '-'} | ` +
        `${mb(r.memoryMb.idleAfterStart)} | ${mb(r.memoryMb.idleAfterLoad)} | ${r.memoryMb.peakSampledDuringLoad ?? '-'} / ${mb(r.memoryMb.highWaterMark)} | ` +
        `${r.machine.loadAverage1mAtStart} / ${r.machine.loadAverage1mAtEnd} |`,
    );
  }

  const withOverview = reports.filter((r) => r.overview !== null);
  if (withOverview.length === 0) return;
  console.log(
    '\n| db | outcome page data | generated in (rows / insert / VACUUM ANALYZE) | calls | p50 ms | p95 ms | p99 ms | max ms | response KiB |',
  );
  console.log('|:---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of withOverview) {
    const o = r.overview as OverviewReport;
    const g = o.generated;
    const s = (ms: number) => (ms / 1000).toFixed(1);
    console.log(
      `| ${r.database} | ${g.patients} patients, ${g.measures} measures | ${s(g.totalMs + g.vacuumAnalyzeMs)} s (${s(g.buildMs)} / ${s(g.insertMs)} / ${s(g.vacuumAnalyzeMs)}) | ` +
        `${o.requests} | ${o.latencyMs.p50} | ${o.latencyMs.p95} | ${o.latencyMs.p99} | ${o.latencyMs.max} | ${Math.round(o.responseBytes / 1024)} |`,
    );
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  console.log(
    `Ketaclinic benchmark: ${options.only.join(', ')} on ${options.dbs.join(' and ')}; ${options.duration} s per run at ${options.connections.join(' and ')} connections` +
      `${options.only.includes('api') ? `; ${options.patients} patients through the API, endpoints ${options.endpoints.join(', ')}` : ''}` +
      `${options.only.includes('overview') ? `; outcome page on ${options.overviewPatients} patients and ${options.overviewScores} scores` : ''}. ` +
      `Machine: ${os.cpus().length} CPUs, Node ${process.version}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}. Figures are indicative.`,
  );
  if (process.env.KETACLINIC_WEB_DIR)
    console.log(`Note: KETACLINIC_WEB_DIR=${process.env.KETACLINIC_WEB_DIR} is passed on to the server.`);
  let domainScoring: DomainScoringResult[] = [];
  if (options.only.includes('scoring')) {
    console.log(`\n=== scoring in the domain (this process, ${options.scoringMs} ms per instrument)`);
    const loadBefore = round(os.loadavg()[0] ?? 0, 2);
    domainScoring = domainScoringThroughput({ msPerInstrument: options.scoringMs, seed: options.seed });
    printDomainScoring(domainScoring);
    if (options.save) {
      const dir = path.join(repoRoot, 'bench', 'results');
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, `${stamp}-domain-scoring.json`);
      writeFileSync(
        file,
        `${JSON.stringify(
          {
            tool: 'ketaclinic-bench',
            part: 'domain-scoring',
            node: process.version,
            cpus: os.cpus().length,
            loadAverage1mAtStart: loadBefore,
            loadAverage1mAtEnd: round(os.loadavg()[0] ?? 0, 2),
            msPerInstrument: options.scoringMs,
            results: domainScoring,
          },
          null,
          2,
        )}\n`,
      );
      console.log(`  wrote ${path.relative(repoRoot, file)}`);
    }
  }
  const reports: DbReport[] = [];
  const boardReports: BoardBenchReport[] = [];
  const failures: string[] = [];
  for (const kind of options.dbs) {
    let target: Target | undefined;
    try {
      target =
        kind === 'pglite'
          ? await preparePglite(options.keep)
          : await preparePostgres(process.env.BENCH_DATABASE_URL ?? '', options.keep);
      if (options.only.some((section) => section !== 'board' && section !== 'export')) {
        const report = await benchDatabase(target, options);
        reports.push(report);
        if (options.save) {
          const dir = path.join(repoRoot, 'bench', 'results');
          mkdirSync(dir, { recursive: true });
          const file = path.join(dir, `${stamp}-${kind}.json`);
          writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
          console.log(`  wrote ${path.relative(repoRoot, file)}`);
        }
      }
      if (options.only.includes('board')) {
        // In this process, after the child server has stopped (PGlite admits one process per folder).
        const boardOptions = { ...DEFAULT_BOARD_OPTIONS, speedup: options.boardSpeedup, writes: options.boardWrites };
        console.log(
          `\n=== board on ${kind}: ${boardOptions.writers} writers (${boardOptions.writes}) every ${boardOptions.intervalS} s, ${boardOptions.subscribers} SSE subscribers, ` +
            `${boardOptions.simulatedMinutes} min compressed ${boardOptions.speedup}x`,
        );
        const board = await benchBoard(kind, target.serverOptions, boardOptions);
        boardReports.push(board);
        console.log(
          `  write p99 ${board.publishLatencyMs.p99} ms, write-to-board p99 ${board.writeToBoardMs.p99} ms, ${board.deliveries.received}/${board.deliveries.expected} delivered`,
        );
        failures.push(...boardProblems(board).map((p) => `${kind}: ${p}`));
        if (options.save) {
          const dir = path.join(repoRoot, 'bench', 'results');
          mkdirSync(dir, { recursive: true });
          const file = path.join(dir, `${stamp}-${kind}-board.json`);
          writeFileSync(file, `${JSON.stringify(board, null, 2)}\n`);
          console.log(`  wrote ${path.relative(repoRoot, file)}`);
        }
      }
      if (options.only.includes('export')) {
        console.log(
          `\n=== bulk export on ${kind}: demo clinic + ${options.exportPatients} patients, ${options.exportScores} scores; load average ${os.loadavg()[0]?.toFixed(2)}`,
        );
        const report = await benchExport(kind, target.serverOptions, {
          patients: options.exportPatients,
          scores: options.exportScores,
          batch: options.exportBatch,
          seed: options.seed,
        });
        if (options.save) {
          const dir = path.join(repoRoot, 'bench', 'results');
          mkdirSync(dir, { recursive: true });
          const file = path.join(dir, `${stamp}-${kind}-export.json`);
          writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
          console.log(`  wrote ${path.relative(repoRoot, file)}`);
        }
      }
    } catch (error) {
      failures.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      console.error(
        `\n!! ${kind} benchmark failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    } finally {
      await target?.cleanup().catch((error: unknown) => console.error(`  cleanup of ${kind} failed: ${String(error)}`));
    }
  }
  if (domainScoring.length > 0) printDomainScoring(domainScoring);
  if (reports.length > 0) printTable(reports);
  if (reports.length > 0) printRatios(reports);
  if (boardReports.length > 0) printBoardReports(boardReports);
  const problems = [...failures, ...reports.flatMap((r) => r.problems.map((p) => `${r.database}: ${p}`))];
  if (problems.length > 0) {
    const bar = '!'.repeat(100);
    console.error(
      `\n${bar}\n!! THIS RUN HAD ERRORS: the figures above are not valid as they stand.\n${problems.map((p) => `!! - ${p}`).join('\n')}\n${bar}`,
    );
    return 1;
  }
  console.log(
    '\nNo errors and no non-2xx answers. Indicative figures from a shared 2-core machine: compare runs on the same machine only.',
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
