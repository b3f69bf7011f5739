/**
 * How the session's documents (note, billing, REMS form) read and write the treatment-day journal: an audited read,
 * and a write that loads, works, audits and tells the board in one transaction. Unlike the session's own writes
 * (treatment-session-core.ts) it does not refuse a cancelled or missed session: its paperwork may still be finished.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TreatmentDayRepository } from './treatment-day.repository.js';
import type { EntryKind } from './treatment-day.tables.js';
import type { Loaded, OnBoardChange } from './treatment-day.types.js';

/** Loads a session with its record and settings (TreatmentDayService.load). */
export interface TreatmentSessionLoader {
  load(clinicId: string, sessionId: string, trx?: Transaction<Database>): Promise<Loaded>;
}

export class TreatmentDocumentJournal {
  constructor(
    private readonly sessions: TreatmentSessionLoader,
    private readonly repo: TreatmentDayRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    private readonly onChange?: OnBoardChange,
  ) {}

  /** Loads the session and audits the read of one of its documents (`view`). */
  async read(ctx: RequestContext, sessionId: string, view: string): Promise<Loaded> {
    const s = await this.sessions.load(ctx.principal.clinicId, sessionId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'TreatmentSession',
      resourceId: sessionId,
      patientId: s.session.patientId,
      detail: { view },
    });
    return s;
  }

  /** One write: load, run `work`, audit `action` and notify the board, all in one transaction. */
  async write<T>(
    ctx: RequestContext,
    sessionId: string,
    action: string,
    work: (trx: Transaction<Database>, s: Loaded, now: Date) => Promise<T>,
  ): Promise<T> {
    const now = this.clock();
    return this.transact(async (trx) => {
      const s = await this.sessions.load(ctx.principal.clinicId, sessionId, trx);
      const result = await work(trx, s, now);
      await this.audit.record(
        ctx,
        {
          action,
          resourceType: 'TreatmentSession',
          resourceId: sessionId,
          patientId: s.session.patientId,
          occurredAt: now,
        },
        trx,
      );
      if (this.onChange) await this.onChange(trx, ctx.principal.clinicId, { topic: 'board', sessionId });
      return result;
    });
  }

  /** Appends a document entry to the session's journal: it happens as the signed-in user records it, `now`. */
  append(
    trx: Transaction<Database>,
    ctx: RequestContext,
    s: Loaded,
    kind: EntryKind,
    data: Record<string, unknown>,
    now: Date,
  ) {
    return appendEntry(this.repo, trx, ctx, s, { kind, data, occurredAt: now }, now);
  }
}

/**
 * Appends an entry to a session's journal, recorded by the signed-in user at `now` (a correction names the entry it
 * corrects and why): the one way the session's own writes and its documents add to the journal.
 */
export function appendEntry(
  repo: TreatmentDayRepository,
  trx: Transaction<Database>,
  ctx: RequestContext,
  s: Loaded,
  entry: {
    kind: EntryKind;
    data: Record<string, unknown>;
    occurredAt: Date;
    correction?: { id: string; reason: string } | undefined;
  },
  now: Date,
) {
  const { correction } = entry;
  return repo.insertEntry(trx, {
    clinicId: s.session.clinicId,
    sessionId: s.session.id,
    patientId: s.session.patientId,
    kind: entry.kind,
    data: entry.data,
    occurredAt: entry.occurredAt,
    recordedAt: now,
    recordedBy: ctx.principal.userId,
    ...(correction ? { correctsId: correction.id, correctionReason: correction.reason } : {}),
  });
}
