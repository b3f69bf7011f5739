import type { Transaction } from 'kysely';
import {
  checklistGate,
  sessionNotActive,
  evaluateChecklist,
  isIvInfusion,
  SAME_DAY_SUICIDE_RISK_RULES,
  sameDaySuicideRisk,
  type Acknowledgement,
  type ChecklistItemCode,
  type ChecklistResult,
  type SameDaySuicideRisk,
} from '../../../domain/session/index.js';
import type { Modality } from '../../../domain/protocols/index.js';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { EligibilityService } from '../eligibility/eligibility.service.js';
import { localDateOf, localToInstant } from '../clinics/clinic-time.js';
import { preDoseReading, type CheckInData } from './treatment-day-record.js';
import type { SuicideRiskEvaluationRow, TreatmentDayRepository } from './treatment-day.repository.js';
import type { EntryKind } from './treatment-day.tables.js';
import { TreatmentDocumentJournal, type AuditDetail } from './treatment-document-journal.js';

import { MINUTE, type Loaded, type TreatmentDayNotices } from './treatment-day.types.js';
import { sessionView } from './treatment-day.dto.js';
import { loadTreatmentSession } from './treatment-day-records.js';
import type { RiskAnswerRow, TreatmentDayPorts } from './treatment-day-ports.js';

/**
 * The treatment session's journal: load it (with the clinic's settings), write to it (one transaction with its audit
 * event and a board notice; a cancelled or missed session takes no entry), read it back as the session view, and the
 * checklist and same-day suicide-risk reading every part of the treatment day judges against.
 */
export class TreatmentSessionCore {
  constructor(
    readonly repo: TreatmentDayRepository,
    readonly ports: TreatmentDayPorts,
    private readonly consent: ConsentService,
    private readonly eligibility: EligibilityService,
    readonly audit: AuditService,
    readonly transact: Transact,
    readonly clock: () => Date,
    notices?: Pick<TreatmentDayNotices, 'boardChanged'>,
  ) {
    this.journal = new TreatmentDocumentJournal(this, repo, audit, transact, clock, notices);
  }

  /** The session's audited reads and writes, shared with its documents (treatment-document-journal.ts). */
  private readonly journal: TreatmentDocumentJournal;

  load(clinicId: string, sessionId: string, trx?: Transaction<Database>): Promise<Loaded> {
    return loadTreatmentSession(this.repo, this.ports.clinics, clinicId, sessionId, trx);
  }

  /**
   * One write: load, run `work`, audit and notify, all in one transaction (the journal's write). Refuses writes to
   * a cancelled or missed session.
   */
  write<T>(
    ctx: RequestContext,
    sessionId: string,
    action: string,
    work: (trx: Transaction<Database>, s: Loaded, now: Date) => Promise<{ result: T; detail?: AuditDetail }>,
  ): Promise<T> {
    return this.journal.record(ctx, sessionId, action, (trx, s, now) => {
      const inactive = sessionNotActive(s.session.status);
      if (inactive) throw inactive;
      return work(trx, s, now);
    });
  }

  append(
    trx: Transaction<Database>,
    ctx: RequestContext,
    s: Loaded,
    kind: EntryKind,
    data: Record<string, unknown>,
    occurredAt: Date,
    now: Date,
    correction?: { id: string; reason: string },
  ) {
    return this.journal.append(trx, ctx, s, { kind, data, occurredAt, correction }, now);
  }

  auditRead(ctx: RequestContext, s: Loaded, what: string): Promise<void> {
    return this.journal.auditRead(ctx, s, what);
  }

  async get(ctx: RequestContext, sessionId: string) {
    const s = await this.load(ctx.principal.clinicId, sessionId);
    const view = await this.view(s, this.clock());
    await this.auditRead(ctx, s, 'treatment');
    return view;
  }

  /** The view after a write: the write's own audit event covers it. */
  async current(ctx: RequestContext, sessionId: string) {
    return this.view(await this.load(ctx.principal.clinicId, sessionId), this.clock());
  }

  async view(s: Loaded, now: Date) {
    const checklist = await this.checklist(s, now);
    const names = await this.ports.users.displayNames(s.session.clinicId, [
      ...s.record.entries.map((e) => e.recordedBy),
      ...s.alerts.flatMap((a) => (a.ackBy ? [a.ackBy] : [])),
    ]);
    return sessionView(s, now, checklist, names, this.verificationRequired(s));
  }

  /** The treatment day's start (clinic time) and calendar date of a session. */
  treatmentDay(startsAt: Date, timeZone: string): { date: string; from: Date } {
    const date = localDateOf(startsAt, timeZone);
    return { date, from: localToInstant(`${date}T00:00`, timeZone) };
  }

  /** The domain's reading of today's suicide-risk answers for these rows and evaluations. */
  judgeSuicideRisk(
    date: string,
    timeZone: string,
    now: Date,
    answers: readonly RiskAnswerRow[],
    evaluations: readonly SuicideRiskEvaluationRow[],
    names: ReadonlyMap<string, string>,
  ): SameDaySuicideRisk {
    return sameDaySuicideRisk({
      treatmentDate: date,
      timeZone,
      now,
      answers: answers.map((a) => ({
        measureId: a.id,
        instrumentId: a.instrumentId,
        observedAt: a.observedAt,
        band: a.band,
        answers: a.answers,
      })),
      evaluations: evaluations.map((e) => ({
        measureId: e.measureId,
        by: names.get(e.evaluatedBy) ?? e.evaluatedBy,
        at: e.evaluatedAt,
        decision: e.decision,
        note: e.note,
      })),
    });
  }

  /** Same-day suicide-risk answers of the session's patient and their evaluations (issue 10 item 2). */
  async suicideRisk(s: Loaded, now: Date, trx?: Transaction<Database>): Promise<SameDaySuicideRisk> {
    const { clinicId, patientId } = s.session;
    const day = this.treatmentDay(s.session.startsAt, s.timeZone);
    const answers = await this.ports.measures.riskAnswersSince(
      clinicId,
      [patientId],
      day.from,
      SAME_DAY_SUICIDE_RISK_RULES.map((r) => r.instrumentId),
      trx,
    );
    const evaluations = await this.repo.suicideRiskEvaluations(
      clinicId,
      answers.map((a) => a.id),
      trx,
    );
    const names = await this.ports.users.displayNames(
      clinicId,
      evaluations.map((e) => e.evaluatedBy),
      trx,
    );
    return this.judgeSuicideRisk(day.date, s.timeZone, now, answers, evaluations, names);
  }

  /** The domain checklist for the session as recorded now (check-in, consent, eligibility, REMS, questionnaires). */
  async checklist(
    s: Loaded,
    now: Date,
    trx?: Transaction<Database>,
    proposedCheckIn?: CheckInData,
  ): Promise<ChecklistResult & { suicideRisk: SameDaySuicideRisk }> {
    const { clinicId, patientId, id } = s.session;
    const checkIn = proposedCheckIn ?? s.record.checkIn?.data;
    const [consent, standing, enrolments, confirmed, measures, suicideRisk] = await Promise.all([
      this.consent.currentFor(trx, clinicId, patientId, s.modality as Modality),
      this.eligibility.standing(trx, clinicId, patientId, s.modality),
      this.repo.remsEnrolments(clinicId, patientId, trx),
      this.ports.scheduling.hasRemsConfirmation(clinicId, id, trx),
      this.ports.measures.questionnaires(
        clinicId,
        patientId,
        id,
        new Date(now.getTime() - s.settings.questionnaireWindowHours * 60 * MINUTE),
        trx,
      ),
      this.suicideRisk(s, now, trx),
    ]);
    const consentSignedAt =
      consent.status.current && consent.signatureId
        ? await this.ports.consent.signedAt(clinicId, consent.signatureId, trx)
        : undefined;
    const names = await this.ports.users.displayNames(
      clinicId,
      [...s.record.acknowledgements.values()].map((a) => a.by),
      trx,
    );
    const eligibility = standing.decision
      ? {
          // Allowed (eligible, or overridden as the rules allow) -> eligible / reviewed; a review still waiting for its
          // override -> review (a warning for the prescriber); anything else (intake changed since, ineligible) blocks.
          decision: standing.standing.mayPlan
            ? standing.decision.decision === 'eligible'
              ? ('eligible' as const)
              : ('review' as const)
            : standing.standing.code === 'review-needs-override'
              ? ('review' as const)
              : ('ineligible' as const),
          assessedAt: standing.decision.decidedAt,
          ...(standing.standing.mayPlan && standing.decision.decision !== 'eligible'
            ? { reviewedBy: names.get(standing.override?.signedBy ?? '') ?? 'a prescriber (documented override)' }
            : {}),
        }
      : undefined;
    const time = (value: string | undefined): Date | 'none-today' | undefined =>
      value === undefined ? undefined : value === 'none-today' ? 'none-today' : new Date(value);
    const acknowledgements: Partial<Record<ChecklistItemCode, Acknowledgement>> = {};
    for (const [code, ack] of s.record.acknowledgements) {
      // An acknowledgement counts from when it was given: judging an earlier moment ignores it.
      if (ack.at.getTime() <= now.getTime())
        acknowledgements[code as ChecklistItemCode] = { ...ack, by: names.get(ack.by) ?? ack.by };
    }
    const lastFoodAt = time(checkIn?.fasting?.lastFoodAt);
    const lastLiquidAt = time(checkIn?.fasting?.lastLiquidAt);
    const preDoseVitals = preDoseReading(checkIn);
    const result = evaluateChecklist({
      modality: s.modality,
      now,
      identityChecked: checkIn?.identityChecked === true,
      ...(preDoseVitals ? { preDoseVitals } : {}),
      dosesByWeight: isIvInfusion(s.modality),
      ...(checkIn?.weightKg !== undefined ? { weightKg: checkIn.weightKg } : {}),
      ...(checkIn?.fasting
        ? { fasting: { ...(lastFoodAt ? { lastFoodAt } : {}), ...(lastLiquidAt ? { lastLiquidAt } : {}) } }
        : {}),
      ...(checkIn?.ride ? { ride: checkIn.ride } : {}),
      ...(typeof standing.decision?.facts['canBecomePregnant'] === 'boolean'
        ? { canBecomePregnant: standing.decision.facts['canBecomePregnant'] }
        : {}),
      ...(checkIn?.pregnancy
        ? {
            pregnancy: {
              canBecomePregnant: checkIn.pregnancy.canBecomePregnant,
              ...(checkIn.pregnancy.result ? { result: checkIn.pregnancy.result } : {}),
              ...(checkIn.pregnancy.testedAt ? { testedAt: new Date(checkIn.pregnancy.testedAt) } : {}),
            },
          }
        : {}),
      ...(consentSignedAt ? { consent: { signedAt: consentSignedAt } } : {}),
      ...(eligibility ? { eligibility } : {}),
      remsPatientEnrolled: enrolments.length > 0 || confirmed,
      questionnaires: measures.map((m) => {
        const flag =
          Array.isArray(m.flags) && m.flags.length > 0 ? m.flags.map((f) => f.message).join('; ') : undefined;
        return { id: m.id, instrumentId: m.instrumentId, completedAt: m.observedAt, ...(flag ? { flag } : {}) };
      }),
      sameDaySuicideRisk: suicideRisk,
      acknowledgements,
      settings: s.settings.checklist,
      thresholds: s.settings.thresholds,
      timeZone: s.timeZone,
    });
    // The domain's consent and eligibility messages know only "on file or not": say why, in the services' words.
    const why: Partial<Record<ChecklistItemCode, string>> = {
      ...(!consent.status.current && consent.status.reason !== 'no-consent'
        ? { consent: `${consent.status.message}: a current consent must be signed.` }
        : {}),
      ...(standing.decision && !standing.standing.mayPlan ? { eligibility: standing.standing.message } : {}),
    };
    return {
      ...result,
      suicideRisk,
      items: result.items.map((item) =>
        item.status !== 'pass' && why[item.code] ? { ...item, message: why[item.code]! } : item,
      ),
    };
  }

  async getChecklist(ctx: RequestContext, sessionId: string) {
    const s = await this.load(ctx.principal.clinicId, sessionId);
    const result = await this.checklist(s, this.clock());
    await this.auditRead(ctx, s, 'checklist');
    return result;
  }

  assertCanStart(result: ChecklistResult): void {
    const gate = checklistGate(result);
    if (gate) throw gate;
  }

  verificationRequired(s: Loaded): boolean {
    return isIvInfusion(s.modality)
      ? s.settings.secondPersonVerification.iv
      : s.settings.secondPersonVerification.esketamine;
  }
}
