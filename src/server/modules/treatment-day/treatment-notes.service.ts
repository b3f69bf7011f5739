/**
 * The session note: composed by the domain from the record (`composeSessionNote`), edited as drafts, signed once,
 * then only addenda; every change is a new version (the rules: domain/session/note-versions.ts).
 */
import type { Transaction } from 'kysely';
import {
  composeSessionNote,
  decideNoteAddendum,
  decideNoteDraft,
  decideNoteSignature,
  recordChangedSinceDraft,
  type SessionNoteRecord,
  type SessionNoteRefusal,
} from '../../../domain/session/index.js';
import type { Database } from '../../db/schema.js';
import { RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { preDoseReading } from './treatment-day-record.js';
import type { NoteRow, TreatmentDayRepository } from './treatment-day.repository.js';
import { TreatmentConflictError, type Loaded } from './treatment-day.types.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';
import type { TreatmentDocumentJournal } from './treatment-document-journal.js';

/** A refused change to the note, as the 409 it answers. */
function refusalError(refusal: SessionNoteRefusal): TreatmentConflictError {
  return new TreatmentConflictError(
    refusal.message,
    refusal.code,
    refusal.field ? [{ field: refusal.field.name, message: refusal.field.message }] : [],
  );
}

export class TreatmentNotesService {
  constructor(
    private readonly journal: TreatmentDocumentJournal,
    private readonly repo: TreatmentDayRepository,
    private readonly users: TreatmentDayPorts['users'],
  ) {}

  private async composedNote(s: Loaded, clinicianName: string, trx?: Transaction<Database>): Promise<string | null> {
    const r = s.record;
    const doseMg = r.dose?.data.doseMg ?? (s.session.doseMg === null ? undefined : Number(s.session.doseMg));
    if (!doseMg) return null;
    const names = await this.users.displayNames(
      s.session.clinicId,
      s.alerts.flatMap((a) => (a.ackBy ? [a.ackBy] : [])),
      trx,
    );
    const preDose = preDoseReading(r.checkIn?.data);
    const override = r.discharge?.data.override as { by?: string; reason?: string } | undefined;
    const weightKg = r.dose?.data.weightKg;
    const record: SessionNoteRecord = {
      modality: s.modality,
      patientName: `${s.session.givenName} ${s.session.familyName}`,
      clinicianName,
      dose: {
        doseMg,
        ...(weightKg ? { weightKg, mgPerKg: Math.round((doseMg / weightKg) * 100) / 100 } : {}),
        ...(r.dose?.data.plannedDurationMin ? { plannedDurationMin: r.dose.data.plannedDurationMin } : {}),
        ...(r.dose ? { lotNumbers: [r.dose.data.lotNumber] } : {}),
      },
      events: r.events,
      ...(preDose ? { preDoseVitals: preDose } : {}),
      readings: r.readings,
      moaas: r.moaas,
      cadss: r.cadss,
      adverseEvents: r.adverseEvents,
      alerts: s.alerts.map((a) => ({
        message: a.message,
        raisedAt: a.raisedAt,
        ...(a.ackBy ? { acknowledgedBy: names.get(a.ackBy) ?? '' } : {}),
        ...(a.ackAction ? { action: a.ackAction } : {}),
      })),
      ...(override?.by && override.reason ? { dischargeOverride: { by: override.by, reason: override.reason } } : {}),
    };
    return composeSessionNote(record, { timeZone: s.timeZone });
  }

  async note(ctx: RequestContext, sessionId: string) {
    const s = await this.journal.read(ctx, sessionId, 'note');
    const rows = await this.repo.notes(s.session.clinicId, sessionId);
    const names = await this.users.displayNames(
      s.session.clinicId,
      rows.map((r) => r.createdBy),
    );
    const dto = (r: (typeof rows)[number]) => ({
      version: r.version,
      kind: r.kind,
      body: r.body,
      createdAt: r.createdAt.toISOString(),
      createdBy: { id: r.createdBy, displayName: names.get(r.createdBy) ?? '' },
    });
    const signed = rows.find((r) => r.kind === 'signed');
    const drafts = rows.filter((r) => r.kind === 'draft');
    const lastDraft = drafts.at(-1);
    const lastRecordedAt = s.record.entries.reduce<Date | undefined>(
      (latest, e) => (latest === undefined || e.recordedAt.getTime() > latest.getTime() ? e.recordedAt : latest),
      undefined,
    );
    return {
      composed: await this.composedNote(s, ctx.principal.displayName),
      latestVersion: rows.at(-1)?.version ?? 0,
      isSigned: signed !== undefined,
      draft: lastDraft ? dto(lastDraft) : null,
      recordChangedSinceDraft: recordChangedSinceDraft(rows, lastRecordedAt),
      signed: signed ? dto(signed) : null,
      addenda: rows.filter((r) => r.kind === 'addendum').map(dto),
      versions: drafts.map((r) => ({
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        createdBy: names.get(r.createdBy) ?? '',
      })),
    };
  }

  /**
   * Adds one version of the session's note, by the signed-in user: `next` reads the versions so far and answers the
   * new version's number, kind and text, or throws the refusal.
   */
  private async addNoteVersion(
    ctx: RequestContext,
    sessionId: string,
    action: string,
    next: (
      rows: NoteRow[],
      s: Loaded,
      trx: Transaction<Database>,
    ) => Promise<Pick<NoteRow, 'version' | 'kind' | 'body'>>,
  ) {
    await this.journal.write(ctx, sessionId, action, async (trx, s, now) => {
      const rows = await this.repo.notes(s.session.clinicId, sessionId, trx);
      const { version, kind, body } = await next(rows, s, trx);
      await this.repo.insertNote(trx, {
        clinicId: s.session.clinicId,
        sessionId,
        patientId: s.session.patientId,
        version,
        kind,
        body,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
    });
    return this.note(ctx, sessionId);
  }

  saveNote(ctx: RequestContext, sessionId: string, input: { body: string; baseVersion: number }) {
    return this.addNoteVersion(ctx, sessionId, 'edit-note', async (rows) => {
      const decision = decideNoteDraft(rows, input.baseVersion);
      if (decision.refused) throw refusalError(decision);
      return { version: decision.version, kind: 'draft', body: input.body };
    });
  }

  signNote(ctx: RequestContext, sessionId: string) {
    return this.addNoteVersion(ctx, sessionId, 'sign-note', async (rows, s, trx) => {
      const decision = decideNoteSignature(rows);
      if (decision.refused) throw refusalError(decision);
      const body = decision.draftBody ?? (await this.composedNote(s, ctx.principal.displayName, trx));
      if (!body) throw new RuleRefusedError('There is nothing to sign yet: the session has no dose.', 'note-empty');
      return { version: decision.version, kind: 'signed', body };
    });
  }

  addendum(ctx: RequestContext, sessionId: string, input: { text: string }) {
    return this.addNoteVersion(ctx, sessionId, 'add-note-addendum', async (rows) => {
      const decision = decideNoteAddendum(rows);
      if (decision.refused) throw refusalError(decision);
      return { version: decision.version, kind: 'addendum', body: input.text.trim() };
    });
  }
}
