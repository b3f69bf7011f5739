import { sql, type Kysely, type Transaction } from 'kysely';
import { GENESIS_HASH, chainHash, type Canonical } from '../../../domain/audit/hash-chain.js';
import type { AuditEventRow, Database } from '../../db/schema.js';

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

type StoredEvent = Pick<AuditEventRow, 'seq' | 'id' | 'clinicId' | 'userId' | 'userRole' | 'action' | 'resourceType' | 'resourceId'
  | 'patientId' | 'occurredAt' | 'clientIp' | 'outcome' | 'detail' | 'lastSeenAt' | 'accessCount' | 'windowEndsAt'>;

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
    ...base, v: 2, seq: event.seq, accessCount: event.accessCount, lastSeenAt: event.lastSeenAt.toISOString(),
    windowEndsAt: event.windowEndsAt ? event.windowEndsAt.toISOString() : null,
  };
}

export interface AuditFilter {
  readonly clinicId: string;
  readonly patientId?: string | undefined;
  readonly userId?: string | undefined;
  readonly from?: Date | undefined;
  readonly to?: Date | undefined;
  readonly limit: number;
  readonly beforeSeq?: number | undefined;
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
  readonly content: Canonical;
}

export interface SealOutcome {
  /** False when another instance held the sealer's lock: it seals, this one skipped its turn. */
  readonly elected: boolean;
  readonly sealed: number;
}

const CONTENT_COLUMNS = ['seq', 'id', 'clinicId', 'userId', 'userRole', 'action', 'resourceType', 'resourceId', 'patientId',
  'occurredAt', 'clientIp', 'outcome', 'detail', 'lastSeenAt', 'accessCount', 'windowEndsAt'] as const;

export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Inserts the event unsealed, in the caller's transaction when given one (so the access and its record commit
   * together). A collapsible access with an open event in its window only counts itself on that event; the row
   * lock this takes is per user, record and window, never global.
   */
  async append(record: AuditRecord, collapse: AuditCollapse | null, trx?: Transaction<Database>): Promise<void> {
    const values = { ...record, detail: JSON.stringify(record.detail), lastSeenAt: record.occurredAt, accessCount: 1 };
    const db = trx ?? this.db;
    if (!collapse) {
      await db.insertInto('auditEvent').values(values).execute();
      return;
    }
    await db.insertInto('auditEvent')
      .values({ ...values, collapseKey: collapse.key, windowEndsAt: collapse.windowEndsAt })
      .onConflict((oc) => oc.column('collapseKey').where('collapseKey', 'is not', null).where('hash', 'is', null)
        .doUpdateSet((eb) => ({
          accessCount: sql<number>`${eb.ref('auditEvent.accessCount')} + 1`,
          lastSeenAt: sql<Date>`greatest(${eb.ref('auditEvent.lastSeenAt')}, ${eb.ref('excluded.lastSeenAt')})`,
        })))
      .execute();
  }

  async list(filter: AuditFilter): Promise<AuditEventRow[]> {
    let query = this.db.selectFrom('auditEvent').selectAll().where('clinicId', '=', filter.clinicId);
    if (filter.patientId) query = query.where('patientId', '=', filter.patientId);
    if (filter.userId) query = query.where('userId', '=', filter.userId);
    if (filter.from) query = query.where('occurredAt', '>=', filter.from);
    if (filter.to) query = query.where('occurredAt', '<', filter.to);
    if (filter.beforeSeq) query = query.where('seq', '<', filter.beforeSeq);
    return query.orderBy('seq', 'desc').limit(filter.limit).execute();
  }

  /**
   * Seals what can be sealed, in batches, if this instance wins the election. An event is sealable when its
   * transaction has committed (the sealer sees it) and, for a collapsed event, its access window has ended
   * (`now` is the app's clock, the same clock that set the window). Rows that a request is counting at this very
   * moment are locked by it and skipped (SKIP LOCKED): they are sealed on a later turn.
   */
  async seal(now: Date, batchSize = 2000): Promise<SealOutcome> {
    return this.db.connection().execute(async (conn) => {
      const election = await sql<{ elected: boolean }>`select pg_try_advisory_lock(${AUDIT_SEALER_LOCK}) as elected`.execute(conn);
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
    const head = await trx.selectFrom('auditChainHead').select(['position', 'seq', 'hash']).forUpdate().executeTakeFirstOrThrow();
    const rows = await trx.selectFrom('auditEvent').select(CONTENT_COLUMNS)
      .where('hash', 'is', null)
      .where((eb) => eb.or([eb('windowEndsAt', 'is', null), eb('windowEndsAt', '<=', now)]))
      .orderBy('seq').limit(batchSize).forUpdate().skipLocked().execute();
    if (rows.length === 0) return 0;
    const seqs: number[] = [];
    const positions: number[] = [];
    const previousHashes: string[] = [];
    const hashes: string[] = [];
    let previous = head.hash;
    let position = head.position;
    for (const row of rows) {
      position += 1;
      const hash = chainHash(previous, auditContent(row));
      seqs.push(row.seq);
      positions.push(position);
      previousHashes.push(previous);
      hashes.push(hash);
      previous = hash;
    }
    await sql`update audit_event e set position = s.position, prev_hash = s.prev_hash, hash = s.hash
      from (select unnest(${seqs}::bigint[]) as seq, unnest(${positions}::bigint[]) as position,
                   unnest(${previousHashes}::text[]) as prev_hash, unnest(${hashes}::text[]) as hash) s
      where e.seq = s.seq`.execute(trx);
    await trx.updateTable('auditChainHead')
      .set({ position, seq: seqs[seqs.length - 1]!, hash: previous, updatedAt: now })
      .execute();
    return rows.length;
  }

  async head(): Promise<ChainHead> {
    const head = await this.db.selectFrom('auditChainHead').select(['position', 'seq', 'hash']).executeTakeFirst();
    return head ?? { position: 0, seq: null, hash: GENESIS_HASH };
  }

  async pendingCount(clinicId?: string): Promise<number> {
    let query = this.db.selectFrom('auditEvent').select((eb) => eb.fn.countAll<number>().as('n')).where('hash', 'is', null);
    if (clinicId !== undefined) query = query.where('clinicId', '=', clinicId);
    const row = await query.executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The sealed chain in position order, a page at a time. */
  async *sealedLinks(pageSize = 10_000): AsyncGenerator<SealedLink[]> {
    let afterPosition = 0;
    for (;;) {
      const rows = await this.db.selectFrom('auditEvent').select([...CONTENT_COLUMNS, 'position', 'prevHash', 'hash'])
        .where('position', '>', afterPosition).orderBy('position', 'asc').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        position: row.position!,
        seq: row.seq,
        clinicId: row.clinicId,
        previousHash: row.prevHash!,
        hash: row.hash!,
        content: auditContent(row),
      }));
      afterPosition = rows[rows.length - 1]!.position!;
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
