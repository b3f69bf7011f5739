/**
 * Crash safety on PGlite, for manual runs with larger volumes (a Vitest version runs in `npm test`):
 *
 *   tsx bench/crash-safety.ts [--rounds 3] [--kill-after 500] [--connections 8] [--keep]
 *
 * Each round starts the built server (`node dist/server/main.js`) on the same temporary PGlite folder, streams
 * patient creates from several connections, and sends SIGKILL to the server once `--kill-after` creates have been
 * answered 201 (more are in flight at that moment). The next start must recover the stale data-folder lock by
 * itself. At the end the server is started once more and every patient whose create was answered 201 is read
 * back by id. The audit chain is verified too (as the demo admin).
 *
 * Exit code 0 only when no acknowledged patient is missing, every restart succeeded, every create was answered
 * 201 or not at all (a 4xx/5xx during the stream is a bug too), and the audit chain is intact.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import type { PatientDto } from '../src/contract/patients.js';
import {
  apiRequest,
  demoPassword,
  DEMO_ADMIN_EMAIL,
  DEMO_FRONT_DESK_EMAIL,
  runBounded,
  signIn,
} from './lib/api-client.js';
import { startServerProcess, type ServerProcess } from './lib/server-process.js';
import { syntheticPatient } from './generate-patients.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    'kill-after': { type: 'string', default: '500' },
    connections: { type: 'string', default: '8' },
    seed: { type: 'string', default: '42' },
    keep: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log(
    'tsx bench/crash-safety.ts [--rounds 3] [--kill-after 500 (201s per round before SIGKILL)] [--connections 8] [--seed 42] [--keep]',
  );
  process.exit(0);
}
const whole = (name: string, text: string) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1`);
  return n;
};
const rounds = whole('rounds', values.rounds);
const killAfter = whole('kill-after', values['kill-after']);
const connections = whole('connections', values.connections);
const seed = whole('seed', values.seed);

const DEMO_PATIENTS = 20;
/** A bound on each round's stream, in case the kill never comes (a server that stops answering). */
const MAX_CREATES_PER_ROUND = killAfter * 20;

interface RoundReport {
  round: number;
  startupMs: number;
  staleLockRecovered: boolean;
  acknowledged: number;
  unanswered: number;
  otherStatuses: Record<string, number>;
}

async function streamAndKill(
  server: ServerProcess,
  round: number,
  startIndex: number,
  acknowledged: string[],
): Promise<Omit<RoundReport, 'startupMs' | 'staleLockRecovered'>> {
  const session = await signIn(server.baseUrl, DEMO_FRONT_DESK_EMAIL, demoPassword());
  let answered201 = 0;
  let unanswered = 0;
  const otherStatuses: Record<string, number> = {};
  let killing: Promise<void> | undefined;
  await runBounded(
    MAX_CREATES_PER_ROUND,
    connections,
    async (i) => {
      try {
        const answer = await apiRequest<PatientDto>(
          session,
          'POST',
          '/api/patients',
          syntheticPatient(seed, startIndex + i),
          10_000,
        );
        if (answer.status === 201 && answer.body?.id) {
          acknowledged.push(answer.body.id);
          answered201 += 1;
          if (answered201 >= killAfter && !killing) killing = server.kill('SIGKILL');
        } else {
          otherStatuses[answer.status] = (otherStatuses[answer.status] ?? 0) + 1;
        }
      } catch {
        unanswered += 1; // the connection died with the server: neither acknowledged nor promised
      }
    },
    () => killing !== undefined,
  );
  if (!killing) killing = server.kill('SIGKILL');
  await killing;
  return { round, acknowledged: answered201, unanswered, otherStatuses };
}

async function main(): Promise<number> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kc-crash-'));
  const dataDir = path.join(tmp, 'data');
  const lockFile = path.join(dataDir, 'ketaclinic.lock');
  const acknowledged: string[] = [];
  const reports: RoundReport[] = [];
  const problems: string[] = [];
  let server: ServerProcess | undefined;
  const started = performance.now();
  console.log(
    `Crash safety on PGlite (${dataDir}): ${rounds} rounds, SIGKILL after ${killAfter} acknowledged creates, ${connections} connections.`,
  );
  try {
    for (let round = 1; round <= rounds; round += 1) {
      const staleLock = existsSync(lockFile) ? readFileSync(lockFile, 'utf8').trim() : undefined;
      server = await startServerProcess({ dataDir, seed: 'demo' });
      const report = await streamAndKill(server, round, (round - 1) * MAX_CREATES_PER_ROUND, acknowledged);
      const staleLockRecovered = round === 1 ? false : staleLock !== undefined;
      if (round > 1 && staleLock === undefined)
        problems.push(`round ${round}: expected the killed server's lock file to be left behind`);
      reports.push({ ...report, startupMs: Math.round(server.startupMs), staleLockRecovered });
      console.log(
        `  round ${round}: started in ${Math.round(server.startupMs)} ms${round > 1 ? ` (stale lock of PID ${staleLock ?? '?'} recovered)` : ''}, ` +
          `${report.acknowledged} creates answered 201, ${report.unanswered} cut off by SIGKILL` +
          `${Object.keys(report.otherStatuses).length ? `, other answers ${JSON.stringify(report.otherStatuses)}` : ''}`,
      );
      for (const [status, count] of Object.entries(report.otherStatuses))
        problems.push(`round ${round}: ${count} creates answered HTTP ${status}`);
      server = undefined;
    }

    // Restart on the same folder (after a kill: the stale lock must be recovered) and read every acknowledged patient.
    const leftLock = existsSync(lockFile) ? readFileSync(lockFile, 'utf8').trim() : undefined;
    server = await startServerProcess({ dataDir, seed: 'demo' });
    console.log(
      `  restart after the last kill: ${Math.round(server.startupMs)} ms (stale lock ${leftLock ? `of PID ${leftLock} ` : 'absent?! '}recovered)`,
    );
    if (!leftLock) problems.push('the last killed server left no lock file behind (expected a stale lock to recover)');
    const session = await signIn(server.baseUrl, DEMO_FRONT_DESK_EMAIL, demoPassword());
    const missing: string[] = [];
    const readErrors: string[] = [];
    await runBounded(acknowledged.length, 8, async (i) => {
      const id = acknowledged[i] as string;
      const answer = await apiRequest<PatientDto>(session, 'GET', `/api/patients/${id}`);
      if (answer.status === 404) missing.push(id);
      else if (answer.status !== 200 || answer.body?.id !== id) readErrors.push(`${id}: HTTP ${answer.status}`);
    });
    const totalAnswer = await apiRequest<{ total: number }>(session, 'GET', '/api/patients?limit=1');
    const total = totalAnswer.body?.total ?? Number.NaN;
    const stored = total - DEMO_PATIENTS;
    const unanswered = reports.reduce((n, r) => n + r.unanswered, 0);

    const admin = await signIn(server.baseUrl, DEMO_ADMIN_EMAIL, demoPassword());
    const verify = await apiRequest<{ intact: boolean; checked: number; brokenAtSeq?: number; reason?: string }>(
      admin,
      'GET',
      '/api/audit/verify',
      undefined,
      120_000,
    );
    await server.stop();
    server = undefined;

    console.log(`\n  acknowledged (201) creates: ${acknowledged.length}`);
    console.log(`  found again by id:          ${acknowledged.length - missing.length - readErrors.length}`);
    console.log(
      `  MISSING:                    ${missing.length}${missing.length ? `  e.g. ${missing.slice(0, 5).join(', ')}` : ''}`,
    );
    if (readErrors.length)
      console.log(`  read errors:                ${readErrors.length}  e.g. ${readErrors.slice(0, 3).join('; ')}`);
    console.log(
      `  patients stored (besides the ${DEMO_PATIENTS} demo ones): ${stored}; creates cut off by a kill: ${unanswered} ` +
        `(so between ${acknowledged.length} and ${acknowledged.length + unanswered} may be stored)`,
    );
    console.log(
      `  audit chain: ${verify.body?.intact ? `intact (${verify.body.checked} events)` : `BROKEN ${JSON.stringify(verify.body ?? verify.text)}`}`,
    );
    console.log(`  total time ${((performance.now() - started) / 1000).toFixed(1)} s`);

    if (missing.length) problems.push(`${missing.length} acknowledged patients are missing after the restart`);
    if (readErrors.length)
      problems.push(
        `${readErrors.length} acknowledged patients could not be read (${readErrors.slice(0, 3).join('; ')})`,
      );
    if (!(stored >= acknowledged.length && stored <= acknowledged.length + unanswered)) {
      problems.push(
        `stored patient count ${stored} is outside [${acknowledged.length}, ${acknowledged.length + unanswered}]`,
      );
    }
    if (verify.status !== 200 || !verify.body?.intact)
      problems.push(`audit chain verification: HTTP ${verify.status} ${verify.text.slice(0, 300)}`);
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  } finally {
    if (server) await server.kill('SIGKILL');
    if (values.keep) console.log(`  kept ${dataDir}`);
    else rmSync(tmp, { recursive: true, force: true });
  }
  if (problems.length) {
    console.error(`\n!! CRASH SAFETY FAILED:\n${problems.map((p) => `!! - ${p}`).join('\n')}`);
    return 1;
  }
  console.log('\nOK: no acknowledged patient was lost across the kills.');
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);
