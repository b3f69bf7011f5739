/**
 * The FHIR Bulk Data export on a large clinic (`npm run bench -- --only export`): the demo clinic plus synthetic
 * patients, sessions and scored measures (bench/generate-outcomes.ts), then one system-level `$export` of every type
 * run by the server's own BulkExportService in this process (after the child servers have stopped: PGlite admits one
 * process), then every file read back as a client's download would. Reports resources a minute for the export and
 * for the download, and resident memory sampled as the export grows (it should stay flat: one keyset window at a
 * time). Indicative only: two shared cores, nothing asserts on the figures.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { buildServices } from '../src/server/app.js';
import { openDatabase } from '../src/server/db/database.js';
import { migrateToLatest } from '../src/server/db/migrate.js';
import { BulkExportRepository } from '../src/server/fhir/bulk-export.repository.js';
import { BulkExportService, DEFAULT_EXPORT_OPTIONS } from '../src/server/fhir/bulk-export.service.js';
import { FhirRepository } from '../src/server/fhir/fhir.repository.js';
import { seedDemoClinic } from '../src/server/seed/demo-seed.js';
import { generateOutcomeData } from './generate-outcomes.js';

export interface ExportBenchOptions {
  readonly patients: number;
  readonly scores: number;
  readonly batch: number;
  readonly seed: number;
}

export interface ExportBenchReport {
  database: string;
  generated: { patients: number; measures: number; observations: number; sessions: number; seconds: number };
  export: {
    resources: number;
    seconds: number;
    perMinute: number;
    files: number;
    byType: Record<string, number>;
    batch: number;
  };
  download: { resources: number; seconds: number; perMinute: number; megabytes: number };
  /** Resident memory (MiB) when the export had written 0 %, 25 %, 50 %, 75 % and 100 % of its resources. */
  rssMbByProgress: number[];
  /** Peak resident memory (MiB, `maxRSS` from getrusage) of this process so far: generation included, so an upper bound for the export. */
  peakRssMb: number;
  loadAverage1m: { atStart: number; atEnd: number };
}

const mib = () => Math.round(process.memoryUsage().rss / 1_048_576);
const load = () => Math.round((os.loadavg()[0] ?? 0) * 100) / 100;

export async function benchExport(
  kind: string,
  target: { dataDir?: string; databaseUrl?: string },
  options: ExportBenchOptions,
): Promise<ExportBenchReport> {
  const atStart = load();
  const handle = await openDatabase(target);
  try {
    await migrateToLatest(handle.db);
    const clock = () => new Date();
    const services = buildServices({ database: handle, clock, runBackgroundJobs: false });
    await seedDemoClinic(services, { password: 'bench-password-123', now: clock() });
    const nurse = await handle.db
      .selectFrom('appUser')
      .select(['id', 'clinicId', 'role'])
      .where('email', '=', 'nurse@demo.ketaclinic.test')
      .executeTakeFirstOrThrow();
    const genStarted = performance.now();
    const generated = await generateOutcomeData(handle.db, {
      clinicId: nurse.clinicId,
      recordedBy: nurse.id,
      patients: options.patients,
      scores: options.scores,
      seed: options.seed,
      now: clock(),
    });
    // What autovacuum does after such growth (and what the overview part runs too): planner statistics, without which
    // PostgreSQL guesses a handful of rows and sorts every later row of a window instead of walking the index.
    await sql`analyze`.execute(handle.db);
    const genSeconds = (performance.now() - genStarted) / 1000;
    console.log(
      `  generated ${generated.patients} patients, ${generated.sessions} sessions, ${generated.measures} measures, ${generated.observations} observations in ${genSeconds.toFixed(1)} s`,
    );

    const repo = new BulkExportRepository(handle.db);
    const service = new BulkExportService(repo, new FhirRepository(handle.db), services.audit, clock, {
      ...DEFAULT_EXPORT_OPTIONS,
      batch: options.batch,
    });
    const ctx = {
      principal: {
        userId: nurse.id,
        clinicId: nurse.clinicId,
        role: nurse.role,
        email: '',
        displayName: 'bench',
        sessionId: 'bench',
      },
      clientIp: null,
    };
    const expected = generated.patients + generated.measures + generated.observations + generated.sessions;
    const samples: Array<{ exported: number; rss: number }> = [{ exported: 0, rss: mib() }];
    const started = performance.now();
    const id = await service.kickOff(ctx, 'system', {}, 'bench:/fhir/R4/$export');
    const sampler = setInterval(() => {
      void repo.job(nurse.clinicId, id).then((job) => {
        const exported = Number(/^(\d+)/.exec(job?.progress ?? '')?.[1] ?? 0);
        samples.push({ exported, rss: mib() });
      });
    }, 500);
    await service.settled();
    clearInterval(sampler);
    const exportSeconds = (performance.now() - started) / 1000;
    samples.push({ exported: expected, rss: mib() });
    const answer = await service.status(ctx, id, 'bench:/fhir/R4');
    if (answer.state !== 'completed') throw new Error(`the export did not complete: ${JSON.stringify(answer)}`);
    const byType: Record<string, number> = {};
    for (const o of answer.manifest.output) byType[o.type] = (byType[o.type] ?? 0) + o.count;
    const resources = Object.values(byType).reduce((a, b) => a + b, 0);
    console.log(
      `  exported ${resources} resources in ${exportSeconds.toFixed(1)} s: ${Math.round((resources / exportSeconds) * 60)} a minute (${answer.manifest.output.length} files)`,
    );

    const dlStarted = performance.now();
    let lines = 0;
    let bytes = 0;
    for (const o of answer.manifest.output) {
      for await (const chunk of await service.file(ctx, id, o.url.split('/').at(-1)!)) {
        bytes += chunk.length;
        for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines += 1;
      }
    }
    const dlSeconds = (performance.now() - dlStarted) / 1000;
    if (lines !== resources) throw new Error(`the files hold ${lines} lines, the manifest counts ${resources}`);
    console.log(
      `  read back ${lines} lines (${Math.round(bytes / 1_048_576)} MiB) in ${dlSeconds.toFixed(1)} s: ${Math.round((lines / dlSeconds) * 60)} a minute`,
    );
    const rssAt = (share: number) => samples.find((s) => s.exported >= share * resources)?.rss ?? samples.at(-1)!.rss;
    const rssMbByProgress = [0, 0.25, 0.5, 0.75, 1].map(rssAt);
    const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
    console.log(
      `  resident memory at 0/25/50/75/100 % of the export: ${rssMbByProgress.join(' / ')} MiB; peak ${peakRssMb} MiB; load average ${atStart} at start, ${load()} now (shared 2-core machine)`,
    );
    return {
      database: kind,
      generated: {
        patients: generated.patients,
        measures: generated.measures,
        observations: generated.observations,
        sessions: generated.sessions,
        seconds: Math.round(genSeconds * 10) / 10,
      },
      export: {
        resources,
        seconds: Math.round(exportSeconds * 10) / 10,
        perMinute: Math.round((resources / exportSeconds) * 60),
        files: answer.manifest.output.length,
        byType,
        batch: options.batch,
      },
      download: {
        resources: lines,
        seconds: Math.round(dlSeconds * 10) / 10,
        perMinute: Math.round((lines / dlSeconds) * 60),
        megabytes: Math.round(bytes / 1_048_576),
      },
      rssMbByProgress,
      peakRssMb,
      loadAverage1m: { atStart, atEnd: load() },
    };
  } finally {
    await handle.close();
  }
}
