/**
 * Suicide-risk alerts. Raised inside the transaction that stores the measure, so a positive answer cannot be
 * stored without its alert. Open until a prescriber or nurse acknowledges it with the action taken; escalated to
 * every prescriber when left unacknowledged past the clinic's escalation time. Never deleted (database trigger).
 */
import type { Transaction } from 'kysely';
import { escalationDueAt, evaluateSuicideRiskAlert } from '../../../domain/safety/index.js';
import type { ScoreResult } from '../../../domain/instruments/index.js';
import { formatDate } from '../../../domain/session/time.js';
import { isTreatmentModality, sameDaySuicideRisk } from '../../../domain/session/index.js';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { clinicContext, type AuditService } from '../audit/audit.service.js';
import type { ClinicSettings } from '../clinics/clinic-settings.js';
import type { AlertsRepository } from './alerts.repository.js';
import type { AlertAction } from '../../../contract/alerts.js';

export interface AlertDto {
  id: string;
  patient: { id: string; name: string; mrn: string };
  measureId: string | null;
  kind: string;
  severity: 'low' | 'moderate' | 'high';
  reasons: string[];
  source: string;
  createdAt: string;
  escalationDueAt: string;
  escalatedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  acknowledgementNote: string | null;
  actions: string[];
  /**
   * Who is waiting on whom: when the answer behind this alert was given on a treatment day and no prescriber has
   * evaluated it, the chair waits for a prescriber before dosing (issue 10 item 2). Null otherwise.
   */
  waitingFor: {
    waiting: 'chair-staff';
    waitingOn: 'prescriber';
    reason: 'suicide-risk-evaluation';
    sessionId: string;
    chair: string | null;
    message: string;
  } | null;
}

/** What `AlertNotices.alertRaised` is told of a new alert: ids and the time only. */
export interface RaisedAlert {
  readonly id: string;
  readonly patientId: string;
  readonly measureId: string;
  readonly raisedAt: Date;
}

/** What the alerts module tells the clinic, inside the transaction that raised an alert (clinic-notices.ts). */
export interface AlertNotices {
  /** The live channel (boards and session screens refetch) and webhooks (alert.raised). */
  alertRaised(trx: Transaction<Database>, clinicId: string, alert: RaisedAlert): Promise<void>;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** What alerts ask the users module. */
export interface StaffDirectory {
  activeStaffIds(trx: Transaction<Database>, clinicId: string, role: 'prescriber'): Promise<string[]>;
}

export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** The users module: who the clinic's active prescribers are, when an alert escalates. */
    private readonly staff: StaffDirectory,
    /** Told inside the transaction that raised an alert. */
    private readonly notices?: AlertNotices,
  ) {}

  /** Called by the measures service inside its transaction. Returns the alert when one is raised. */
  async raiseForScore(
    trx: Transaction<Database>,
    input: {
      clinicId: string;
      patientId: string;
      measureId: string;
      result: ScoreResult;
      source: string;
      settings: ClinicSettings;
      now: Date;
    },
  ) {
    const decision = evaluateSuicideRiskAlert(input.result, input.settings.suicideRiskAlerts);
    if (!decision.isRaised || decision.severity === null) return undefined;
    const alert = await this.alerts.insert(trx, {
      clinicId: input.clinicId,
      patientId: input.patientId,
      measureId: input.measureId,
      kind: 'suicide-risk',
      severity: decision.severity,
      reasons: decision.reasons,
      source: input.source,
      createdAt: input.now,
      escalationDueAt: escalationDueAt(input.now, input.settings.escalation),
    });
    await this.audit.record(
      clinicContext(input.clinicId),
      {
        action: 'raise',
        resourceType: 'SafetyAlert',
        resourceId: alert.id,
        patientId: input.patientId,
        occurredAt: input.now,
        detail: { severity: decision.severity, source: input.source },
      },
      trx,
    );
    await this.notices?.alertRaised(trx, input.clinicId, {
      id: alert.id,
      patientId: input.patientId,
      measureId: input.measureId,
      raisedAt: input.now,
    });
    return alert;
  }

  async list(
    ctx: RequestContext,
    filter: { status: 'open' | 'acknowledged' | 'all'; patientId?: string | undefined; limit: number },
  ): Promise<AlertDto[]> {
    const rows = await this.alerts.list(ctx.principal.clinicId, filter);
    await this.audit.record(ctx, {
      action: 'list',
      resourceType: 'SafetyAlert',
      patientId: filter.patientId ?? null,
      detail: { status: filter.status, results: rows.length },
    });
    const waits = await this.sameDayWaits(
      ctx.principal.clinicId,
      rows.flatMap((r) => (r.measureId && r.acknowledgedAt === null ? [r.measureId] : [])),
    );
    return rows.map((r) => ({
      id: r.id,
      patient: { id: r.patientId, name: `${r.givenName} ${r.familyName}`, mrn: r.mrn },
      measureId: r.measureId,
      kind: r.kind,
      severity: r.severity,
      reasons: r.reasons,
      source: r.source,
      createdAt: r.createdAt.toISOString(),
      escalationDueAt: r.escalationDueAt.toISOString(),
      escalatedAt: iso(r.escalatedAt),
      acknowledgedAt: iso(r.acknowledgedAt),
      acknowledgedBy: r.acknowledgedByName,
      acknowledgementNote: r.acknowledgementNote,
      actions: r.actions ?? [],
      waitingFor: (r.measureId ? waits.get(r.measureId) : undefined) ?? null,
    }));
  }

  /** Per measure: the treatment session of that day waiting for a prescriber's evaluation of it (the domain decides). */
  private async sameDayWaits(
    clinicId: string,
    measureIds: readonly string[],
  ): Promise<Map<string, NonNullable<AlertDto['waitingFor']>>> {
    const rows = await this.alerts.unevaluatedSameDaySessions(clinicId, measureIds);
    const now = this.clock();
    const waits = new Map<string, NonNullable<AlertDto['waitingFor']>>();
    for (const row of rows) {
      if (waits.has(row.measureId) || !isTreatmentModality(row.modality)) continue;
      const risk = sameDaySuicideRisk({
        treatmentDate: formatDate(row.startsAt, row.timeZone),
        timeZone: row.timeZone,
        now,
        answers: [
          {
            measureId: row.measureId,
            instrumentId: row.instrumentId,
            observedAt: row.observedAt,
            band: row.band,
            answers: row.answers,
          },
        ],
        evaluations: [],
      });
      if (risk.awaitingPrescriber.length === 0) continue;
      const where = row.chairName ? `${row.chairName} (the nurse with the patient)` : 'The nurse with the patient';
      waits.set(row.measureId, {
        waiting: 'chair-staff',
        waitingOn: 'prescriber',
        reason: 'suicide-risk-evaluation',
        sessionId: row.sessionId,
        chair: row.chairName,
        message: `${where} is waiting for a prescriber to evaluate this answer (${risk.awaitingPrescriber[0]!.describe}) before dosing today.`,
      });
    }
    return waits;
  }

  async acknowledge(ctx: RequestContext, id: string, input: { note: string; actions: AlertAction[] }): Promise<void> {
    const now = this.clock();
    await this.transact(async (trx) => {
      const existing = await this.alerts.findById(ctx.principal.clinicId, id, trx);
      if (!existing) throw new NotFoundError('No such alert in this clinic.');
      const done = await this.alerts.acknowledge(
        trx,
        ctx.principal.clinicId,
        id,
        ctx.principal.userId,
        now,
        input.note.trim(),
        input.actions,
      );
      if (!done) throw new ConflictError('This alert was already acknowledged.');
      await this.audit.record(
        ctx,
        {
          action: 'acknowledge',
          resourceType: 'SafetyAlert',
          resourceId: id,
          patientId: existing.patientId,
          occurredAt: now,
          detail: {
            actions: input.actions,
            minutesOpen: Math.round((now.getTime() - existing.createdAt.getTime()) / 60_000),
          },
        },
        trx,
      );
    });
  }

  /**
   * Escalates every open alert past its escalation time to every active prescriber of its clinic. Safe to run
   * from several server processes at once: each alert is escalated by exactly one of them.
   */
  async escalateDue(): Promise<number> {
    const now = this.clock();
    const due = await this.alerts.dueForEscalation(now);
    let escalated = 0;
    for (const alert of due) {
      const done = await this.transact(async (trx) => {
        if (!(await this.alerts.markEscalated(trx, alert.id, now))) return false;
        const prescribers = await this.staff.activeStaffIds(trx, alert.clinicId, 'prescriber');
        await this.alerts.notify(
          trx,
          prescribers.map((userId) => ({
            clinicId: alert.clinicId,
            userId,
            alertId: alert.id,
            kind: 'alert-escalated',
            createdAt: now,
            message: `An unacknowledged ${alert.severity} suicide-risk alert needs a prescriber now.`,
          })),
        );
        await this.audit.record(
          clinicContext(alert.clinicId),
          {
            action: 'escalate',
            resourceType: 'SafetyAlert',
            resourceId: alert.id,
            patientId: alert.patientId,
            occurredAt: now,
            detail: { notified: prescribers.length },
          },
          trx,
        );
        return true;
      });
      if (done) escalated += 1;
    }
    return escalated;
  }

  async notifications(ctx: RequestContext, unreadOnly: boolean) {
    const rows = await this.alerts.notificationsFor(ctx.principal.userId, unreadOnly);
    return rows.map((n) => ({
      id: n.id,
      kind: n.kind,
      message: n.message,
      alertId: n.alertId,
      createdAt: n.createdAt.toISOString(),
      readAt: iso(n.readAt),
    }));
  }

  async markNotificationRead(ctx: RequestContext, id: string): Promise<void> {
    if (!(await this.alerts.markNotificationRead(ctx.principal.userId, id, this.clock())))
      throw new NotFoundError('No such unread notification.');
  }
}
