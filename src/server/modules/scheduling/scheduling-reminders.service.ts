/**
 * Pre-session reminders (ride home, fasting, REMS enrolment, consent, ...): what each booked session still misses,
 * staff confirming them by hand, and a session as the API shows it (its reminders included), for the other
 * scheduling services.
 */
import { consentStatus } from '../../../domain/consent/index.js';
import { isModality } from '../../../domain/protocols/index.js';
import {
  sessionReminders,
  takesReminderConfirmations,
  type SessionReminders,
} from '../../../domain/scheduling/index.js';
import { RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { planProtocol } from '../plans/plans.service.js';
import type { TreatmentDayRecords } from '../treatment-day/treatment-day-records.js';
import { loadClinicContext, type ClinicContext } from '../clinics/clinic-context.js';
import type { SchedulingPorts } from './scheduling-ports.js';
import { sessionDto } from './scheduling.dto.js';
import {
  requireSession,
  type ConfirmableRequirement,
  type SchedulingDeps,
  type SessionRow,
} from './scheduling-support.js';

export class SessionRemindersService {
  constructor(
    private readonly deps: SchedulingDeps,
    /** The treatment day's REMS enrolments and check-ins, for the reminders (its tables are its own). */
    private readonly treatmentDay: Pick<TreatmentDayRecords, 'remsEnrolments' | 'checkIns'>,
    /** The protocol of each session's plan, and each patient's latest consents (scheduling-ports.ts). */
    private readonly ports: Pick<SchedulingPorts, 'plans' | 'consent'>,
  ) {}

  async reminders(ctx: RequestContext, sessionId: string) {
    const { clinicId } = ctx.principal;
    const clinic = await loadClinicContext(this.deps.clinics, clinicId);
    const row = await requireSession(this.deps.scheduling, this.ports.plans, clinicId, sessionId);
    const [reminders] = await this.remindersFor(clinic, [row]);
    await this.deps.audit.record(ctx, {
      action: 'read',
      resourceType: 'Appointment',
      resourceId: sessionId,
      patientId: row.patientId,
      detail: { view: 'reminders' },
    });
    if (!reminders)
      throw new RuleRefusedError('This session belongs to no plan, so it has no protocol reminders.', 'no-protocol');
    return { sessionId, sessionNumber: row.sessionNumber, protocolId: row.protocolId, ...reminders };
  }

  /** Staff confirm a reminder (ride home arranged, fasting instructions acknowledged, ...). Confirming twice is harmless. */
  async confirm(
    ctx: RequestContext,
    sessionId: string,
    input: { code: ConfirmableRequirement; note?: string | undefined },
  ) {
    const { clinicId } = ctx.principal;
    const row = await requireSession(this.deps.scheduling, this.ports.plans, clinicId, sessionId);
    if (!row.protocolId)
      throw new RuleRefusedError('This session belongs to no plan, so it has no protocol reminders.', 'no-protocol');
    const protocol = planProtocol({ protocolId: row.protocolId, protocolSettings: row.protocolSettings ?? {} });
    if (!protocol.preSession.some((r) => r.code === input.code)) {
      throw new RuleRefusedError(`${protocol.id} does not ask for '${input.code}' before a session.`, 'not-required', [
        { field: 'code', message: 'is not a requirement of this protocol' },
      ]);
    }
    if (!takesReminderConfirmations(row.status))
      throw new RuleRefusedError(`This session is ${row.status}.`, 'session-not-scheduled');
    const now = this.deps.clock();
    await this.deps.transact(async (trx) => {
      const inserted = await this.deps.scheduling.insertConfirmation(trx, {
        clinicId,
        sessionId,
        code: input.code,
        note: input.note?.trim() || null,
        confirmedAt: now,
        confirmedBy: ctx.principal.userId,
      });
      if (!inserted) return;
      await this.deps.scheduling.insertEvent(trx, {
        clinicId,
        sessionId,
        kind: 'confirmed',
        detail: { code: input.code },
        occurredAt: now,
        userId: ctx.principal.userId,
      });
      await this.deps.audit.record(
        ctx,
        {
          action: 'confirm',
          resourceType: 'Appointment',
          resourceId: sessionId,
          patientId: row.patientId,
          occurredAt: now,
          detail: { code: input.code },
        },
        trx,
      );
    });
    return this.reminders(ctx, sessionId);
  }

  /** One booked session as the API shows it, with its reminders (null when it belongs to no plan). Not audited. */
  async sessionWithReminders(clinic: ClinicContext, sessionId: string) {
    const row = await requireSession(this.deps.scheduling, this.ports.plans, clinic.clinicId, sessionId);
    const [reminders] = await this.remindersFor(clinic, [row]);
    return sessionDto(clinic, row, reminders ?? null);
  }

  /** Each session's reminders (null for a session of no plan), loaded together for a day or week view. */
  async remindersFor(clinic: ClinicContext, rows: readonly SessionRow[]): Promise<Array<SessionReminders | null>> {
    const patientIds = [...new Set(rows.map((r) => r.patientId))];
    const [confirmations, consents, enrolments, checkIns] = await Promise.all([
      this.deps.scheduling.confirmations(
        clinic.clinicId,
        rows.map((r) => r.id),
      ),
      this.ports.consent.latestSignatures(clinic.clinicId, patientIds),
      this.treatmentDay.remsEnrolments(clinic.clinicId, patientIds),
      this.treatmentDay.checkIns(
        clinic.clinicId,
        rows.map((r) => r.id),
      ),
    ]);
    // What the session's checklist already knows from the records: REMS enrolment, and a ride home confirmed at check-in.
    const enrolled = new Map<string, { at: Date; by: string | null }>();
    for (const e of enrolments)
      if (!enrolled.has(e.patientId)) enrolled.set(e.patientId, { at: e.recordedAt, by: e.recordedBy });
    const rides = new Map<string, { at: Date; by: string | null } | null>();
    for (const c of checkIns) {
      const ride = (c.data as { ride?: { confirmed?: unknown } } | null)?.ride;
      rides.set(c.sessionId, ride?.confirmed === true ? { at: c.recordedAt, by: c.recordedBy } : null);
    }
    return rows.map((row) => {
      if (!row.protocolId || !isModality(row.modality)) return null;
      const protocol = planProtocol({ protocolId: row.protocolId, protocolSettings: row.protocolSettings ?? {} });
      const confirmed = new Map(
        confirmations
          .filter((c) => c.sessionId === row.id)
          .map((c) => [c.code, { at: c.confirmedAt, by: c.confirmedBy }]),
      );
      const signature = consents.find((c) => c.patientId === row.patientId && c.modality === row.modality);
      const consent = consentStatus(
        row.modality,
        signature
          ? { documentId: signature.documentId, version: signature.documentVersion, sha256: signature.documentSha256 }
          : undefined,
      );
      const fromRecords = new Map<string, { at: Date; by: string | null }>();
      const enrolment = enrolled.get(row.patientId);
      if (enrolment) fromRecords.set('rems-enrolled', enrolment);
      const ride = rides.get(row.id);
      if (ride) fromRecords.set('ride-home', ride);
      return sessionReminders(protocol, row.sessionNumber ?? 1, confirmed, consent.current, fromRecords);
    });
  }
}
