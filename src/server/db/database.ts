/**
 * The one place that opens a database. Every code path (server, CLI, tests, benchmarks) goes through
 * `openDatabase`, so PGlite and PostgreSQL return the same shapes:
 *   int8 / count  -> number (not string)      numeric -> number
 *   date          -> 'YYYY-MM-DD' string (no local-midnight Date trap)
 *   timestamptz   -> Date
 */
import { PGlite } from '@electric-sql/pglite';
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist';
import { CamelCasePlugin, Kysely, PGliteDialect, PostgresDialect, sql, type Dialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock.js';
import type { Database } from './schema.js';
import { TableWriteCounter } from './table-writes.js';

export type DatabaseKind = 'pglite' | 'postgres';

export interface DatabaseHandle {
  readonly db: Kysely<Database>;
  readonly kind: DatabaseKind;
  /** The writes this process has sent to each table (a cache asks whether its tables changed; table-writes.ts). */
  readonly tableWrites: TableWriteCounter;
  /**
   * Runs LISTEN on PostgreSQL or PGlite and calls back on each NOTIFY; returns an unsubscribe function.
   * On PostgreSQL it listens on a connection of its own (outside the pool, `application_name` ketaclinic-listen):
   * if that connection is lost, `onLost` is called once and the caller listens again (src/server/realtime does,
   * with backoff). PGlite's never is lost.
   */
  listen(
    channel: string,
    onMessage: (payload: string) => void,
    onLost?: (error: Error) => void,
  ): Promise<() => Promise<void>>;
  /** A round trip to the database (health checks). */
  ping(): Promise<void>;
  /** PGlite only: the whole database as a tar dump (`PGlite.dumpDataDir`), which `loadDataDir` opens again. */
  readonly dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
}

const OID = { int8: 20, numeric: 1700, date: 1082 } as const;

/** How the LISTEN connection names itself in pg_stat_activity. */
export const LISTEN_APPLICATION_NAME = 'ketaclinic-listen';

const toNumber = (value: string): number => Number(value);
const asText = (value: string): string => value;

export interface OpenDatabaseOptions {
  /** postgres://… to use a PostgreSQL server. */
  readonly databaseUrl?: string | undefined;
  /** PGlite data folder; omitted (with no databaseUrl) means an in-memory database, for tests. */
  readonly dataDir?: string | undefined;
  /** PGlite: start from this dump of a database (`PGlite.dumpDataDir`) instead of an empty one (in memory, or a new folder). */
  readonly loadDataDir?: Blob | undefined;
  /** PostgreSQL only: the schema to use (tests isolate themselves in a schema of their own). */
  readonly schema?: string | undefined;
  readonly maxConnections?: number;
}

export async function openDatabase(options: OpenDatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.schema, options.maxConnections ?? 10);
  return openPglite(options.dataDir, options.loadDataDir);
}

/** Kysely over a dialect as every database here is queried: camelCase names, and writes counted per table. */
/** Kysely over a dialect, with what every handle has alike: its kind, its table-write counter and its ping. */
function handleOver(
  dialect: Dialect,
  kind: DatabaseKind,
): Pick<DatabaseHandle, 'db' | 'kind' | 'tableWrites' | 'ping'> {
  const tableWrites = new TableWriteCounter();
  const db = new Kysely<Database>({ dialect, plugins: [new CamelCasePlugin(), tableWrites] });
  return {
    db,
    kind,
    tableWrites,
    async ping() {
      await sql`select 1`.execute(db);
    },
  };
}

async function openPglite(dataDir: string | undefined, loadDataDir: Blob | undefined): Promise<DatabaseHandle> {
  let lock: DataDirLock | undefined;
  if (dataDir) lock = acquireDataDirLock(dataDir);
  let pglite: PGlite;
  try {
    const parsers = { [OID.int8]: toNumber, [OID.numeric]: toNumber, [OID.date]: asText };
    // btree_gist: the exclusion constraint that makes double-booking a chair impossible (docs/adr/0003).
    const extensions = { btree_gist };
    // With a folder, `loadDataDir` fills a new, empty one (PGlite refuses a folder that already holds a database).
    pglite = await PGlite.create({
      ...(dataDir ? { dataDir } : {}),
      parsers,
      extensions,
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const common = handleOver(new PGliteDialect({ pglite }), 'pglite');
  const { db } = common;
  return {
    ...common,
    async dumpDataDir() {
      return pglite.dumpDataDir('none');
    },
    async listen(channel, onMessage) {
      const unsubscribe = await pglite.listen(channel, onMessage);
      return async () => {
        await unsubscribe();
      };
    },
    async close() {
      try {
        await db.destroy();
        if (!pglite.closed) await pglite.close();
      } finally {
        lock?.release();
      }
    },
  };
}

async function openPostgres(
  connectionString: string,
  schema: string | undefined,
  max: number,
): Promise<DatabaseHandle> {
  const custom: Record<number, (value: string) => unknown> = {
    [OID.int8]: toNumber,
    [OID.numeric]: toNumber,
    [OID.date]: asText,
  };
  const types = {
    getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
      custom[oid] ?? pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
  };
  const poolOptions: pg.PoolConfig = { connectionString, max, types };
  if (schema) poolOptions.options = `-c search_path=${schema}`;
  const pool = new pg.Pool(poolOptions);
  // An idle pooled connection that the server ends (a restart, a failover, an administrator's
  // pg_terminate_backend, idle_session_timeout) is reported here; unheard, it would crash the process. The pool has
  // already discarded that connection and opens a new one for the next query, so there is nothing else to do.
  pool.on('error', () => undefined);
  const common = handleOver(new PostgresDialect({ pool }), 'postgres');
  const { db } = common;
  // Fail fast with a clear message if the server is not reachable.
  await common.ping();
  return {
    ...common,
    async listen(channel, onMessage, onLost) {
      const client = new pg.Client({ connectionString, application_name: LISTEN_APPLICATION_NAME });
      let isEnding = false;
      let isLost = false;
      const lost = (error: Error) => {
        if (isEnding || isLost) return;
        isLost = true;
        onLost?.(error);
      };
      // Without an 'error' listener a terminated backend would crash the process.
      client.on('error', lost);
      client.on('end', () => lost(new Error('the LISTEN connection ended')));
      client.on('notification', (message) => {
        if (message.channel === channel) onMessage(message.payload ?? '');
      });
      try {
        await client.connect();
        await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`);
      } catch (error) {
        isEnding = true;
        await client.end().catch(() => undefined);
        throw error;
      }
      return async () => {
        isEnding = true;
        await client.end().catch(() => undefined);
      };
    },
    async close() {
      await db.destroy();
    },
  };
}
