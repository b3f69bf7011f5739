import { sql, type Kysely, type Transaction } from 'kysely';
import { GENESIS_HASH, chainHash, type Canonical, type ChainLink } from '../../../domain/audit/hash-chain.js';
import { inTransaction } from '../../db/transaction.js';
import type { AuditEventRow, Database } from '../../db/schema.js';

/** All audit appends take this advisory lock, so the chain never forks under concurrent writers. */
const AUDIT_CHAIN_LOCK = 7_240_001;

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

/** What the hash covers: every column but the sequence number and the hashes themselves. */
export function auditContent(record: AuditRecord): Canonical {
  return {
    id: record.id,
    clinicId: record.clinicId,
    userId: record.userId,
    userRole: record.userRole,
    action: record.action,
    resourceType: record.resourceType,
    resourceId: record.resourceId,
    patientId: record.patientId,
    occurredAt: record.occurredAt.toISOString(),
    clientIp: record.clientIp,
    outcome: record.outcome,
    detail: record.detail,
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

export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(record: AuditRecord, trx?: Transaction<Database>): Promise<void> {
    await inTransaction(trx ?? this.db, async (t) => {
      await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(t);
      const last = await t.selectFrom('auditEvent').select('hash').orderBy('seq', 'desc').limit(1).executeTakeFirst();
      const prevHash = last?.hash ?? GENESIS_HASH;
      const hash = chainHash(prevHash, auditContent(record));
      await t.insertInto('auditEvent').values({
        ...record,
        detail: JSON.stringify(record.detail),
        prevHash,
        hash,
      }).execute();
    });
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

  /** The whole chain in order, a page at a time, as links for `verifyChain`. */
  async *links(pageSize = 5000): AsyncGenerator<ChainLink[]> {
    let afterSeq = 0;
    for (;;) {
      const rows = await this.db.selectFrom('auditEvent').selectAll().where('seq', '>', afterSeq)
        .orderBy('seq', 'asc').limit(pageSize).execute();
      if (rows.length === 0) return;
      yield rows.map((row) => ({
        id: row.seq,
        previousHash: row.prevHash,
        hash: row.hash,
        content: auditContent({ ...row, detail: row.detail as Record<string, Canonical> }),
      }));
      afterSeq = rows[rows.length - 1]!.seq;
    }
  }
}
