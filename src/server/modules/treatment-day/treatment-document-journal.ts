/**
 * How the session's documents (note, billing, REMS form) read and write the treatment-day journal: an audited read,
 * and a write that loads, works, audits and tells the board in one transaction. Unlike the session's own writes
 * (treatment-session-core.ts, which writes through this journal after its own check) it does not refuse a cancelled
 * or missed session: its paperwork may still be finished.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TreatmentDayRepository } from './treatment-day.repository.js';
import type { EntryKind } from './treatment-day.tables.js';
import type { Loaded, TreatmentDayNotices } from './treatment-day.types.js';

/** Loads a session with its record and settings (TreatmentDayService.load). */
export interface TreatmentSessionLoader {
  load(clinicId: string, sessionId: string, trx?: Transaction<Database>): Promise<Loaded>;
}

/** What a write to a session tells its audit event, beside the action. */
export type AuditDetail = Record<string, string | number | boolean | string[] | undefined>;

export class TreatmentDocumentJournal {
  constructor(
    private readonly sessions: TreatmentSessionLoader,
    private readonly repo: TreatmentDayRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    private readonly notices?: Pick<TreatmentDayNotices, 'boardChanged'>,
  ) {}

  /** Loads the session and audits the read of one of its documents (`view`). */
  async read(ctx: RequestContext, sessionId: string, view: string): Promise<Loaded> {
    const s = await this.sessions.load(ctx.principal.clinicId, sessionId);
    await this.auditRead(ctx, s, view);
    return s;
  }

  /** Audits the read of one view of a loaded session (`view`: its treatment page, a document, the PK curve…). */
  async auditRead(ctx: RequestContext, s: Loaded, view: string): Promise<void> {
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'TreatmentSession',
      resourceId: s.session.id,
      patientId: s.session.patientId,
      detail: { view },
    });
  }

  /** One write: load, run `work`, audit `action` and notify the board, all in one transaction. */
  write<T>(
    ctx: RequestContext,
    sessionId: string,
    action: string,
    work: (trx: Transaction<Database>, s: Loaded, now: Date) => Promise<T>,
  ): Promise<T> {
    return this.record(ctx, sessionId, action, async (trx, s, now) => ({ result: await work(trx, s, now) }));
  }

  /** As `write`, with the audit event's detail given by `work` beside its result (an undefined value is left out). */
  async record<T>(
    ctx: RequestContext,
    sessionId: string,
    action: string,
    work: (trx: Transaction<Database>, s: Loaded, now: Date) => Promise<{ result: T; detail?: AuditDetail }>,
  ): Promise<T> {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    return this.transact(async (trx) => {
      const s = await this.sessions.load(clinicId, sessionId, trx);
      const { result, detail } = await work(trx, s, now);
      await this.audit.record(
        ctx,
        {
          action,
          resourceType: 'TreatmentSession',
          resourceId: sessionId,
          patientId: s.session.patientId,
          occurredAt: now,
          ...(detail
            ? {
                detail: Object.fromEntries(
                  Object.entries(detail).filter(
                    (e): e is [string, string | number | boolean | string[]] => e[1] !== undefined,
                  ),
                ),
              }
            : {}),
        },
        trx,
      );
      await this.notices?.boardChanged(trx, clinicId, { topic: 'board', sessionId });
      return result;
    });
  }

  /**
   * Appends an entry to the session's journal, recorded by the signed-in user at `now`; it happened at `occurredAt`
   * (a document's entry: `now`). A correction names the entry it corrects and why. The one way the session's own
   * writes and its documents add to the journal.
   */
  append(
    trx: Transaction<Database>,
    ctx: RequestContext,
    s: Loaded,
    entry: {
      kind: EntryKind;
      data: Record<string, unknown>;
      occurredAt?: Date | undefined;
      correction?: { id: string; reason: string } | undefined;
    },
    now: Date,
  ) {
    const { correction } = entry;
    return this.repo.insertEntry(trx, {
      clinicId: s.session.clinicId,
      sessionId: s.session.id,
      patientId: s.session.patientId,
      kind: entry.kind,
      data: entry.data,
      occurredAt: entry.occurredAt ?? now,
      recordedAt: now,
      recordedBy: ctx.principal.userId,
      ...(correction ? { correctsId: correction.id, correctionReason: correction.reason } : {}),
    });
  }
}
