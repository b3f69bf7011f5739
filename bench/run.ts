/**
 * `npm run bench` (after `npm run build`): starts the built server as a child process on a fresh PGlite folder,
 * and on PostgreSQL too when BENCH_DATABASE_URL is set, then drives the API from this process with autocannon on
 * loopback. Prints a table and writes JSON to bench/results/<timestamp>-<db>.json. See bench/README.md.
 *
 * The figures are indicative only (two shared cores, client and server on the same machine); nothing asserts on them.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { authHeaders, demoPassword, DEMO_FRONT_DESK_EMAIL, signIn, type ApiSession } from './lib/api-client.js';
import { repoRoot, sampleRss, startServerProcess, type ServerProcess } from './lib/server-process.js';
import { generatePatients, loadPatientsThroughApi, searchQueries, type CreatedPatient } from './generate-patients.js';

type DbKind = 'pglite' | 'postgres';
type EndpointName = 'health' | 'read' | 'search' | 'create';
const ALL_ENDPOINTS: readonly EndpointName[] = ['health', 'read', 'search', 'create'];

const USAGE = `npm run bench -- [options]      (or: tsx bench/run.ts [options] after npm run build)
  --patients N           synthetic patients loaded before the runs (default 2000)
  --duration S           seconds per measured run (default 5)
  --warmup S             unmeasured seconds before each endpoint's first run (default 1; 0 = none)
  --connections 10,50    connection counts to measure at (default 10,50)
  --endpoints LIST       any of health,read,search,create (default all)
  --db LIST              pglite and/or postgres (default pglite, plus postgres when BENCH_DATABASE_URL is set)
  --seed N               generator seed (default 1)
  --load-concurrency N   concurrent creates while loading (default 4)
  --keep                 keep the temporary PGlite folder / PostgreSQL database
  --no-save              do not write bench/results/*.json
env BENCH_DATABASE_URL=postgres://user@host:port/db   a PostgreSQL server; a throwaway database is created in it`;

interface Options {
  patients: number; duration: number; warmup: number; connections: number[]; endpoints: EndpointName[];
  dbs: DbKind[]; seed: number; loadConcurrency: number; keep: boolean; save: boolean;
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
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be a whole number of at least ${min} (got "${text}")`);
    return n;
  };
  const endpoints = values.endpoints.split(',').map((e) => e.trim()).filter(Boolean);
  for (const e of endpoints) if (!ALL_ENDPOINTS.includes(e as EndpointName)) throw new Error(`unknown endpoint "${e}" (use ${ALL_ENDPOINTS.join(',')})`);
  const dbs = (values.db ?? (process.env.BENCH_DATABASE_URL ? 'pglite,postgres' : 'pglite')).split(',').map((d) => d.trim()).filter(Boolean);
  for (const d of dbs) if (d !== 'pglite' && d !== 'postgres') throw new Error(`unknown --db "${d}" (use pglite,postgres)`);
  if (dbs.includes('postgres') && !process.env.BENCH_DATABASE_URL) throw new Error('--db postgres needs BENCH_DATABASE_URL=postgres://…');
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
    kind: 'pglite', where: dataDir, serverOptions: { dataDir },
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
    kind: 'postgres', where: `database ${name} on ${url.host}`, serverOptions: { databaseUrl: url.toString() },
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
  endpoint: EndpointName;
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

function buildScenarios(loaded: readonly CreatedPatient[], seed: number, patientsLoaded: number): Record<EndpointName, Scenario> {
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
      method: 'GET', label: 'GET /api/patients/:id', path: `/api/patients/${ids[0]}`,
      setupRequest: (request) => ({ ...request, path: `/api/patients/${ids[readTurn++ % ids.length]}` }),
    },
    search: {
      method: 'GET', label: 'GET /api/patients?q=', path: queries[0] ?? '/api/patients',
      setupRequest: (request) => ({ ...request, path: queries[searchTurn++ % queries.length] }),
    },
    create: {
      method: 'POST', label: 'POST /api/patients', path: '/api/patients',
      setupRequest: (request) => ({ ...request, body: createBodies[createTurn++ % createBodies.length] }),
    },
  };
}

async function runScenario(server: ServerProcess, session: ApiSession, endpoint: EndpointName, scenario: Scenario, connections: number, durationS: number): Promise<ScenarioResult> {
  const headers = endpoint === 'health' ? { accept: 'application/json' } : authHeaders(session, { write: scenario.method === 'POST' });
  const sampler = sampleRss(server);
  const result = await autocannon({
    url: server.baseUrl,
    connections,
    duration: durationS,
    timeout: 10,
    method: scenario.method,
    headers,
    requests: [{ method: scenario.method, path: scenario.path, ...(scenario.setupRequest ? { setupRequest: scenario.setupRequest } : {}) }],
  });
  const peakRssMb = sampler.stop();
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    endpoint, method: scenario.method, route: scenario.label, connections, durationS: result.duration,
    requests: result.requests.total,
    reqPerSec: result.requests.total / result.duration,
    latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99, max: result.latency.max, mean: result.latency.mean },
    errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, statusCodes, peakRssMb,
  };
}

// ---------------------------------------------------------------------------------------------- one database

interface DbReport {
  tool: 'ketaclinic-bench';
  database: DbKind;
  where: string;
  startedAt: string;
  finishedAt: string;
  machine: { cpus: number; cpuModel: string; totalMemoryMb: number; node: string; platform: string; loadAverage1mAtStart: number; loadAverage1mAtEnd: number };
  options: Omit<Options, 'dbs'>;
  /** KETACLINIC_WEB_DIR when the environment set it (the API runs do not need the web app). */
  webDirOverride: string | null;
  startup: { freshMs: number; existingMs: number; note: string };
  load: { patients: number; created: number; failures: number; firstFailures: string[]; seconds: number; perSecond: number; concurrency: number; via: string };
  memoryMb: { idleAfterStart: number | undefined; idleAfterLoad: number | undefined; peakSampledDuringLoad: number | undefined; highWaterMark: number | undefined };
  scenarios: ScenarioResult[];
  hasErrors: boolean;
  problems: string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

async function benchDatabase(target: Target, options: Options): Promise<DbReport> {
  const startedAt = new Date().toISOString();
  const loadAtStart = round(os.loadavg()[0] ?? 0, 2);
  const problems: string[] = [];
  const label = target.kind;
  console.log(`\n=== ${label}: ${target.where}`);
  if (loadAtStart > os.cpus().length) {
    console.log(`  note: the machine is busy (1-minute load average ${loadAtStart} on ${os.cpus().length} CPUs): expect lower, noisier figures`);
  }

  // 1. Fresh start: create (or migrate) the database and seed the demo clinic.
  let server: ServerProcess | undefined = await startServerProcess({ ...target.serverOptions, seed: 'demo' });
  try {
    if (server.databaseKind !== label) throw new Error(`/api/health reports database "${server.databaseKind}", expected "${label}"`);
    const freshMs = server.startupMs;
    console.log(`  start on an empty database (migrate + seed): ${Math.round(freshMs)} ms to the first answered /api/health`);
    await server.stop();

    // 2. Second start on the same, already migrated and seeded database: this server is the one benchmarked.
    server = await startServerProcess({ ...target.serverOptions, seed: 'demo' });
    const existingMs = server.startupMs;
    console.log(`  start on the existing database: ${Math.round(existingMs)} ms`);
    await sleep(1000);
    const idleAfterStart = server.rssMb();

    // 3. Synthetic patients through the API.
    const session = await signIn(server.baseUrl, DEMO_FRONT_DESK_EMAIL, demoPassword());
    const patients = generatePatients(options.patients, { seed: options.seed });
    console.log(`  loading ${options.patients} synthetic patients through POST /api/patients (${options.loadConcurrency} concurrent) …`);
    const load = await loadPatientsThroughApi({ session, patients, concurrency: options.loadConcurrency });
    const loadSeconds = load.ms / 1000;
    console.log(`  loaded ${load.created.length} in ${loadSeconds.toFixed(1)} s (${(load.created.length / loadSeconds).toFixed(0)} patients/s)`);
    if (load.failures > 0) problems.push(`${load.failures} of ${options.patients} creates failed while loading: ${load.firstFailures.join(' | ')}`);
    if (load.created.length === 0) throw new Error(`no patient could be created: ${load.firstFailures.join(' | ')}`);
    await sleep(2000);
    const idleAfterLoad = server.rssMb();
    console.log(`  resident memory: ${idleAfterStart} MiB idle after start, ${idleAfterLoad} MiB idle after loading`);

    // 4. The measured runs.
    const scenarios = buildScenarios(load.created, options.seed, options.patients);
    const results: ScenarioResult[] = [];
    for (const endpoint of options.endpoints) {
      const scenario = scenarios[endpoint];
      if (options.warmup > 0) {
        await runScenario(server, session, endpoint, scenario, options.connections[0] ?? 10, options.warmup);
      }
      for (const connections of options.connections) {
        if (server.hasExited()) throw new Error(`the server died during the runs:\n${server.output()}`);
        const result = await runScenario(server, session, endpoint, scenario, connections, options.duration);
        results.push(result);
        const bad = result.errors + result.non2xx;
        console.log(`  ${scenario.label.padEnd(22)} ${String(connections).padStart(3)} conn  ${result.reqPerSec.toFixed(0).padStart(6)} req/s  ` +
          `p50 ${result.latencyMs.p50} ms  p99 ${result.latencyMs.p99} ms${bad ? `  !! ${result.errors} errors, ${result.non2xx} non-2xx ${JSON.stringify(result.statusCodes)}` : ''}`);
        if (bad) problems.push(`${scenario.label} at ${connections} connections: ${result.errors} errors (${result.timeouts} timeouts), ${result.non2xx} non-2xx, status codes ${JSON.stringify(result.statusCodes)}`);
      }
    }
    const peakSampled = results.reduce<number | undefined>((max, r) => (r.peakRssMb !== undefined && (max === undefined || r.peakRssMb > max) ? r.peakRssMb : max), undefined);
    const highWaterMark = server.peakRssMb();
    if (server.hasExited()) problems.push(`the server exited during the run:\n${server.output()}`);
    await server.stop();
    server = undefined;

    const { dbs: _dbs, ...recordedOptions } = options;
    return {
      tool: 'ketaclinic-bench', database: label, where: target.where, startedAt, finishedAt: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', totalMemoryMb: Math.round(os.totalmem() / 1048576),
        node: process.version, platform: `${os.platform()} ${os.release()}`, loadAverage1mAtStart: loadAtStart, loadAverage1mAtEnd: round(os.loadavg()[0] ?? 0, 2),
      },
      options: recordedOptions,
      webDirOverride: process.env.KETACLINIC_WEB_DIR ?? null,
      startup: {
        freshMs: Math.round(freshMs), existingMs: Math.round(existingMs),
        note: 'spawn of `node dist/server/main.js` (what `npm start` execs after its prestart build) to the first 200 from /api/health',
      },
      load: {
        patients: options.patients, created: load.created.length, failures: load.failures, firstFailures: load.firstFailures,
        seconds: round(loadSeconds, 2), perSecond: round(load.created.length / loadSeconds, 0), concurrency: options.loadConcurrency,
        via: 'POST /api/patients over HTTP (MRN, history version and audit event as for a real registration)',
      },
      memoryMb: { idleAfterStart, idleAfterLoad, peakSampledDuringLoad: peakSampled, highWaterMark },
      scenarios: results.map((r) => ({ ...r, reqPerSec: round(r.reqPerSec, 1) })),
      hasErrors: problems.length > 0,
      problems,
    };
  } finally {
    if (server) await server.stop(5_000).catch(() => undefined);
  }
}

// ---------------------------------------------------------------------------------------------- report

function printTable(reports: readonly DbReport[]): void {
  const header = ['db', 'endpoint', 'conn', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'peak RSS MiB'];
  const rows: string[][] = [];
  for (const r of reports) {
    for (const s of r.scenarios) {
      rows.push([r.database, s.route, String(s.connections), s.reqPerSec.toFixed(0), String(s.latencyMs.p50), String(s.latencyMs.p99),
        String(s.errors), String(s.non2xx), s.peakRssMb === undefined ? '-' : s.peakRssMb.toFixed(0)]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i <= 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`;
  console.log(`\n${line(header)}\n|${widths.map((w, i) => (i <= 1 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const row of rows) console.log(line(row));

  console.log('\n| db | fresh start ms | second start ms | load N patients | RSS idle after start | RSS idle after load | RSS peak (sampled / VmHWM) | load avg start/end |');
  console.log('|:---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of reports) {
    console.log(`| ${r.database} | ${r.startup.freshMs} | ${r.startup.existingMs} | ${r.load.created} in ${r.load.seconds} s (${r.load.perSecond}/s) | ` +
      `${r.memoryMb.idleAfterStart} MiB | ${r.memoryMb.idleAfterLoad} MiB | ${r.memoryMb.peakSampledDuringLoad} / ${r.memoryMb.highWaterMark} MiB | ` +
      `${r.machine.loadAverage1mAtStart} / ${r.machine.loadAverage1mAtEnd} |`);
  }
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  console.log(`Ketaclinic benchmark: ${options.patients} patients, ${options.duration} s per run at ${options.connections.join(' and ')} connections, ` +
    `${options.endpoints.join(', ')} on ${options.dbs.join(' and ')}. Machine: ${os.cpus().length} CPUs, Node ${process.version}. Figures are indicative.`);
  if (process.env.KETACLINIC_WEB_DIR) console.log(`Note: KETACLINIC_WEB_DIR=${process.env.KETACLINIC_WEB_DIR} is passed on to the server.`);
  const reports: DbReport[] = [];
  const failures: string[] = [];
  for (const kind of options.dbs) {
    let target: Target | undefined;
    try {
      target = kind === 'pglite' ? await preparePglite(options.keep) : await preparePostgres(process.env.BENCH_DATABASE_URL ?? '', options.keep);
      const report = await benchDatabase(target, options);
      reports.push(report);
      if (options.save) {
        const dir = path.join(repoRoot, 'bench', 'results');
        mkdirSync(dir, { recursive: true });
        const file = path.join(dir, `${stamp}-${kind}.json`);
        writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
        console.log(`  wrote ${path.relative(repoRoot, file)}`);
      }
    } catch (error) {
      failures.push(`${kind}: ${error instanceof Error ? error.message : String(error)}`);
      console.error(`\n!! ${kind} benchmark failed: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    } finally {
      await target?.cleanup().catch((error: unknown) => console.error(`  cleanup of ${kind} failed: ${String(error)}`));
    }
  }
  if (reports.length > 0) printTable(reports);
  const problems = [...failures, ...reports.flatMap((r) => r.problems.map((p) => `${r.database}: ${p}`))];
  if (problems.length > 0) {
    const bar = '!'.repeat(100);
    console.error(`\n${bar}\n!! THIS RUN HAD ERRORS: the figures above are not valid as they stand.\n${problems.map((p) => `!! - ${p}`).join('\n')}\n${bar}`);
    return 1;
  }
  console.log('\nNo errors and no non-2xx answers. Indicative figures from a shared 2-core machine: compare runs on the same machine only.');
  return 0;
}

main().then((code) => {
  process.exitCode = code;
}, (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
