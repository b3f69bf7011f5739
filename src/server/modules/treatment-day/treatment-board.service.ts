import { chairStatus, groupReadingAlerts, MONITORING_SETTING_CITATIONS } from '../../../domain/monitoring/index.js';
import {
  CHECKLIST_SETTING_CITATIONS,
  isTreatmentModality,
  modalityName,
  SAME_DAY_SUICIDE_RISK_RULES,
  type SessionEvent,
  type TreatmentModality,
} from '../../../domain/session/index.js';
import { BadRequestError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { localDateOf, localToInstant } from '../clinics/clinic-time.js';
import { readSessionRecord } from './treatment-day-record.js';
import { resolveTreatmentDaySettings, SECOND_PERSON_VERIFICATION_CITATION } from './treatment-day-settings.js';

import { initials, iso, MINUTE, waitingForPrescriber } from './treatment-day.types.js';
import { groupedAlerts } from './treatment-day.dto.js';
import type { TreatmentSessionCore } from './treatment-session-core.js';
import { requirePatient } from '../patients/patient-lookup.js';

/** The clinic board, the treatment-day settings and REMS enrolment. */
export class TreatmentBoardService {
  constructor(private readonly core: TreatmentSessionCore) {}

  /** Every chair today: patient initials, modality, phase, elapsed time, next check due and open alerts. */
  async board(ctx: RequestContext) {
    const { clinicId } = ctx.principal;
    const now = this.core.clock();
    const clinic = await this.core.ports.clinics.findById(clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    const settings = resolveTreatmentDaySettings(clinic.settings);
    const today = localDateOf(now, clinic.timeZone);
    const from = localToInstant(`${today}T00:00`, clinic.timeZone);
    const to = new Date(from.getTime() + 36 * 60 * MINUTE);
    const sessions = (await this.core.repo.sessionsBetween(clinicId, from, to)).filter(
      (r) => localDateOf(r.startsAt, clinic.timeZone) === today && isTreatmentModality(r.modality),
    );
    const ids = sessions.map((r) => r.id);
    const [entries, alerts, answers] = await Promise.all([
      this.core.repo.entriesForSessions(clinicId, ids),
      this.core.repo.alertsForSessions(clinicId, ids),
      this.core.ports.measures.riskAnswersSince(
        clinicId,
        [...new Set(sessions.map((r) => r.patientId))],
        from,
        SAME_DAY_SUICIDE_RISK_RULES.map((r) => r.instrumentId),
      ),
    ]);
    const evaluations = await this.core.repo.suicideRiskEvaluations(
      clinicId,
      answers.map((a) => a.id),
    );
    const chairs = sessions.map((r) => {
      const modality = r.modality as TreatmentModality;
      const record = readSessionRecord(entries.filter((e) => e.sessionId === r.id));
      const status = chairStatus({
        modality,
        events: record.events as SessionEvent[],
        now,
        settings: settings.monitoring,
      });
      const open = alerts.filter((a) => a.sessionId === r.id && !a.ackAt);
      const risk = this.core.judgeSuicideRisk(
        today,
        clinic.timeZone,
        now,
        answers.filter((a) => a.patientId === r.patientId),
        evaluations,
        new Map(),
      );
      const waitingFor = record.discharge ? null : waitingForPrescriber(risk, r.chairName);
      const startedAt =
        status.dosingStartedAt ?? (record.checkIn ? new Date(record.checkIn.data.arrivedAt) : undefined);
      return {
        sessionId: r.id,
        chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null,
        patientInitials: initials(r.givenName, r.familyName),
        modality,
        modalityName: modalityName(modality),
        scheduledStart: r.startsAt.toISOString(),
        isCheckedIn: record.checkIn !== undefined,
        phase: status.phase,
        phaseSince: iso(status.since),
        elapsedMin: startedAt ? Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / MINUTE)) : null,
        minimumMonitoringEndsAt: iso(status.minimumMonitoringEndsAt),
        nextCheck: status.nextCheck
          ? {
              id: status.nextCheck.id,
              label: status.nextCheck.label,
              dueAt: status.nextCheck.dueAt.toISOString(),
              status: status.nextCheck.status,
            }
          : null,
        minutesUntilNextCheck:
          status.minutesUntilNextCheck === undefined ? null : Math.round(status.minutesUntilNextCheck * 10) / 10,
        overdueChecks: status.overdueChecks,
        nextDeviceAllowedAt:
          status.devices && !status.devices.allGiven ? iso(status.devices.nextDeviceAllowedAt) : null,
        // One alert per reading (issue 10 item 7): the most severe threshold's id and code, every threshold in `codes`.
        openAlerts: groupedAlerts(
          open,
          settings.thresholds.thresholds.map((x) => x.code),
        ).map((rows) => {
          const group = groupReadingAlerts(rows)!;
          const head = group.thresholds[0]!;
          return {
            id: head.id,
            code: head.code,
            severity: head.severity,
            message: group.message,
            raisedAt: head.raisedAt.toISOString(),
            codes: [...group.codes],
          };
        }),
        // Who is waiting on whom: a same-day suicide-risk answer waits for a prescriber (issue 10 item 2).
        waitingFor,
      };
    });
    await this.core.audit.record(ctx, {
      action: 'read',
      resourceType: 'TreatmentBoard',
      occurredAt: now,
      detail: { sessions: chairs.length },
    });
    return { generatedAt: now.toISOString(), date: today, timeZone: clinic.timeZone, chairs };
  }

  /** The clinic's treatment-day settings in force, each group with the citations of its defaults. */
  async settings(ctx: RequestContext) {
    const clinic = await this.core.ports.clinics.findById(ctx.principal.clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    const stored = clinic.settings.treatmentDay;
    return {
      settings: resolveTreatmentDaySettings(clinic.settings),
      edited: (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>,
      citations: {
        monitoring: MONITORING_SETTING_CITATIONS,
        checklist: CHECKLIST_SETTING_CITATIONS,
        secondPersonVerification: SECOND_PERSON_VERIFICATION_CITATION,
      },
    };
  }

  /** Edits groups of settings (a group given replaces the clinic's earlier edit of it); the domain validates each. */
  async updateSettings(ctx: RequestContext, input: Record<string, unknown>) {
    const now = this.core.clock();
    await this.core.transact(async (trx) => {
      const clinic = await this.core.ports.clinics.findById(ctx.principal.clinicId, trx);
      if (!clinic) throw new NotFoundError('No such clinic.');
      const stored =
        typeof clinic.settings.treatmentDay === 'object' && clinic.settings.treatmentDay !== null
          ? (clinic.settings.treatmentDay as Record<string, unknown>)
          : {};
      const next = { ...stored, ...input };
      resolveTreatmentDaySettings({ treatmentDay: next });
      await this.core.ports.clinics.setSettingsGroup(trx, clinic.id, 'treatmentDay', next);
      await this.core.audit.record(
        ctx,
        {
          action: 'update',
          resourceType: 'ClinicTreatmentDaySettings',
          resourceId: clinic.id,
          occurredAt: now,
          detail: { groups: Object.keys(input) },
        },
        trx,
      );
    });
    return this.settings(ctx);
  }

  async recordRemsEnrolment(
    ctx: RequestContext,
    patientId: string,
    input: { enrolledOn: string; remsPatientId?: string | undefined },
  ) {
    const now = this.core.clock();
    const { clinicId } = ctx.principal;
    return this.core.transact(async (trx) => {
      await requirePatient(this.core.ports.patients, clinicId, patientId, trx);
      const clinic = await this.core.ports.clinics.findById(clinicId, trx);
      if (clinic && input.enrolledOn > localDateOf(now, clinic.timeZone))
        throw new BadRequestError('The enrolment date is in the future.', [
          { field: 'enrolledOn', message: 'is in the future' },
        ]);
      const row = await this.core.repo.insertRemsEnrolment(trx, {
        clinicId,
        patientId,
        enrolledOn: input.enrolledOn,
        remsPatientId: input.remsPatientId?.trim() || null,
        recordedAt: now,
        recordedBy: ctx.principal.userId,
      });
      await this.core.audit.record(
        ctx,
        { action: 'record-rems-enrolment', resourceType: 'Patient', resourceId: patientId, patientId, occurredAt: now },
        trx,
      );
      return {
        id: row.id,
        enrolledOn: row.enrolledOn,
        remsPatientId: row.remsPatientId,
        recordedAt: row.recordedAt.toISOString(),
      };
    });
  }

  async remsEnrolment(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.core.ports.patients, clinicId, patientId);
    const rows = await this.core.repo.remsEnrolments(clinicId, patientId);
    await this.core.audit.record(ctx, {
      action: 'read',
      resourceType: 'Patient',
      resourceId: patientId,
      patientId,
      detail: { view: 'rems-enrolment' },
    });
    const latest = rows[0];
    return {
      enrolled: latest !== undefined,
      current: latest
        ? {
            enrolledOn: latest.enrolledOn,
            remsPatientId: latest.remsPatientId,
            recordedAt: latest.recordedAt.toISOString(),
          }
        : null,
      history: rows.map((r) => ({
        id: r.id,
        enrolledOn: r.enrolledOn,
        remsPatientId: r.remsPatientId,
        recordedAt: r.recordedAt.toISOString(),
      })),
    };
  }
}
