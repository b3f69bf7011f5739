/**
 * FHIR Bulk Data export (Bulk Data Access IG 2.0, https://hl7.org/fhir/uv/bulkdata/export.html): kick-off at
 * `/$export` (system), `/Patient/$export` (patient level) or `/Group/<id>/$export` (the Group's members), an asynchronous job, a status URL answering 202 with
 * X-Progress until the manifest (200), and one NDJSON file per resource type and part.
 *
 * The job reads each type in keyset windows (`ExportWindow`: at most `batch` rows a query, in id order), maps them
 * with the same definitions the FHIR server serves (fhir-resources.ts), and writes each window's NDJSON as one chunk
 * row: memory stays at one window whatever the clinic's size. Downloads stream the chunks back a few at a time.
 * Jobs run in the process that took the kick-off; status and files are in the database, so any instance answers.
 */
import { randomUUID } from 'node:crypto';
import { roleHas } from '../auth/permissions.js';
import { scopesAllow } from '../auth/smart-scopes.js';
import { BadRequestError, ForbiddenError, NotFoundError } from '../errors/http-errors.js';
import type { RequestContext } from '../http.js';
import type { AuditService } from '../modules/audit/audit.service.js';
import type { BulkExportJobRow, BulkExportRepository, ExportLevel } from './bulk-export.repository.js';
import { FHIR_RESOURCES, protocolGroups, type FhirResourceDefinition } from './fhir-resources.js';
import { ExportWindow, type FhirRepository } from './fhir.repository.js';
import { SearchQuery } from './search-params.js';

/** The Patient compartment's types this server serves: what a patient-level export contains. */
export const PATIENT_COMPARTMENT_TYPES = [
  'Patient',
  'Observation',
  'QuestionnaireResponse',
  'Encounter',
  'Condition',
  'CarePlan',
  'MedicationAdministration',
  'MedicationRequest',
  'Consent',
  'AllergyIntolerance',
  'MedicationStatement',
  'AdverseEvent',
] as const;
const OUTPUT_FORMATS = ['application/fhir+ndjson', 'application/ndjson', 'ndjson'];
const KICK_OFF_PARAMS = ['_type', '_since', '_outputFormat'];

export interface ExportOptions {
  /** Rows read per query (one chunk each). */
  readonly batch: number;
  /** Resources per file before the next part starts. */
  readonly partSize: number;
}
export const DEFAULT_EXPORT_OPTIONS: ExportOptions = { batch: 2_000, partSize: 100_000 };

export interface ExportManifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: Array<{ type: string; url: string; count: number }>;
  error: never[];
}

export type ExportStatusAnswer =
  | { state: 'in-progress'; progress: string }
  | { state: 'completed'; manifest: ExportManifest }
  | { state: 'failed'; error: string };

/** The caller's identity for the job: a token, or the signed-in user. Only it may poll and download. */
const requester = (ctx: RequestContext) => ctx.principal.apiTokenId ?? ctx.principal.userId;

export class BulkExportService {
  private readonly running = new Set<Promise<void>>();
  private isClosing = false;

  constructor(
    private readonly repo: BulkExportRepository,
    private readonly fhir: FhirRepository,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
    private readonly options: ExportOptions = DEFAULT_EXPORT_OPTIONS,
  ) {}

  /** Validates the kick-off, records the job and starts it; answers the job id (for Content-Location). */
  async kickOff(
    ctx: RequestContext,
    level: ExportLevel,
    query: Record<string, unknown>,
    requestUrl: string,
    groupId?: string,
  ): Promise<string> {
    for (const key of Object.keys(query)) {
      if (!KICK_OFF_PARAMS.includes(key))
        throw new BadRequestError(`Parameter ${key} is not supported by $export`, [
          { field: key, message: `is not supported (supported: ${KICK_OFF_PARAMS.join(', ')})` },
        ]);
    }
    const one = (name: string): string | undefined => {
      const v = query[name];
      if (Array.isArray(v)) return v.map(String).join(',');
      return v === undefined ? undefined : String(v);
    };
    const format = one('_outputFormat');
    if (format !== undefined && !OUTPUT_FORMATS.includes(format))
      throw new BadRequestError('Only NDJSON is exported', [
        { field: '_outputFormat', message: `must be one of ${OUTPUT_FORMATS.join(', ')}` },
      ]);
    const sinceText = one('_since');
    const since = sinceText === undefined ? null : new Date(sinceText);
    if (since && (Number.isNaN(since.getTime()) || !/^\d{4}-\d{2}-\d{2}T/.test(sinceText!))) {
      throw new BadRequestError('_since must be an instant', [
        { field: '_since', message: 'must be an instant such as 2026-11-01T00:00:00Z' },
      ]);
    }
    if (level === 'group') {
      const known = (await protocolGroups(this.fhir, ctx.principal.clinicId)).some((g) => g.protocolId === groupId);
      if (!known) throw new NotFoundError(`Group/${groupId ?? ''} is not known in this clinic.`);
    }
    const available: readonly string[] =
      level === 'system' ? FHIR_RESOURCES.map((d) => d.type) : PATIENT_COMPARTMENT_TYPES;
    const asked = one('_type')
      ?.split(',')
      .map((t) => t.trim())
      .filter(Boolean);
    const unknown = asked?.filter((t) => !available.includes(t)) ?? [];
    if (unknown.length > 0)
      throw new BadRequestError(`_type: ${unknown.join(', ')} cannot be exported here`, [
        { field: '_type', message: `must be among ${available.join(', ')}` },
      ]);
    if (ctx.principal.compartmentPatientId !== undefined)
      throw new ForbiddenError('A token limited to one patient cannot run a bulk export.');
    const allowed = (t: string) => {
      const def = definition(t);
      return (
        roleHas(ctx.principal.role, def.permission) &&
        (!ctx.principal.tokenScopes || scopesAllow(ctx.principal.tokenScopes, t, 'r'))
      );
    };
    const refused = (asked ?? []).filter((t) => !allowed(t));
    if (refused.length > 0)
      throw new ForbiddenError(`Not allowed to export ${refused.join(', ')} (role or token scopes).`);
    // Without _type: every type the caller may read (Bulk Data IG: the server limits the export to what is authorised).
    const types = [...new Set(asked ?? available.filter(allowed))];
    const id = randomUUID();
    const now = this.clock();
    await this.repo.insertJob({
      id,
      clinicId: ctx.principal.clinicId,
      requestedBy: requester(ctx),
      level,
      groupId: level === 'group' ? (groupId ?? null) : null,
      types,
      since,
      requestUrl,
      status: 'in-progress',
      createdAt: now,
    });
    await this.audit.record(ctx, {
      action: 'export',
      resourceType: 'BulkExport',
      resourceId: id,
      occurredAt: now,
      detail: { level, types, since: since?.toISOString() ?? null, ...(level === 'group' ? { group: groupId } : {}) },
    });
    this.start(id, ctx.principal.clinicId);
    return id;
  }

  async status(ctx: RequestContext, id: string, baseUrl: string): Promise<ExportStatusAnswer> {
    const job = await this.ownJob(ctx, id);
    if (job.status === 'in-progress') return { state: 'in-progress', progress: job.progress || 'starting' };
    if (job.status === 'failed') return { state: 'failed', error: job.error ?? 'The export failed.' };
    const files = await this.repo.files(job.id);
    return {
      state: 'completed',
      manifest: {
        transactionTime: job.createdAt.toISOString(),
        request: job.requestUrl,
        requiresAccessToken: true,
        output: files.map((f) => ({
          type: f.resourceType,
          url: `${baseUrl}/$export-file/${job.id}/${f.resourceType}-${f.part}.ndjson`,
          count: f.count,
        })),
        error: [],
      },
    };
  }

  /** DELETE on the status URL: stops the job and removes its files. */
  async cancel(ctx: RequestContext, id: string): Promise<void> {
    const job = await this.ownJob(ctx, id);
    const now = this.clock();
    await this.repo.finish(job.id, 'cancelled', now);
    await this.repo.deleteChunks(job.id);
    await this.audit.record(ctx, {
      action: 'export-cancel',
      resourceType: 'BulkExport',
      resourceId: id,
      occurredAt: now,
    });
  }

  /** A file of a completed job, as NDJSON chunks (audited: who downloaded which type, how many resources). */
  async file(ctx: RequestContext, id: string, fileName: string): Promise<AsyncGenerator<string>> {
    const job = await this.ownJob(ctx, id);
    const m = /^([A-Za-z]+)-(\d{1,6})\.ndjson$/.exec(fileName);
    const file =
      m && job.status === 'completed'
        ? (await this.repo.files(job.id)).find((f) => f.resourceType === m[1] && f.part === Number(m[2]))
        : undefined;
    if (!file) throw new NotFoundError('No such export file.');
    await this.audit.record(ctx, {
      action: 'export-download',
      resourceType: file.resourceType,
      resourceId: id,
      detail: { via: 'fhir-bulk', part: file.part, count: file.count },
    });
    return this.repo.fileChunks(job.id, file.resourceType, file.part);
  }

  /** Waits until the jobs this process runs have finished. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /** Stops the jobs this process runs at their next window, and waits for them (app close). */
  async close(): Promise<void> {
    this.isClosing = true;
    await Promise.allSettled([...this.running]);
  }

  private async ownJob(ctx: RequestContext, id: string): Promise<BulkExportJobRow> {
    const job = /^[0-9a-f-]{36}$/.test(id) ? await this.repo.job(ctx.principal.clinicId, id) : undefined;
    if (!job || job.requestedBy !== requester(ctx) || job.status === 'cancelled')
      throw new NotFoundError('No such export.');
    return job;
  }

  private start(id: string, clinicId: string): void {
    const run = this.run(id, clinicId).catch(async (error: unknown) => {
      await this.repo
        .finish(id, 'failed', this.clock(), `The export stopped: ${(error as Error)?.name ?? 'error'}`)
        .catch(() => undefined);
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  private async run(id: string, clinicId: string): Promise<void> {
    const job = await this.repo.job(clinicId, id);
    if (!job) return;
    const since = job.since;
    let seq = 0;
    let total = 0;
    const done: string[] = [];
    // Group level: the Group's members when the job starts; each type is searched for them only.
    const members =
      job.level === 'group'
        ? ((await protocolGroups(this.fhir, clinicId)).find((g) => g.protocolId === job.groupId)?.members ?? [])
        : undefined;
    const criteria = (type: string): SearchQuery => {
      if (members === undefined) return new SearchQuery(type, {}, []);
      return type === 'Patient'
        ? new SearchQuery(type, { _id: members.join(',') }, ['_id'])
        : new SearchQuery(type, { patient: members.join(',') }, ['patient']);
    };
    // The previous window's write runs while the next window is read (on PostgreSQL they use two connections).
    let writing: Promise<void> = Promise.resolve();
    let writeFailure: unknown;
    const flush = async () => {
      await writing;
      if (writeFailure !== undefined) throw writeFailure;
    };
    for (const type of members?.length === 0 ? [] : job.types) {
      const def = definition(type);
      let part = 1;
      let inPart = 0;
      let count = 0;
      for (const source of type === 'Observation' ? (['scores', 'vitals'] as const) : (['scores'] as const)) {
        const window = new ExportWindow(this.options.batch);
        window.source = source;
        for (;;) {
          if (this.isClosing || (await this.repo.isCancelled(id))) {
            await writing;
            return;
          }
          window.fetched = undefined;
          const served = await def.search(this.fhir.windowed(window), clinicId, criteria(def.type));
          const lines = since
            ? served.filter(
                (s) => s.resource.meta?.lastUpdated !== undefined && new Date(s.resource.meta.lastUpdated) > since,
              )
            : served;
          if (lines.length > 0) {
            if (inPart > 0 && inPart + lines.length > this.options.partSize) {
              part += 1;
              inPart = 0;
            }
            const chunk = {
              jobId: id,
              seq: seq++,
              resourceType: type,
              part,
              count: lines.length,
              ndjson: `${lines.map((s) => JSON.stringify(s.resource)).join('\n')}\n`,
            };
            inPart += lines.length;
            count += lines.length;
            total += lines.length;
            const progress = progressText(done, type, count, total);
            await flush();
            writing = this.repo
              .appendChunk(chunk)
              .then(() => this.repo.setProgress(id, progress))
              .catch((error: unknown) => {
                writeFailure = error;
              });
          }
          // A type read without a window (the instrument catalogue, the clinic) is complete in one pass.
          if (window.fetched === undefined || window.fetched < window.limit) break;
          window.after = window.lastKey;
        }
      }
      done.push(`${type} ${count}`);
    }
    await flush();
    await this.repo.setProgress(id, progressText(done, undefined, 0, total));
    await this.repo.finish(id, 'completed', this.clock());
  }
}

function definition(type: string): FhirResourceDefinition {
  const def = FHIR_RESOURCES.find((d) => d.type === type);
  if (!def) throw new BadRequestError(`${type} is not served`, [{ field: '_type', message: `${type} is not served` }]);
  return def;
}

function progressText(done: readonly string[], current: string | undefined, count: number, total: number): string {
  const parts = [...done, ...(current ? [`${current} ${count} so far`] : [])];
  return `${total} resources exported (${parts.join(', ')})`;
}
