/**
 * `ketaclinic backup --out FILE` and `ketaclinic restore FILE` (issue 15, "Running it for real").
 *
 * PostgreSQL: `pg_dump --format=custom` (when DATABASE_URL's options set a search_path, only that schema), restored
 * with `pg_restore` into a database (or schema) that holds no Ketaclinic tables yet. The client tools must be on PATH
 * (Debian: postgresql-client, same major version as the server or newer).
 * PGlite: the whole data folder as PGlite's own tarball (`dumpDataDir`), taken with the folder's lock held (so the
 * server must be stopped: PGlite admits one process), restored into a data folder that does not exist or is empty.
 * Nothing is overwritten: both restores refuse a target that already has a database.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '../server/db/database.js';

export class BackupError extends Error {}

/** The first bytes of a pg_dump custom-format archive. */
const PG_DUMP_MAGIC = 'PGDMP';

export type BackupKind = 'postgres' | 'pglite';

/** What kind of backup a file holds, from its first bytes. */
export function backupKindOf(bytes: Uint8Array): BackupKind {
  return Buffer.from(bytes.subarray(0, PG_DUMP_MAGIC.length)).toString('latin1') === PG_DUMP_MAGIC
    ? 'postgres'
    : 'pglite';
}

/** The schema a connection string selects with `options=-c search_path=<schema>`, if any. */
export function schemaOf(databaseUrl: string): string | undefined {
  try {
    const options = new URL(databaseUrl).searchParams.get('options') ?? '';
    const m = /(?:^|\s)-c\s*search_path=([A-Za-z_][A-Za-z0-9_]*)/.exec(options);
    return m?.[1];
  } catch {
    return undefined;
  }
}

function run(tool: string, args: string[]): void {
  const result = spawnSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.error && (result.error as NodeJS.ErrnoException).code === 'ENOENT') {
    throw new BackupError(
      `${tool} is not on PATH: install the PostgreSQL client tools (Debian: apt-get install postgresql-client) to back up or restore a PostgreSQL database.`,
    );
  }
  if (result.status !== 0)
    throw new BackupError(
      `${tool} failed (exit ${result.status}): ${(result.stderr || '').trim().split('\n').slice(-3).join(' | ')}`,
    );
}

export async function backup(
  target: { databaseUrl?: string | undefined; dataDir: string },
  out: string,
  onProgress?: (done: number, of: number) => void,
): Promise<{ kind: BackupKind; bytes: number }> {
  if (target.databaseUrl) {
    const schema = schemaOf(target.databaseUrl);
    const tables = onProgress ? await baseTablesIn(target.databaseUrl, schema) : 0;
    let dumped = 0;
    onProgress?.(0, tables);
    await runReportingTables(
      'pg_dump',
      [
        '--format=custom',
        '--no-owner',
        '--no-privileges',
        ...(onProgress ? ['--verbose'] : []),
        ...(schema ? [`--schema=${schema}`] : []),
        `--file=${out}`,
        `--dbname=${target.databaseUrl}`,
      ],
      () => onProgress?.(Math.min((dumped += 1), tables), tables),
    );
  } else {
    if (!existsSync(target.dataDir)) throw new BackupError(`There is no database in ${target.dataDir}.`);
    // PGlite writes its tarball in one call: the steps are the dump and the file.
    onProgress?.(0, 2);
    const database = await openDatabase({ dataDir: target.dataDir });
    try {
      const blob = await database.dumpDataDir!();
      onProgress?.(1, 2);
      writeFileSync(out, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
      onProgress?.(2, 2);
    } finally {
      await database.close();
    }
  }
  return { kind: target.databaseUrl ? 'postgres' : 'pglite', bytes: readFileSync(out).length };
}

/**
 * Runs pg_dump (asynchronously, so progress can be shown) and calls `onTable` each time its verbose output says it
 * is dumping a table's contents ("dumping contents of table …": table names are not passed on).
 */
function runReportingTables(tool: string, args: string[], onTable: () => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(tool, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const tail: string[] = [];
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      const lines = (pending + chunk).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (/dumping contents of table/.test(line)) onTable();
        else if (line.trim()) tail.push(line.trim());
        if (tail.length > 3) tail.shift();
      }
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'ENOENT'
          ? new BackupError(
              `${tool} is not on PATH: install the PostgreSQL client tools (Debian: apt-get install postgresql-client) to back up or restore a PostgreSQL database.`,
            )
          : error,
      );
    });
    child.on('close', (status) => {
      if (status === 0) resolve();
      else
        reject(
          new BackupError(
            `${tool} failed (exit ${status}): ${[...tail, pending.trim()].filter(Boolean).slice(-3).join(' | ')}`,
          ),
        );
    });
  });
}

/** Restores FILE into the configured database; returns the database, open, for the caller to verify and close. */
export async function restore(
  target: { databaseUrl?: string | undefined; dataDir: string },
  file: string,
): Promise<DatabaseHandle> {
  if (!existsSync(file)) throw new BackupError(`No file ${file}.`);
  const bytes = readFileSync(file);
  const kind = backupKindOf(bytes);
  if (kind === 'postgres') {
    if (!target.databaseUrl)
      throw new BackupError(
        `${file} is a PostgreSQL backup (pg_dump): set DATABASE_URL to the database to restore it into.`,
      );
    const schema = schemaOf(target.databaseUrl);
    const tables = await tablesIn(target.databaseUrl, schema);
    if (tables > 0) {
      throw new BackupError(
        `The target database${schema ? ` (schema ${schema})` : ''} already holds tables: restore into an empty one (nothing is overwritten).`,
      );
    }
    // A schema-only backup creates its schema: an existing empty one is removed first (it holds nothing).
    if (schema) await withClient(target.databaseUrl, (c) => c.query(`drop schema if exists ${schema} restrict`));
    run('pg_restore', [
      '--no-owner',
      '--no-privileges',
      '--exit-on-error',
      '--single-transaction',
      `--dbname=${target.databaseUrl}`,
      file,
    ]);
    return openDatabase({ databaseUrl: target.databaseUrl, ...(schema ? { schema } : {}) });
  }
  if (target.databaseUrl)
    throw new BackupError(
      `${file} is an embedded-database (PGlite) backup: unset DATABASE_URL to restore it into a data folder, or use migrate-to-postgres.`,
    );
  if (existsSync(target.dataDir) && readdirSync(target.dataDir).length > 0) {
    throw new BackupError(
      `${target.dataDir} is not empty: restore into a new data folder (set KETACLINIC_DATA_DIR); nothing is overwritten.`,
    );
  }
  return openDatabase({ dataDir: target.dataDir, loadDataDir: new Blob([bytes]) });
}

async function withClient<T>(databaseUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The tables whose rows pg_dump writes (base tables, not views), for the backup's progress. */
function baseTablesIn(databaseUrl: string, schema: string | undefined): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from information_schema.tables where table_schema = $1 and table_type = 'BASE TABLE'`,
      [schema ?? 'public'],
    );
    return Number(rows[0]?.n ?? 0);
  });
}

function tablesIn(databaseUrl: string, schema: string | undefined): Promise<number> {
  return withClient(databaseUrl, async (client) => {
    const { rows } = await client.query<{ n: string }>(
      `select count(*) as n from information_schema.tables where table_schema = $1`,
      [schema ?? 'public'],
    );
    return Number(rows[0]?.n ?? 0);
  });
}

/** Rows in every table of the database's schema (the restore and migration checks compare them). */
export async function tableCounts(database: DatabaseHandle): Promise<Record<string, number>> {
  const { rows } = await sql<{ name: string }>`select table_name as name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(database.db);
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(name)}`.execute(database.db);
    counts[name] = Number(r.rows[0]?.n ?? 0);
  }
  return counts;
}
