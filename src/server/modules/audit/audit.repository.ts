import { sql, type InsertQueryBuilder, type Kysely, type QueryCreator, type Transaction } from 'kysely';
import { GENESIS_HASH, canonicalJson, chainHashOfCanonical, type Canonical } from '../../../domain/audit/hash-chain.js';
import type { AuditEventRow, Database } from '../../db/schema.js';
import { escapeLike } from '../../db/like-pattern.js';

/**
 * The sealer's election: whoever holds this session-level advisory lock seals; any other instance skips its turn.
 * Appends take no lock at all (docs/adr/0005-audit-log-v2.md).
 */
const AUDIT_SEALER_LOCK = 7_240_002;

export interface AuditRecord {
  readonly id: string;
  readonly clinicId: string | null;
  readonly userId: string | null;
  readonly userRole: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly patientId: string | null;
  readonly occurredAt: Date;
  readonly clientIp: string | null;
  readonly outcome: 'success' | 'denied' | 'failure';
  readonly detail: Record<string, Canonical>;
}

/** A repeated access folds into the open event with this key until the window ends. */
export interface AuditCollapse {
  readonly key: string;
  readonly windowEndsAt: Date;
}

/** The fields every event's hash covers, and those audit log v2 adds (with `v: 2`). */
const CONTENT_V1_KEYS = [
  'id',
  'clinicId',
  'userId',
  'userRole',
  'action',
  'resourceType',
  'resourceId',
  'patientId',
  'occurredAt',
  'clientIp',
  'outcome',
  'detail',
] as const;
const CONTENT_V2_KEYS = ['seq', 'accessCount', 'lastSeenAt', 'windowEndsAt'] as const;

type StoredEvent = Pick<AuditEventRow, (typeof CONTENT_V1_KEYS)[number] | (typeof CONTENT_V2_KEYS)[number]>;

/**
 * What the hash covers. Events sealed by audit log v1 (no last-seen time) keep the content they were hashed with;
 * v2 events add their sequence number, access count, last-seen time and window end.
 */
export function auditContent(event: StoredEvent): Canonical {
  const base = {
    id: event.id,
    clinicId: event.clinicId,
    userId: event.userId,
    userRole: event.userRole,
    action: event.action,
    resourceType: event.resourceType,
    resourceId: event.resourceId,
    patientId: event.patientId,
    occurredAt: event.occurredAt.toISOString(),
    clientIp: event.clientIp,
    outcome: event.outcome,
    detail: event.detail as Record<string, Canonical>,
  };
  if (event.lastSeenAt === null) return base;
  return {
    ...base,
    v: 2,
    seq: event.seq,
    accessCount: event.accessCount,
    lastSeenAt: event.lastSeenAt.toISOString(),
    windowEndsAt: event.windowEndsAt ? event.windowEndsAt.toISOString() : null,
  };
}

/** A stored event as the database returns it without the camel-case plugin (verification reads a million of them). */
export interface RawAuditEvent {
  readonly seq: number;
  readonly id: string;
  readonly clinic_id: string | null;
  readonly user_id: string | null;
  readonly user_role: string | null;
  readonly action: string;
  readonly resource_type: string;
  readonly resource_id: string | null;
  readonly patient_id: string | null;
  readonly occurred_at: Instant;
  readonly client_ip: string | null;
  readonly outcome: string;
  readonly detail: Canonical;
  readonly last_seen_at: Instant | null;
  readonly access_count: number;
  readonly window_ends_at: Instant | null;
}

/**
 * A moment as the database driver gives it (a Date) or as the verifier reads it: the timestamp's UTC text
 * (`2026-12-06 10:01:00.123`), which costs far less to read a million times than a Date.
 */
export type Instant = Date | string;

const UTC_TEXT = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/;

/**
 * `toISOString()` of the Date the driver would have made from this UTC text. The driver (postgres-date) turns the
 * fraction into milliseconds as `1000 * parseFloat(fraction)` and Date truncates it; the same arithmetic here gives
 * the same text, so hashes made from Dates verify from text.
 */
export function isoFromUtcText(text: string): string {
  const match = UTC_TEXT.exec(text);
  if (!match) return new Date(`${text.replace(' ', 'T')}Z`).toISOString();
  const ms = match[3] ? Math.trunc(1000 * parseFloat(match[3])) : 0;
  return `${match[1]}T${match[2]}.${String(ms).padStart(3, '0')}Z`;
}

const isoOf = (instant: Instant): string =>
  typeof instant === 'string' ? isoFromUtcText(instant) : instant.toISOString();

type ContentKey = (typeof CONTENT_V1_KEYS)[number] | 'v' | (typeof CONTENT_V2_KEYS)[number];
// Sorted once, as canonicalJson sorts keys (the same comparison), so the fast path writes the same text.
const SORTED_V1_KEYS = [...CONTENT_V1_KEYS].sort();
const SORTED_V2_KEYS: ContentKey[] = [...CONTENT_V1_KEYS, 'v' as const, ...CONTENT_V2_KEYS].sort();
const KEY_JSON = new Map<ContentKey, string>(SORTED_V2_KEYS.map((k) => [k, `${JSON.stringify(k)}:`]));

/**
 * `canonicalJson(auditContent(event))` for a raw row, without building the intermediate object or sorting keys
 * per row: the verifier's and sealer's hot loop. audit.repository.test.ts pins that both give the same text.
 */
export function rawAuditContentJson(row: RawAuditEvent): string {
  let text = '{';
  for (const [prefix, write] of row.last_seen_at !== null ? V2_PARTS : V1_PARTS) text += prefix + write(row);
  return `${text}}`;
}

const jsonOrNull = (value: string | null): string => (value === null ? 'null' : JSON.stringify(value));

/** How each content field is written: made once, not per row (the verifier writes a million of them). */
const WRITERS: Record<ContentKey, (row: RawAuditEvent) => string> = {
  id: (row) => JSON.stringify(row.id),
  clinicId: (row) => jsonOrNull(row.clinic_id),
  userId: (row) => jsonOrNull(row.user_id),
  userRole: (row) => jsonOrNull(row.user_role),
  action: (row) => JSON.stringify(row.action),
  resourceType: (row) => JSON.stringify(row.resource_type),
  resourceId: (row) => jsonOrNull(row.resource_id),
  patientId: (row) => jsonOrNull(row.patient_id),
  occurredAt: (row) => JSON.stringify(isoOf(row.occurred_at)),
  clientIp: (row) => jsonOrNull(row.client_ip),
  outcome: (row) => JSON.stringify(row.outcome),
  detail: (row) =>
    typeof row.detail === 'string'
      ? row.detail === '{}'
        ? '{}'
        : canonicalJson(JSON.parse(row.detail) as Canonical)
      : canonicalJson(row.detail),
  v: () => '2',
  seq: (row) => JSON.stringify(Number(row.seq)),
  accessCount: (row) => JSON.stringify(Number(row.access_count)),
  lastSeenAt: (row) => JSON.stringify(isoOf(row.last_seen_at!)),
  windowEndsAt: (row) => (row.window_ends_at === null ? 'null' : JSON.stringify(isoOf(row.window_ends_at))),
};

const partsOf = (keys: readonly ContentKey[]) =>
  keys.map((key, i) => [`${i > 0 ? ',' : ''}${KEY_JSON.get(key)!}`, WRITERS[key]] as const);
const V1_PARTS = partsOf(SORTED_V1_KEYS);
const V2_PARTS = partsOf(SORTED_V2_KEYS);

export interface AuditFilter {
  readonly clinicId: string;
  readonly patientId?: string | undefined;
  /** Patients whose MRN contains these characters, or whose folded name has a word starting with them. */
  readonly patientText?: { readonly mrn: string; readonly folded: string } | undefined;
  readonly userId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly limit: number;
  readonly beforeSeq?: number | undefined;
}

/** The names an audit listing shows beside the ids. */
export interface AuditNames {
  readonly patientGivenName: string | null;
  readonly patientFamilyName: string | null;
  readonly patientMrn: string | null;
  readonly userName: string | null;
}

export interface ChainHead {
  readonly position: number;
  readonly seq: number | null;
  readonly hash: string;
}

export interface SealedLink {
  readonly position: number;
  readonly seq: number;
  readonly clinicId: string | null;
  readonly previousHash: string;
  readonly hash: string;
  /** The canonical JSON the hash covers. */
  readonly contentJson: string;
}

export interface SealOutcome {
  /** False when another instance held the sealer's lock: it seals, this one skipped its turn. */
  readonly elected: boolean;
  readonly sealed: number;
}

const RAW_CONTENT_COLUMNS =
  'seq, id, clinic_id, user_id, user_role, action, resource_type, resource_id, patient_id, occurred_at, client_ip, outcome, detail, last_seen_at, access_count, window_ends_at';

/**
 * The same columns with the timestamps as UTC text and the detail as JSON text: reading a million rows, the driver's
 * Date and JSON parsing was most of `audit verify`'s time (bench/audit-verify.ts). The sealer reads them so too: under
 * a thousand creates a second, parsing its batch held up the requests waiting on the same process.
 */
const TEXT_CONTENT_COLUMNS = RAW_CONTENT_COLUMNS.replace(
  'occurred_at',
  `(occurred_at at time zone 'UTC')::text as occurred_at`,
)
  .replace('detail', 'detail::text as detail')
  .replace('last_seen_at', `(last_seen_at at time zone 'UTC')::text as last_seen_at`)
  .replace('window_ends_at', `(window_ends_at at time zone 'UTC')::text as window_ends_at`);

/** An audit insert not yet run: executed on its own, or a step of a caller's statement. */
export type AuditAppendQuery = InsertQueryBuilder<Database, 'auditEvent', { id: string }>;

/** How many events the sealer hashes before it lets the server's requests run (see `sealBatch`). */
const SEAL_SLICE = 200;

export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Inserts the event unsealed, in the caller's transaction when given one (so the access and its record commit
   * together). A collapsible access with an open event in its window only counts itself on that event; the row
   * lock this takes is per user, record and window, never global.
   */
  append(record: AuditRecord, collapse: AuditCollapse | null, trx?: Transaction<Database>): Promise<void> {
    return this.appendMany([{ record, collapse }], trx);
  }

  /**
   * Inserts several events in one statement (AuditService's group commit), in the caller's transaction when given
   * one. Collapsible accesses sharing a key are folded into one row first (a statement may not update the same row
   * twice); the fold keeps the first event's identity and adds up the counts.
   */
  async appendMany(
    events: readonly { record: AuditRecord; collapse: AuditCollapse | null }[],
    trx?: Transaction<Database>,
  ): Promise<void> {
    if (events.length === 0) return;
    await this.appendQuery(trx ?? this.db, events).execute();
  }

  /**
   * The insert `appendMany` runs, built on `creator`: a database, a transaction, or the start of a caller's
   * statement, where it is one data-modifying `with` step of a larger write (`AuditService.alongside`).
   */
  appendQuery(
    creator: QueryCreator<Database>,
    events: readonly { record: AuditRecord; collapse: AuditCollapse | null }[],
  ): AuditAppendQuery {
    type Row = AuditRecord & {
      lastSeenAt: Date;
      accessCount: number;
      collapseKey: string | null;
      windowEndsAt: Date | null;
    };
    const rows: Row[] = [];
    const byKey = new Map<string, Row>();
    for (const { record, collapse } of events) {
      const folded = collapse ? byKey.get(collapse.key) : undefined;
      if (folded) {
        folded.accessCount += 1;
        if (record.occurredAt > folded.lastSeenAt) folded.lastSeenAt = record.occurredAt;
        continue;
      }
      const row: Row = {
        ...record,
        lastSeenAt: record.occurredAt,
        accessCount: 1,
        collapseKey: collapse?.key ?? null,
        windowEndsAt: collapse?.windowEndsAt ?? null,
      };
      if (collapse) byKey.set(collapse.key, row);
      rows.push(row);
    }
    return creator
      .insertInto('auditEvent')
      .values(rows.map((row) => ({ ...row, detail: JSON.stringify(row.detail) })))
      .onConflict((oc) =>
        oc
          .column('collapseKey')
          .where('collapseKey', 'is not', null)
          .where('hash', 'is', null)
          .doUpdateSet((eb) => ({
            accessCount: sql<number>`${eb.ref('auditEvent.accessCount')} + ${eb.ref('excluded.accessCount')}`,
            lastSeenAt: sql<Date>`greatest(${eb.ref('auditEvent.lastSeenAt')}, ${eb.ref('excluded.lastSeenAt')})`,
          })),
      )
      .returning('id');
  }

  /** Events newest first, each with the names of its patient and user (who viewed this patient, by name). */
  async list(filter: AuditFilter): Promise<Array<AuditEventRow & AuditNames>> {
    let query = this.db
      .selectFrom('auditEvent as e')
      .leftJoin('patient as p', (j) => j.onRef('p.id', '=', 'e.patientId').onRef('p.clinicId', '=', 'e.clinicId'))
      .leftJoin('appUser as u', (j) => j.onRef('u.id', '=', 'e.userId').onRef('u.clinicId', '=', 'e.clinicId'))
      .selectAll('e')
      .select([
        'p.givenName as patientGivenName',
        'p.familyName as patientFamilyName',
        'p.mrn as patientMrn',
        'u.displayName as userName',
      ])
      .where('e.clinicId', '=', filter.clinicId);
    if (filter.patientId) query = query.where('e.patientId', '=', filter.patientId);
    if (filter.patientText) {
      const { mrn, folded } = filter.patientText;
      query = query.where((eb) =>
        eb.or([
          eb(sql<string>`upper(p.mrn)`, 'like', `%${escapeLike(mrn.toUpperCase())}%`),
          ...(folded ? [eb('p.searchName', 'like', `% ${escapeLike(folded)}%`)] : []),
        ]),
      );
    }
    if (filter.userId) query = query.where('e.userId', '=', filter.userId);
    if (filter.from) query = query.where('e.occurredAt', '>=', filter.from);
    if (filter.to) query = query.where('e.occurredAt', '<', filter.to);
    if (filter.beforeSeq) query = query.where('e.seq', '<', filter.beforeSeq);
    return query.orderBy('e.seq', 'desc').limit(filter.limit).execute();
  }

  /**
   * Seals what can be sealed, in batches, if this instance wins the election. An event is sealable when its
   * transaction has committed (the sealer sees it) and, for a collapsed event, its access window has ended
   * (`now` is the app's clock, the same clock that set the window). Rows that a request is counting at this very
   * moment are locked by it and skipped (SKIP LOCKED): they are sealed on a later turn.
   */
  async seal(now: Date, batchSize = 2000): Promise<SealOutcome> {
    return this.db.connection().execute(async (conn) => {
      const election = await sql<{
        elected: boolean;
      }>`select pg_try_advisory_lock(${AUDIT_SEALER_LOCK}) as elected`.execute(conn);
      if (!election.rows[0]?.elected) return { elected: false, sealed: 0 };
      try {
        let sealed = 0;
        for (;;) {
          const count = await conn.transaction().execute((trx) => this.sealBatch(trx, now, batchSize));
          sealed += count;
          if (count < batchSize) return { elected: true, sealed };
        }
      } finally {
        await sql`select pg_advisory_unlock(${AUDIT_SEALER_LOCK})`.execute(conn);
      }
    });
  }

  private async sealBatch(trx: Transaction<Database>, now: Date, batchSize: number): Promise<number> {
    const head = await trx
      .selectFrom('auditChainHead')
      .select(['position', 'seq', 'hash'])
      .forUpdate()
      .executeTakeFirstOrThrow();
    const raw = trx.withoutPlugins();
    const rows = (
      await sql<RawAuditEvent>`select ${sql.raw(TEXT_CONTENT_COLUMNS)} from audit_event
      where hash is null and (window_ends_at is null or window_ends_at <= ${now})
      order by seq limit ${batchSize} for update skip locked`.execute(raw)
    ).rows;
    if (rows.length === 0) return 0;
    const seqs: number[] = [];
    const positions: number[] = [];
    const previousHashes: string[] = [];
    const hashes: string[] = [];
    let previous = head.hash;
    let position = head.position;
    for (const [i, row] of rows.entries()) {
      // A full batch is a few milliseconds of hashing: the server answers its requests between slices of it.
      if (i > 0 && i % SEAL_SLICE === 0) await new Promise((resolve) => setImmediate(resolve));
      position += 1;
      const hash = chainHashOfCanonical(previous, rawAuditContentJson(row));
      seqs.push(Number(row.seq));
      positions.push(position);
      previousHashes.push(previous);
      hashes.push(hash);
      previous = hash;
    }
    await sql`update audit_event e set position = s.position, prev_hash = s.prev_hash, hash = s.hash
      from (select unnest(${seqs}::bigint[]) as seq, unnest(${positions}::bigint[]) as position,
                   unnest(${previousHashes}::text[]) as prev_hash, unnest(${hashes}::text[]) as hash) s
      where e.seq = s.seq`.execute(trx);
    await trx
      .updateTable('auditChainHead')
      .set({ position, seq: seqs[seqs.length - 1]!, hash: previous, updatedAt: now })
      .execute();
    return rows.length;
  }

  async head(): Promise<ChainHead> {
    const head = await this.db.selectFrom('auditChainHead').select(['position', 'seq', 'hash']).executeTakeFirst();
    return head ?? { position: 0, seq: null, hash: GENESIS_HASH };
  }

  async pendingCount(clinicId?: string): Promise<number> {
    let query = this.db
      .selectFrom('auditEvent')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('hash', 'is', null);
    if (clinicId !== undefined) query = query.where('clinicId', '=', clinicId);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /**
   * The sealed chain in position order, a page at a time: raw rows (no camel-case mapping of a million rows), and
   * the next page is already being read while the caller hashes this one.
   */
  async *sealedLinks(upToPosition: number = Number.MAX_SAFE_INTEGER, pageSize = 10_000): AsyncGenerator<SealedLink[]> {
    const raw = this.db.withoutPlugins();
    const page = (afterPosition: number) =>
      sql<RawAuditEvent & { position: number; prev_hash: string; hash: string }>`
      select ${sql.raw(TEXT_CONTENT_COLUMNS)}, position, prev_hash, hash from audit_event
      where position > ${afterPosition} and position <= ${upToPosition} order by position limit ${pageSize}`.execute(
        raw,
      );
    let next = page(0);
    for (;;) {
      const rows = (await next).rows;
      if (rows.length === 0) return;
      next = page(Number(rows[rows.length - 1]!.position));
      // A rejected prefetch surfaces at the next await; do not let it count as unhandled meanwhile.
      next.catch(() => undefined);
      yield rows.map((row) => ({
        position: Number(row.position),
        seq: Number(row.seq),
        clinicId: row.clinic_id,
        previousHash: row.prev_hash,
        hash: row.hash,
        contentJson: rawAuditContentJson(row),
      }));
    }
  }

  /**
   * Whether the role serving requests owns audit_event (or is a superuser): such a role can disable the
   * append-only triggers. Production should migrate as an owner role and serve as another (docs/operations.md).
   */
  async servingRoleCanDisableTriggers(): Promise<{ owns: boolean; superuser: boolean; role: string }> {
    const result = await sql<{ owns: boolean | null; superuser: boolean | null; role: string }>`
      select pg_has_role(current_user, c.relowner, 'USAGE') as owns,
             (select rolsuper from pg_roles where rolname = current_user) as superuser,
             current_user as role
      from pg_class c where c.oid = to_regclass('audit_event')`.execute(this.db);
    const row = result.rows[0];
    return { owns: row?.owns === true, superuser: row?.superuser === true, role: row?.role ?? 'unknown' };
  }
}
