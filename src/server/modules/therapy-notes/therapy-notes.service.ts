/**
 * Therapy notes (issue 14): load the appointment and its note's versions, let the domain decide the next version
 * (src/domain/therapy/therapy-notes.ts), store it, audit. Every read and every write is audited with the patient.
 * Who may read and write is the route's permission (therapy-note:read / therapy-note:write: prescribers and
 * therapists; never the front desk).
 */
import type { Transaction } from 'kysely';
import type { SaveTherapyNote, TherapyNoteDto } from '../../../contract/therapy-notes.js';
import {
  decideAddendum,
  decideDraft,
  decideSignature,
  defaultNoteType,
  isTherapyType,
  therapyNoteState,
  type TherapyNoteDecision,
  type TherapyNoteVersion,
} from '../../../domain/therapy/therapy-notes.js';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError, NotFoundError, RuleRefusedError, type ProblemField } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { TherapyAppointmentRow, TherapyNotesPorts } from './therapy-notes-ports.js';
import type { TherapyNoteRow, TherapyNotesRepository } from './therapy-notes.repository.js';

/** A refused change the client can act on: 409 with `code` (reload, or add an addendum). */
export class TherapyNoteConflictError extends ConflictError {
  constructor(
    message: string,
    readonly code: string,
    fields: readonly ProblemField[] = [],
  ) {
    super(message, fields);
  }
}

type StoredVersion = TherapyNoteVersion & { readonly createdByName: string };

function toVersion(row: TherapyNoteRow): StoredVersion {
  return {
    version: row.version,
    kind: row.kind,
    noteType: row.noteType,
    body: row.body,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    createdByName: row.createdByName,
  };
}

function versionDto(v: StoredVersion) {
  return {
    version: v.version,
    kind: v.kind,
    noteType: v.noteType,
    body: v.body,
    createdAt: v.createdAt.toISOString(),
    createdBy: { id: v.createdBy, displayName: v.createdByName },
  };
}

function noteDto(appointment: TherapyAppointmentRow, rows: readonly TherapyNoteRow[]): TherapyNoteDto {
  const state = therapyNoteState(rows.map(toVersion));
  return {
    appointment: {
      id: appointment.id,
      patientId: appointment.patientId,
      patientName: `${appointment.givenName} ${appointment.familyName}`,
      startsAt: appointment.startsAt.toISOString(),
      endsAt: appointment.endsAt.toISOString(),
      status: appointment.status,
      type: { code: appointment.typeCode, name: appointment.typeName, isGroup: appointment.typeIsGroup },
      staff: { id: appointment.staffId, displayName: appointment.staffName },
    },
    suggestedNoteType: defaultNoteType(appointment.typeCode),
    noteType: state.noteType,
    latestVersion: state.latestVersion,
    isSigned: state.isSigned,
    draft: state.draft ? versionDto(state.draft) : null,
    signed: state.signed ? versionDto(state.signed) : null,
    addenda: state.addenda.map(versionDto),
    versions: state.versions.map((v) => ({
      version: v.version,
      kind: v.kind,
      createdAt: v.createdAt.toISOString(),
      createdBy: v.createdByName,
    })),
  };
}

function refusal(decision: Exclude<TherapyNoteDecision, { refused: false }>): Error {
  const fields = decision.field ? [{ field: decision.field, message: decision.message }] : [];
  return decision.status === 'conflict'
    ? new TherapyNoteConflictError(decision.message, decision.code, fields)
    : new RuleRefusedError(decision.message, decision.code, fields);
}

export class TherapyNotesService {
  constructor(
    private readonly repo: TherapyNotesRepository,
    private readonly ports: TherapyNotesPorts,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  private async therapyAppointment(
    ctx: RequestContext,
    id: string,
    trx?: Transaction<Database>,
  ): Promise<TherapyAppointmentRow> {
    const appointment = await this.ports.appointments.noteAppointment(
      ctx.principal.clinicId,
      id,
      trx,
      trx !== undefined,
    );
    if (!appointment) throw new NotFoundError('No such appointment.');
    if (!isTherapyType({ code: appointment.typeCode, roles: appointment.typeRoles })) {
      throw new RuleRefusedError(
        `A ${appointment.typeName} is not a therapy session: therapy notes belong to therapy appointments.`,
        'not-a-therapy-appointment',
      );
    }
    return appointment;
  }

  async get(ctx: RequestContext, appointmentId: string): Promise<TherapyNoteDto> {
    const appointment = await this.therapyAppointment(ctx, appointmentId);
    const rows = await this.repo.notes(ctx.principal.clinicId, [appointmentId]);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'TherapyNote',
      resourceId: appointmentId,
      patientId: appointment.patientId,
      detail: { versions: rows.length },
    });
    return noteDto(appointment, rows);
  }

  /** The patient's therapy appointments (cancelled ones only when they have a note), newest first, with their notes. */
  async forPatient(ctx: RequestContext, patientId: string): Promise<{ items: TherapyNoteDto[] }> {
    const clinicId = ctx.principal.clinicId;
    if (!(await this.ports.patients.findById(clinicId, patientId))) throw new NotFoundError('No such patient.');
    const therapy = (await this.ports.appointments.patientNoteAppointments(clinicId, patientId)).filter((a) =>
      isTherapyType({ code: a.typeCode, roles: a.typeRoles }),
    );
    const notes = await this.repo.notes(
      clinicId,
      therapy.map((a) => a.id),
    );
    const byAppointment = new Map<string, TherapyNoteRow[]>();
    for (const n of notes) byAppointment.set(n.appointmentId, [...(byAppointment.get(n.appointmentId) ?? []), n]);
    const items = therapy
      .filter((a) => a.status === 'booked' || byAppointment.has(a.id))
      .map((a) => noteDto(a, byAppointment.get(a.id) ?? []));
    await this.audit.record(ctx, {
      action: 'list',
      resourceType: 'TherapyNote',
      patientId,
      detail: { results: items.length },
    });
    return { items };
  }

  private async write(
    ctx: RequestContext,
    appointmentId: string,
    action: string,
    decide: (versions: TherapyNoteVersion[], appointment: TherapyAppointmentRow, now: Date) => TherapyNoteDecision,
  ): Promise<TherapyNoteDto> {
    const clinicId = ctx.principal.clinicId;
    await this.transact(async (trx) => {
      const appointment = await this.therapyAppointment(ctx, appointmentId, trx);
      if (appointment.status === 'cancelled')
        throw new TherapyNoteConflictError(
          'The appointment was cancelled: it has no note to write.',
          'appointment-cancelled',
        );
      const now = this.clock();
      const rows = await this.repo.notes(clinicId, [appointmentId], trx);
      const decision = decide(rows.map(toVersion), appointment, now);
      if (decision.refused) throw refusal(decision);
      await this.repo.insert(trx, {
        clinicId,
        appointmentId,
        patientId: appointment.patientId,
        version: decision.version,
        kind: decision.kind,
        noteType: decision.noteType,
        body: decision.body,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
      await this.audit.record(
        ctx,
        {
          action,
          resourceType: 'TherapyNote',
          resourceId: appointmentId,
          patientId: appointment.patientId,
          occurredAt: now,
          detail: { version: decision.version, kind: decision.kind, noteType: decision.noteType },
        },
        trx,
      );
    });
    const appointment = await this.therapyAppointment(ctx, appointmentId);
    return noteDto(appointment, await this.repo.notes(clinicId, [appointmentId]));
  }

  saveDraft(ctx: RequestContext, appointmentId: string, input: SaveTherapyNote): Promise<TherapyNoteDto> {
    return this.write(ctx, appointmentId, 'save-draft', (versions, appointment) =>
      decideDraft(versions, {
        body: input.body,
        baseVersion: input.baseVersion,
        noteType: input.noteType ?? (versions.length === 0 ? defaultNoteType(appointment.typeCode) : null),
      }),
    );
  }

  sign(ctx: RequestContext, appointmentId: string): Promise<TherapyNoteDto> {
    return this.write(ctx, appointmentId, 'sign', (versions, appointment, now) =>
      decideSignature(versions, { now, appointmentStartsAt: appointment.startsAt }),
    );
  }

  addAddendum(ctx: RequestContext, appointmentId: string, text: string): Promise<TherapyNoteDto> {
    return this.write(ctx, appointmentId, 'add-addendum', (versions) => decideAddendum(versions, text));
  }
}
