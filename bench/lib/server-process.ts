/**
 * Starts the built server (`node dist/server/main.js`, what `npm start` runs) as a child process on loopback,
 * measures the time from spawn to the first answered `/api/health`, reads its resident memory from /proc, and
 * makes sure no child outlives the benchmark, even when it fails or is interrupted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const serverEntry = path.join(repoRoot, 'dist', 'server', 'main.js');

const liveChildren = new Set<ChildProcess>();
let guardsInstalled = false;

/** Kills every child still running when this process exits, however it exits. */
function installGuards(): void {
  if (guardsInstalled) return;
  guardsInstalled = true;
  process.on('exit', () => {
    for (const child of liveChildren) {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      console.error(`\nInterrupted (${signal}): stopping the server processes.`);
      process.exit(130);
    });
  }
}

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released for the server to take). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => (port ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export interface ServerOptions {
  /** PGlite data folder (used when `databaseUrl` is not given). */
  readonly dataDir?: string | undefined;
  /** postgres://… to run on PostgreSQL. */
  readonly databaseUrl?: string | undefined;
  readonly seed?: 'demo' | 'none';
  readonly logLevel?: string;
  readonly port?: number;
  /** How long to wait for the first answered health check. */
  readonly startTimeoutMs?: number;
  /** Another program to run instead of the built server (node arguments), e.g. the bare baseline server. */
  readonly nodeArgs?: readonly string[];
  /** Extra environment for the child. */
  readonly env?: NodeJS.ProcessEnv;
}

export interface ServerProcess {
  readonly pid: number;
  readonly port: number;
  readonly baseUrl: string;
  /** Milliseconds from spawn to the first 200 from /api/health. */
  readonly startupMs: number;
  /** What /api/health said the database is. */
  readonly databaseKind: string;
  readonly child: ChildProcess;
  /** The last lines the server printed (for error messages). */
  output(): string;
  hasExited(): boolean;
  /** Resident memory now, in MiB (VmRSS), or undefined once the process is gone. */
  rssMb(): number | undefined;
  /** The kernel's high-water mark of resident memory since start, in MiB (VmHWM). */
  peakRssMb(): number | undefined;
  /** SIGTERM (the server closes PGlite cleanly), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Sends a signal and waits for the process to be gone. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

function readStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

const toMb = (kb: number | undefined) => (kb === undefined ? undefined : Math.round((kb / 1024) * 10) / 10);
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function startServerProcess(options: ServerOptions): Promise<ServerProcess> {
  if (!options.nodeArgs && !existsSync(serverEntry))
    throw new Error(`${path.relative(repoRoot, serverEntry)} is missing: run \`npm run build\` first.`);
  if (!options.nodeArgs && !options.databaseUrl && !options.dataDir)
    throw new Error('startServerProcess needs a dataDir or a databaseUrl');
  installGuards();
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.DATABASE_URL;
  delete env.KETACLINIC_DATA_DIR;
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    KETACLINIC_SEED: options.seed ?? 'demo',
    LOG_LEVEL: options.logLevel ?? 'warn',
  });
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  else if (options.dataDir) env.KETACLINIC_DATA_DIR = options.dataDir;
  Object.assign(env, options.env ?? {});

  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 60) lines.splice(0, lines.length - 60);
  };
  const started = performance.now();
  // BENCH_SERVER_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server under the bench's load (Node
  // refuses --cpu-prof in NODE_OPTIONS).
  const flags = (process.env.BENCH_SERVER_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...flags, ...(options.nodeArgs ?? [serverEntry])], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => {
      exited = true;
      liveChildren.delete(child);
      resolve();
    });
  });
  if (child.pid === undefined) throw new Error('the server process did not start');
  const pid = child.pid;
  const baseUrl = `http://127.0.0.1:${port}`;

  const kill = async (signal: NodeJS.Signals) => {
    if (exited) return;
    child.kill(signal);
    await exit;
  };

  // Poll /api/health until it answers 200 (bounded by the timeout).
  const deadline = started + (options.startTimeoutMs ?? 90_000);
  let databaseKind = '';
  let startupMs = 0;
  for (;;) {
    if (exited) throw new Error(`the server exited before answering /api/health:\n${lines.join('\n')}`);
    if (performance.now() > deadline) {
      await kill('SIGKILL');
      throw new Error(
        `the server did not answer /api/health within ${options.startTimeoutMs ?? 90_000} ms:\n${lines.join('\n')}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) {
        startupMs = performance.now() - started;
        databaseKind = ((await response.json()) as { database?: string }).database ?? '';
        break;
      }
      await response.body?.cancel();
    } catch {
      // not listening yet
    }
    await sleep(20);
  }

  return {
    pid,
    port,
    baseUrl,
    startupMs,
    databaseKind,
    child,
    output: () => lines.join('\n'),
    hasExited: () => exited,
    rssMb: () => toMb(readStatusKb(pid, 'VmRSS')),
    peakRssMb: () => toMb(readStatusKb(pid, 'VmHWM')),
    kill,
    async stop(graceMs = 15_000) {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!exited) child.kill('SIGKILL');
      }, graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}

/** Samples a process's resident memory every `intervalMs` and keeps the maximum. */
export function sampleRss(server: ServerProcess, intervalMs = 100): { stop(): number | undefined } {
  let peak: number | undefined;
  const take = () => {
    const now = server.rssMb();
    if (now !== undefined && (peak === undefined || now > peak)) peak = now;
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return peak;
    },
  };
}
