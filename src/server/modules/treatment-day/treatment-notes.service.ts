/**
 * The session note: composed by the domain from the record (`composeSessionNote`), edited as drafts, signed once,
 * then only addenda; every change is a new version.
 */
import type { Transaction } from 'kysely';
import { composeSessionNote, type SessionNoteRecord } from '../../../domain/session/index.js';
import type { Database } from '../../db/schema.js';
import { RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { preDoseReading } from './treatment-day-record.js';
import type { TreatmentDayRepository } from './treatment-day.repository.js';
import { TreatmentConflictError, type Loaded } from './treatment-day.types.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';
import type { TreatmentDocumentJournal } from './treatment-document-journal.js';

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
    // A draft is the clinician's text: it does not follow the record. If anything was recorded after it was saved
    // (a late vital sign, a correction, an adverse event), say so, so that nobody signs a note that misses it.
    const lastDraft = drafts.at(-1);
    const lastRecorded = s.record.entries.reduce((latest, e) => Math.max(latest, e.recordedAt.getTime()), 0);
    const recordChangedSinceDraft = !signed && lastDraft !== undefined && lastRecorded > lastDraft.createdAt.getTime();
    return {
      composed: await this.composedNote(s, ctx.principal.displayName),
      latestVersion: rows.at(-1)?.version ?? 0,
      isSigned: signed !== undefined,
      draft: lastDraft ? dto(lastDraft) : null,
      recordChangedSinceDraft,
      signed: signed ? dto(signed) : null,
      addenda: rows.filter((r) => r.kind === 'addendum').map(dto),
      versions: drafts.map((r) => ({
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        createdBy: names.get(r.createdBy) ?? '',
      })),
    };
  }

  async saveNote(ctx: RequestContext, sessionId: string, input: { body: string; baseVersion: number }) {
    await this.journal.write(ctx, sessionId, 'edit-note', async (trx, s, now) => {
      const rows = await this.repo.notes(s.session.clinicId, sessionId, trx);
      if (rows.some((r) => r.kind === 'signed'))
        throw new TreatmentConflictError('The note is signed: add an addendum instead.', 'note-signed');
      const latest = rows.at(-1)?.version ?? 0;
      if (input.baseVersion !== latest)
        throw new TreatmentConflictError(
          `The note is at version ${latest}; reload before saving.`,
          'note-version-conflict',
          [{ field: 'baseVersion', message: `is not the latest (${latest})` }],
        );
      await this.repo.insertNote(trx, {
        clinicId: s.session.clinicId,
        sessionId,
        patientId: s.session.patientId,
        version: latest + 1,
        kind: 'draft',
        body: input.body,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
    });
    return this.note(ctx, sessionId);
  }

  async signNote(ctx: RequestContext, sessionId: string) {
    await this.journal.write(ctx, sessionId, 'sign-note', async (trx, s, now) => {
      const rows = await this.repo.notes(s.session.clinicId, sessionId, trx);
      if (rows.some((r) => r.kind === 'signed'))
        throw new TreatmentConflictError('The note is already signed.', 'note-signed');
      const body =
        rows.filter((r) => r.kind === 'draft').at(-1)?.body ??
        (await this.composedNote(s, ctx.principal.displayName, trx));
      if (!body) throw new RuleRefusedError('There is nothing to sign yet: the session has no dose.', 'note-empty');
      const latest = rows.at(-1)?.version ?? 0;
      await this.repo.insertNote(trx, {
        clinicId: s.session.clinicId,
        sessionId,
        patientId: s.session.patientId,
        version: latest + 1,
        kind: 'signed',
        body,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
    });
    return this.note(ctx, sessionId);
  }

  async addendum(ctx: RequestContext, sessionId: string, input: { text: string }) {
    await this.journal.write(ctx, sessionId, 'add-note-addendum', async (trx, s, now) => {
      const rows = await this.repo.notes(s.session.clinicId, sessionId, trx);
      if (!rows.some((r) => r.kind === 'signed'))
        throw new TreatmentConflictError('Addenda follow a signed note: edit the draft instead.', 'note-not-signed');
      await this.repo.insertNote(trx, {
        clinicId: s.session.clinicId,
        sessionId,
        patientId: s.session.patientId,
        version: (rows.at(-1)?.version ?? 0) + 1,
        kind: 'addendum',
        body: input.text.trim(),
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
    });
    return this.note(ctx, sessionId);
  }
}
