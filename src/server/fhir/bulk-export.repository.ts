/**
 * The bulk export tables (migration 20261206130200): jobs, and the NDJSON they produced in chunks. This module owns
 * its tables' types.
 */
import type { ColumnType, Kysely, Selectable } from 'kysely';
import type { Database, NullableTimestamp, Timestamp } from '../db/schema.js';

export type ExportStatus = 'in-progress' | 'completed' | 'failed' | 'cancelled';
export type ExportLevel = 'system' | 'patient' | 'group';

export type BulkExportJobTable = {
  id: string;
  clinicId: string;
  /** The user or API token that asked (only it may poll and download). */
  requestedBy: string;
  level: ExportLevel;
  /** Group level: the Group exported (migration 20261206140100). */
  groupId: ColumnType<string | null, string | null | undefined, string | null>;
  types: ColumnType<string[], string, string>;
  since: NullableTimestamp;
  requestUrl: string;
  status: ExportStatus;
  progress: ColumnType<string, string | undefined, string>;
  error: string | null;
  createdAt: Timestamp;
  completedAt: NullableTimestamp;
};
export type BulkExportChunkTable = {
  jobId: string;
  seq: number;
  resourceType: string;
  part: number;
  count: number;
  ndjson: string;
};
export type BulkExportTables = { bulkExportJob: BulkExportJobTable; bulkExportChunk: BulkExportChunkTable };
export type BulkExportJobRow = Selectable<BulkExportJobTable>;

export interface ExportFile {
  readonly resourceType: string;
  readonly part: number;
  readonly count: number;
}

export class BulkExportRepository {
  private readonly db: Kysely<Database & BulkExportTables>;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<BulkExportTables>();
  }

  async insertJob(
    row: Omit<BulkExportJobRow, 'types' | 'progress' | 'error' | 'completedAt' | 'groupId'> & {
      types: readonly string[];
      groupId?: string | null;
    },
  ): Promise<void> {
    await this.db
      .insertInto('bulkExportJob')
      .values({ ...row, types: JSON.stringify(row.types) })
      .execute();
  }

  job(clinicId: string, id: string): Promise<BulkExportJobRow | undefined> {
    return this.db
      .selectFrom('bulkExportJob')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async setProgress(id: string, progress: string): Promise<void> {
    await this.db
      .updateTable('bulkExportJob')
      .set({ progress })
      .where('id', '=', id)
      .where('status', '=', 'in-progress')
      .execute();
  }

  async finish(
    id: string,
    status: Exclude<ExportStatus, 'in-progress'>,
    at: Date,
    error: string | null = null,
  ): Promise<void> {
    await this.db
      .updateTable('bulkExportJob')
      .set({ status, completedAt: at, error })
      .where('id', '=', id)
      .where('status', '=', 'in-progress')
      .execute();
  }

  async isCancelled(id: string): Promise<boolean> {
    const row = await this.db.selectFrom('bulkExportJob').select('status').where('id', '=', id).executeTakeFirst();
    return row?.status !== 'in-progress';
  }

  async appendChunk(chunk: BulkExportChunkTable): Promise<void> {
    await this.db.insertInto('bulkExportChunk').values(chunk).execute();
  }

  async deleteChunks(jobId: string): Promise<void> {
    await this.db.deleteFrom('bulkExportChunk').where('jobId', '=', jobId).execute();
  }

  /** The files of a job: one per (type, part), with their resource counts. */
  files(jobId: string): Promise<ExportFile[]> {
    return this.db
      .selectFrom('bulkExportChunk')
      .select(['resourceType', 'part'])
      .select((eb) => eb.fn.sum<number | string>('count').as('count'))
      .where('jobId', '=', jobId)
      .groupBy(['resourceType', 'part'])
      .orderBy('resourceType')
      .orderBy('part')
      .execute()
      .then((rows) => rows.map((r) => ({ resourceType: r.resourceType, part: r.part, count: Number(r.count) })));
  }

  /** One file's chunks in order, `batch` chunks a query (keyset on seq), so reading holds few chunks at a time. */
  async *fileChunks(jobId: string, resourceType: string, part: number, batch = 4): AsyncGenerator<string> {
    let after = -1;
    for (;;) {
      const rows = await this.db
        .selectFrom('bulkExportChunk')
        .select(['seq', 'ndjson'])
        .where('jobId', '=', jobId)
        .where('resourceType', '=', resourceType)
        .where('part', '=', part)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(batch)
        .execute();
      for (const r of rows) yield r.ndjson;
      if (rows.length < batch) return;
      after = rows[rows.length - 1]!.seq;
    }
  }
}
