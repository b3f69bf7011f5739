/**
 * The treatment day: check-in and the pre-session checklist, the prepared dose and its verification, the
 * administration record, the monitoring timeline with alerts, adverse events, discharge and the clinic board.
 *
 * Every call loads the session's journal, asks the domain (src/domain/session, monitoring, dosing) and appends
 * what happened; nothing is updated in place. Each write runs in one transaction with its audit event and a
 * board-change notice (`onChange`), so a live board learns of it as soon as it is committed.
 */
import { CLOCK_DRIFT_TOLERANCE_MS, observationTimeProblem } from '../../../domain/shared/plausible-dates.js';
import type { Transaction } from 'kysely';
import {
  assertPreparedDoseAllowed, checkDeliveredTotal, checkInfusionRate, checkPreparedIvDose, esketamineDose, ivDose,
} from '../../../domain/dosing/index.js';
import { chooseDoseLot, DOSE_LOT_CITATION, isLotExpired, type DoseLot, type DrugName } from '../../../domain/inventory/index.js';
import { infusionRunningMinutes } from '../../../domain/pk/index.js';
import { applyProtocolSettings, getProtocol, IV_ANTIDEPRESSANT_MIN_INFUSION_MIN, isProtocolId, type Protocol } from '../../../domain/protocols/index.js';
import { scoreInstrument } from '../../../domain/instruments/index.js';
import { actualInfusions, DEFAULT_PK_MODEL, pkModelById, PK_MODELS, plannedInfusion, simulate } from '../../../domain/pk/index.js';
import {
  chairStatus, dueChecks, groupReadingAlerts, MONITORING_SETTING_CITATIONS, evaluateDischarge, evaluateVitals, validateMoaas, validateVitalSignReading, validateVitalSigns,
  type DischargeDecision, type VitalAlert, type VitalSignReading,
} from '../../../domain/monitoring/index.js';
import {
  administrationPrecondition, applySessionEvent, checklistGate, sessionNotActive, startsDosing,
  CHECKLIST_SETTING_CITATIONS, evaluateChecklist, NAUSEA_LEVELS, isIvInfusion, isTreatmentModality, modalityName, readTimeline, SAME_DAY_SUICIDE_RISK_RULES, sameDaySuicideRisk, validateAdverseEvent,
  type Acknowledgement, type AdverseEvent, type ChecklistItemCode, type ChecklistResult, type SameDaySuicideRisk, type SessionCommand, type SessionEvent, type SessionState, type TreatmentModality,
} from '../../../domain/session/index.js';
import { RuleViolationError } from '../../../domain/shared/validation.js';
import type { Modality } from '../../../domain/protocols/index.js';
import { roleHas } from '../../auth/permissions.js';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, RuleRefusedError, type ProblemField } from '../../errors/http-errors.js';
import type { ProblemCode } from '../../errors/problem-codes.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { EligibilityService } from '../eligibility/eligibility.service.js';
import { localDateOf, localToInstant } from '../scheduling/clinic-time.js';
import {
  adverseEventOf, CORRECTABLE_KINDS, preDoseReading, readSessionRecord, type CheckInData, type SessionRecord,
} from './treatment-day-record.js';
import type { AlertRow, EntryRow, RiskAnswerRow, SuicideRiskEvaluationRow, TreatmentDayRepository } from './treatment-day.repository.js';
import { resolveTreatmentDaySettings, SECOND_PERSON_VERIFICATION_CITATION, type TreatmentDaySettings } from './treatment-day-settings.js';
import type { EntryKind } from './treatment-day.tables.js';

/** A 409 the web app can recognise by `code`. */
export class TreatmentConflictError extends ConflictError {
  constructor(message: string, readonly code: ProblemCode, fields: readonly ProblemField[] = []) {
    super(message, fields);
  }
}

/** What a write tells the live channel: the board of `clinicId` changed because of `sessionId`. */
export interface BoardChange {
  readonly topic: 'board';
  readonly sessionId: string;
}
/** Called inside each write's transaction (so a notice is sent only if the write commits). */
export type OnBoardChange = (trx: Transaction<Database>, clinicId: string, change: BoardChange) => Promise<void>;

type SessionRow = NonNullable<Awaited<ReturnType<TreatmentDayRepository['findSession']>>>;

export interface Loaded {
  readonly session: SessionRow;
  readonly modality: TreatmentModality;
  readonly record: SessionRecord;
  readonly alerts: readonly AlertRow[];
  readonly timeZone: string;
  readonly clinicName: string;
  readonly settings: TreatmentDaySettings;
}

const ADMINISTRATION_EVENTS = ['infusion-started', 'infusion-rate-changed', 'infusion-paused', 'infusion-resumed', 'infusion-stopped', 'device-administered'] as const;
export type AdministrationEvent = (typeof ADMINISTRATION_EVENTS)[number];
export const OBSERVATION_KINDS = ['vitals', 'moaas', 'cadss', 'nausea', 'note'] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

export interface VitalsInput { systolic?: number | undefined; diastolic?: number | undefined; heartRate?: number | undefined; spo2?: number | undefined; respiratoryRate?: number | undefined }

export interface CheckInInput {
  arrivedAt?: string | undefined;
  identityChecked: boolean;
  identityMethod?: string | undefined;
  preDoseVitals?: (VitalsInput & { takenAt?: string | undefined; correctionReason?: string | undefined }) | undefined;
  weightKg?: number | undefined;
  fasting?: { lastFoodAt?: string | undefined; lastLiquidAt?: string | undefined } | undefined;
  ride?: { name?: string | undefined; phone?: string | undefined; confirmed: boolean } | undefined;
  pregnancy?: { canBecomePregnant: boolean; result?: 'negative' | 'positive' | undefined; testedAt?: string | undefined } | undefined;
}

/**
 * Internal only (the demo seed): the demo's consents are signed at start-up, after the demo's back-dated dose times,
 * so the gate judged at the preparation time would block. Never exposed over HTTP.
 */
export interface DemoHistoryOptions {
  readonly skipChecklistGate?: boolean;
}

export interface DoseInput {
  /** When the dose was prepared (default now); the checklist is judged at that moment. */
  preparedAt?: string | undefined;
  concentrationMgPerMl?: number | undefined;
  durationMin?: number | undefined;
  /** A lot the clinic holds in its ledger (or drew for this session); see GET /api/sessions/:id/dose/lots. */
  lotNumber: string;
  /** The lot's NDC, when the same lot number is held under two products. */
  ndc?: string | undefined;
  /** Optional and not trusted: the ledger's expiry of the lot is the one recorded. */
  lotExpiry?: string | undefined;
  ledgerDrawId?: string | undefined;
  /** A prescriber's override of a dose above the protocol cap or the plan (IV), with the reason. */
  override?: { reason: string } | undefined;
}

/** The lots the ledger holds for a session's dose (wired in app.ts to the ledger service). */
export interface DoseStock {
  doseLots(clinicId: string, sessionId: string, drug: DrugName): Promise<DoseLot[]>;
}

const drugOf = (modality: TreatmentModality): DrugName => (isIvInfusion(modality) ? 'ketamine-hcl' : 'esketamine-hcl');

export interface AdministrationInput {
  event: AdministrationEvent;
  at?: string | undefined;
  rateMgPerMin?: number | undefined;
  reason?: string | undefined;
  totalDeliveredMg?: number | undefined;
  overrideReason?: string | undefined;
  /** Stop: the total is confirmed although it differs from the estimate from the recorded rates. */
  confirmTotalDelivered?: boolean | undefined;
  /** Stop with `confirmTotalDelivered`: why the total differs from the estimate. */
  confirmationReason?: string | undefined;
}

export interface ObservationInput {
  kind: ObservationKind;
  at?: string | undefined;
  vitals?: VitalsInput | undefined;
  score?: number | undefined;
  form?: 'cadss-6' | 'cadss' | undefined;
  answers?: Record<string, unknown> | undefined;
  level?: (typeof NAUSEA_LEVELS)[number] | undefined;
  text?: string | undefined;
}

export interface AdverseEventInput {
  type: string;
  description?: string | undefined;
  severity: string;
  serious: boolean;
  startedAt: string;
  endedAt?: string | undefined;
  interventions: Array<{ code: string; name?: string | undefined; dose?: string | undefined; route?: string | undefined; at: string; givenBy?: string | undefined }>;
  outcome: string;
}

export interface CorrectionInput {
  reason: string;
  voided?: boolean | undefined;
  observation?: Omit<ObservationInput, 'kind'> | undefined;
  adverseEvent?: AdverseEventInput | undefined;
}

export interface SuicideRiskEvaluationInput {
  measureId: string;
  decision: 'may-proceed' | 'do-not-dose';
  note: string;
  at?: string | undefined;
}

export interface DischargeInput {
  clinicallyStable: boolean;
  ridePresent: boolean;
  override?: { reason: string } | undefined;
}

const MINUTE = 60_000;
const iso = (d: Date | undefined | null): string | null => (d ? d.toISOString() : null);

function initials(givenName: string, familyName: string): string {
  return `${givenName.trim().charAt(0)}${familyName.trim().charAt(0)}`.toUpperCase();
}

function parseInstant(value: string | undefined, field: string): Date | undefined {
  if (value === undefined) return undefined;
  const at = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(at.getTime())) throw new BadRequestError(`${field} must be an ISO date-time.`, [{ field, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-02T15:04:00Z' }]);
  return at;
}

/** A clinical time given by the client, or now; never in the future (beyond the clock drift tolerated everywhere). */
function clinicalTime(value: string | undefined, now: Date, field = 'at'): Date {
  const at = parseInstant(value, field) ?? now;
  if (at.getTime() > now.getTime() + CLOCK_DRIFT_TOLERANCE_MS) throw new BadRequestError(`${field} is in the future.`, [{ field, message: 'is later than now' }]);
  const problem = observationTimeProblem(at, now, CLOCK_DRIFT_TOLERANCE_MS);
  if (problem) throw new BadRequestError(`${field} ${problem}.`, [{ field, message: problem }]);
  return at;
}

const VITAL_KEYS = ['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate'] as const;
const sameVitals = (a: VitalsInput, b: VitalsInput): boolean => VITAL_KEYS.every((k) => a[k] === b[k]);

/**
 * One chair's (or one alert's) wait on a prescriber, in words: who waits (the chair's staff, with the patient) on whom
 * (a prescriber) and for what. Built from the domain's same-day suicide-risk result.
 */
export function waitingForPrescriber(risk: SameDaySuicideRisk, chairName: string | null) {
  if (risk.awaitingPrescriber.length === 0) return null;
  const where = chairName ? `${chairName} (the nurse with the patient)` : 'The nurse with the patient';
  return {
    waiting: 'chair-staff' as const, waitingOn: 'prescriber' as const, reason: 'suicide-risk-evaluation' as const,
    measureIds: risk.awaitingPrescriber.map((a) => a.measureId),
    message: `${where} is waiting for a prescriber to evaluate today's suicide-risk answer before dosing: ${risk.awaitingPrescriber.map((a) => a.describe).join('; ')}.`,
  };
}

function definedVitals(v: VitalsInput): VitalsInput {
  const out: VitalsInput = {};
  for (const key of ['systolic', 'diastolic', 'heartRate', 'spo2', 'respiratoryRate'] as const) if (v[key] !== undefined) out[key] = v[key];
  return out;
}

export class TreatmentDayService {
  constructor(
    private readonly repo: TreatmentDayRepository,
    private readonly consent: ConsentService,
    private readonly eligibility: EligibilityService,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    private readonly onChange?: OnBoardChange,
    /** The ledger's lots: a prepared dose names one the clinic holds (issue 10 item 14). */
    private readonly stock?: DoseStock,
  ) {}

  // Loading ---------------------------------------------------------------------------------------------------------

  async load(clinicId: string, sessionId: string, trx?: Transaction<Database>): Promise<Loaded> {
    if (trx) await this.repo.lockSession(trx, clinicId, sessionId);
    const session = await this.repo.findSession(clinicId, sessionId, trx);
    if (!session) throw new NotFoundError('No such session in this clinic.');
    if (!isTreatmentModality(session.modality)) {
      throw new RuleRefusedError(`The treatment day supports IV ketamine and esketamine sessions; this session is ${session.modality}.`, 'modality-not-supported');
    }
    const [entries, alerts, clinic] = await Promise.all([
      this.repo.entries(clinicId, sessionId, trx), this.repo.alerts(clinicId, sessionId, trx), this.repo.clinic(clinicId, trx),
    ]);
    if (!clinic) throw new NotFoundError('No such clinic.');
    return {
      session, modality: session.modality, record: readSessionRecord(entries), alerts, timeZone: clinic.timeZone, clinicName: clinic.name,
      settings: resolveTreatmentDaySettings(clinic.settings),
    };
  }

  /**
   * One write: lock the session row, load, run `work`, audit and notify, all in one transaction. Refuses writes to
   * a cancelled or missed session.
   */
  private async write<T>(ctx: RequestContext, sessionId: string, action: string, work: (trx: Transaction<Database>, s: Loaded, now: Date) => Promise<{ result: T; detail?: Record<string, string | number | boolean | string[] | undefined> }>): Promise<T> {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    return this.transact(async (trx) => {
      const loaded = await this.load(clinicId, sessionId, trx);
      const inactive = sessionNotActive(loaded.session.status);
      if (inactive) throw inactive;
      const { result, detail } = await work(trx, loaded, now);
      await this.audit.record({
        actor: ctx.principal, action, resourceType: 'TreatmentSession', resourceId: sessionId, patientId: loaded.session.patientId,
        clientIp: ctx.clientIp, occurredAt: now,
        ...(detail ? { detail: Object.fromEntries(Object.entries(detail).filter((e): e is [string, string | number | boolean | string[]] => e[1] !== undefined)) } : {}),
      }, trx);
      if (this.onChange) await this.onChange(trx, clinicId, { topic: 'board', sessionId });
      return result;
    });
  }

  private append(trx: Transaction<Database>, ctx: RequestContext, s: Loaded, kind: EntryKind, data: Record<string, unknown>, occurredAt: Date, now: Date, correction?: { id: string; reason: string }) {
    return this.repo.insertEntry(trx, {
      clinicId: ctx.principal.clinicId, sessionId: s.session.id, patientId: s.session.patientId, kind, data, occurredAt, recordedAt: now,
      recordedBy: ctx.principal.userId, ...(correction ? { correctsId: correction.id, correctionReason: correction.reason } : {}),
    });
  }

  private async auditRead(ctx: RequestContext, s: Loaded, what: string): Promise<void> {
    await this.audit.record({
      actor: ctx.principal, action: 'read', resourceType: 'TreatmentSession', resourceId: s.session.id, patientId: s.session.patientId,
      clientIp: ctx.clientIp, occurredAt: this.clock(), detail: { view: what },
    });
  }

  // The session view --------------------------------------------------------------------------------------------------

  async get(ctx: RequestContext, sessionId: string) {
    const s = await this.load(ctx.principal.clinicId, sessionId);
    const view = await this.view(s, this.clock());
    await this.auditRead(ctx, s, 'treatment');
    return view;
  }

  /** The view after a write: the write's own audit event covers it. */
  private async current(ctx: RequestContext, sessionId: string) {
    return this.view(await this.load(ctx.principal.clinicId, sessionId), this.clock());
  }

  private async view(s: Loaded, now: Date) {
    const { record, modality, settings } = s;
    const events = record.events as SessionEvent[];
    const status = chairStatus({ modality, events, now, settings: settings.monitoring });
    const due = dueChecks({ modality, events, now, settings: settings.monitoring });
    const timeline = readTimeline(modality, events, now);
    const checklist = await this.checklist(s, now);
    const names = await this.repo.userNames(s.session.clinicId, [
      ...record.entries.map((e) => e.recordedBy), ...s.alerts.flatMap((a) => (a.ackBy ? [a.ackBy] : [])),
    ]);
    const by = (id: string | null | undefined) => (id ? { id, displayName: names.get(id) ?? '' } : null);
    const corrections = new Map<string, EntryRow[]>();
    for (const e of record.entries) if (e.correctsId) corrections.set(e.correctsId, [...(corrections.get(e.correctsId) ?? []), e]);
    const entryDto = (e: EntryRow) => ({
      id: e.id, kind: e.kind, data: e.data, at: e.occurredAt.toISOString(), recordedAt: e.recordedAt.toISOString(), recordedBy: by(e.recordedBy),
      correctionOf: e.correctsId, correctionReason: e.correctionReason,
    });
    return {
      session: this.sessionDto(s),
      phase: {
        phase: status.phase, since: iso(status.since), minutesInPhase: status.minutesInPhase ?? null,
        dosingStartedAt: iso(status.dosingStartedAt), monitoringStartedAt: iso(status.monitoringStartedAt),
        minimumMonitoringEndsAt: iso(status.minimumMonitoringEndsAt),
      },
      checkIn: record.checkIn ? { ...record.checkIn.data, recordedAt: record.checkIn.entry.recordedAt.toISOString(), recordedBy: by(record.checkIn.entry.recordedBy) } : null,
      checklist,
      // Today's suicide-risk answers and who is waiting on whom (issue 10 item 2).
      suicideRisk: this.suicideRiskDto(checklist.suicideRisk),
      waitingFor: waitingForPrescriber(checklist.suicideRisk, s.session.chairName),
      dose: record.dose ? {
        id: record.dose.entry.id, ...record.dose.data, preparedAt: record.dose.entry.occurredAt.toISOString(), preparedBy: by(record.dose.entry.recordedBy),
        verification: { required: this.verificationRequired(s), verifiedBy: by(record.dose.verifiedBy), verifiedAt: iso(record.dose.verifiedAt) },
      } : null,
      administration: {
        infusionStartedAt: iso(timeline.infusionStartedAt), infusionEndedAt: iso(timeline.infusionEndedAt),
        isInfusionRunning: timeline.isInfusionRunning, isInfusionPaused: timeline.isInfusionPaused,
        estimatedDeliveredMg: isIvInfusion(modality) ? Math.round(deliveredMg(events, now) * 10) / 10 : null,
        devicesAdministeredAt: timeline.devicesAdministeredAt.map((d) => d.toISOString()),
        devices: status.devices ? {
          ...status.devices, nextDeviceAllowedAt: iso(status.devices.nextDeviceAllowedAt), monitoringStartsAt: iso(status.devices.monitoringStartsAt),
          monitoringEndsAt: iso(status.devices.monitoringEndsAt),
        } : null,
      },
      checks: {
        next: due.next ? { id: due.next.id, label: due.next.label, dueAt: due.next.dueAt.toISOString(), status: due.next.status } : null,
        minutesUntilNext: due.minutesUntilNext ?? null,
        items: due.checks.map((c) => ({ id: c.id, kind: c.kind, label: c.label, dueAt: c.dueAt.toISOString(), status: c.status, doneAt: iso(c.doneAt) })),
        overdue: due.overdue.length,
      },
      timeline: record.entries.filter((e) => !e.correctsId).map((e) => ({
        ...entryDto(e),
        isCorrected: corrections.has(e.id),
        corrections: (corrections.get(e.id) ?? []).map(entryDto),
      })),
      // One alert per reading, each threshold it crossed inside it (issue 10 item 7).
      alerts: this.groupedAlerts(s.alerts, settings.thresholds.thresholds.map((x) => x.code)).map((group) => this.groupDto(group, by)),
      adverseEvents: record.adverseEvents.map((e) => ({ ...e, startedAt: e.startedAt.toISOString(), endedAt: iso(e.endedAt), interventions: e.interventions.map((i) => ({ ...i, at: i.at.toISOString() })) })),
      discharge: record.discharge ? { at: record.discharge.occurredAt.toISOString(), by: by(record.discharge.recordedBy), ...record.discharge.data } : null,
    };
  }

  private sessionDto(s: Loaded) {
    const r = s.session;
    return {
      id: r.id, patient: { id: r.patientId, givenName: r.givenName, familyName: r.familyName, initials: initials(r.givenName, r.familyName), mrn: r.mrn },
      modality: s.modality, modalityName: modalityName(s.modality), sessionNumber: r.sessionNumber, status: r.status,
      chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(),
      plannedDoseMg: r.doseMg, plannedDurationMin: r.durationMin, staff: r.staffName,
    };
  }

  private suicideRiskDto(risk: SameDaySuicideRisk) {
    return {
      treatmentDate: risk.treatmentDate, blocksDosing: risk.blocksDosing, message: risk.message,
      awaitingPrescriber: risk.awaitingPrescriber.map((a) => a.measureId),
      signals: risk.signals.map((a) => ({
        measureId: a.measureId, instrumentId: a.instrumentId, observedAt: a.observedAt.toISOString(), describe: a.describe, citation: a.citation,
        evaluation: a.evaluation ? { by: a.evaluation.by, at: a.evaluation.at.toISOString(), decision: a.evaluation.decision, note: a.evaluation.note } : null,
      })),
    };
  }

  /**
   * The alerts one reading (journal entry) raised, grouped, in the order raised; inside a group in the order of the
   * clinic's threshold set (as the domain evaluated them).
   */
  private groupedAlerts(alerts: readonly AlertRow[], thresholdOrder: readonly string[]): AlertRow[][] {
    const rank = (code: string) => { const i = thresholdOrder.indexOf(code); return i < 0 ? thresholdOrder.length : i; };
    const groups = new Map<string, AlertRow[]>();
    for (const a of alerts) groups.set(a.entryId, [...(groups.get(a.entryId) ?? []), a]);
    return [...groups.values()].map((rows) => [...rows].sort((x, y) => rank(x.code) - rank(y.code)));
  }

  /**
   * One reading's alerts as one: the most severe threshold's id, code and values (so the fields the API always had
   * keep their meaning), the combined message, and every threshold crossed in `thresholds`.
   */
  private groupDto(rows: readonly AlertRow[], by: (id: string | null) => { id: string; displayName: string } | null) {
    const group = groupReadingAlerts(rows)!;
    const head = group.thresholds[0]!;
    const isAcknowledged = rows.every((r) => r.ackAt);
    return {
      ...this.alertDto(head, by), message: group.message, codes: group.codes,
      acknowledgement: isAcknowledged && head.ackAt ? { action: head.ackAction, at: head.ackAt.toISOString(), by: by(head.ackBy) } : null,
      thresholds: group.thresholds.map((r) => this.alertDto(r, by)),
    };
  }

  private alertDto(a: AlertRow, by: (id: string | null) => { id: string; displayName: string } | null) {
    return {
      id: a.id, entryId: a.entryId, code: a.code, severity: a.severity, message: a.message, value: Number(a.value), limit: Number(a.limitValue),
      raisedAt: a.raisedAt.toISOString(), acknowledgement: a.ackAt ? { action: a.ackAction, at: a.ackAt.toISOString(), by: by(a.ackBy) } : null,
    };
  }

  // Check-in and the checklist ------------------------------------------------------------------------------------------

  /** The treatment day's start (clinic time) and calendar date of a session. */
  private treatmentDay(startsAt: Date, timeZone: string): { date: string; from: Date } {
    const date = localDateOf(startsAt, timeZone);
    return { date, from: localToInstant(`${date}T00:00`, timeZone) };
  }

  /** The domain's reading of today's suicide-risk answers for these rows and evaluations. */
  private judgeSuicideRisk(date: string, timeZone: string, now: Date, answers: readonly RiskAnswerRow[], evaluations: readonly SuicideRiskEvaluationRow[], names: ReadonlyMap<string, string>): SameDaySuicideRisk {
    return sameDaySuicideRisk({
      treatmentDate: date, timeZone, now,
      answers: answers.map((a) => ({ measureId: a.id, instrumentId: a.instrumentId, observedAt: a.observedAt, band: a.band, answers: a.answers })),
      evaluations: evaluations.map((e) => ({ measureId: e.measureId, by: names.get(e.evaluatedBy) ?? e.evaluatedBy, at: e.evaluatedAt, decision: e.decision, note: e.note })),
    });
  }

  /** Same-day suicide-risk answers of the session's patient and their evaluations (issue 10 item 2). */
  async suicideRisk(s: Loaded, now: Date, trx?: Transaction<Database>): Promise<SameDaySuicideRisk> {
    const { clinicId, patientId } = s.session;
    const day = this.treatmentDay(s.session.startsAt, s.timeZone);
    const answers = await this.repo.riskAnswersSince(clinicId, [patientId], day.from, SAME_DAY_SUICIDE_RISK_RULES.map((r) => r.instrumentId), trx);
    const evaluations = await this.repo.suicideRiskEvaluations(clinicId, answers.map((a) => a.id), trx);
    const names = await this.repo.userNames(clinicId, evaluations.map((e) => e.evaluatedBy), trx);
    return this.judgeSuicideRisk(day.date, s.timeZone, now, answers, evaluations, names);
  }

  /** The domain checklist for the session as recorded now (check-in, consent, eligibility, REMS, questionnaires). */
  async checklist(s: Loaded, now: Date, trx?: Transaction<Database>, proposedCheckIn?: CheckInData): Promise<ChecklistResult & { suicideRisk: SameDaySuicideRisk }> {
    const { clinicId, patientId, id } = s.session;
    const checkIn = proposedCheckIn ?? s.record.checkIn?.data;
    const readStanding = (t: Transaction<Database>) => this.eligibility.standing(t, clinicId, patientId, s.modality);
    const [consent, standing, enrolments, confirmed, measures, suicideRisk] = await Promise.all([
      this.consent.currentFor(trx, clinicId, patientId, s.modality as Modality),
      trx ? readStanding(trx) : this.transact(readStanding),
      this.repo.remsEnrolments(clinicId, patientId, trx),
      this.repo.hasRemsConfirmation(clinicId, id, trx),
      this.repo.questionnaires(clinicId, patientId, id, new Date(now.getTime() - s.settings.questionnaireWindowHours * 60 * MINUTE), trx),
      this.suicideRisk(s, now, trx),
    ]);
    const consentSignedAt = consent.status.current && consent.signatureId ? await this.repo.consentSignedAt(clinicId, consent.signatureId, trx) : undefined;
    const names = await this.repo.userNames(clinicId, [...s.record.acknowledgements.values()].map((a) => a.by), trx);
    const eligibility = standing.decision ? {
      // Allowed (eligible, or overridden as the rules allow) -> eligible / reviewed; a review still waiting for its
      // override -> review (a warning for the prescriber); anything else (intake changed since, ineligible) blocks.
      decision: standing.standing.mayPlan
        ? (standing.decision.decision === 'eligible' ? 'eligible' as const : 'review' as const)
        : (standing.standing.code === 'review-needs-override' ? 'review' as const : 'ineligible' as const),
      assessedAt: standing.decision.decidedAt,
      ...(standing.standing.mayPlan && standing.decision.decision !== 'eligible' ? { reviewedBy: names.get(standing.override?.signedBy ?? '') ?? 'a prescriber (documented override)' } : {}),
    } : undefined;
    const time = (value: string | undefined): Date | 'none-today' | undefined => (value === undefined ? undefined : value === 'none-today' ? 'none-today' : new Date(value));
    const acknowledgements: Partial<Record<ChecklistItemCode, Acknowledgement>> = {};
    for (const [code, ack] of s.record.acknowledgements) {
      // An acknowledgement counts from when it was given: judging an earlier moment ignores it.
      if (ack.at.getTime() <= now.getTime()) acknowledgements[code as ChecklistItemCode] = { ...ack, by: names.get(ack.by) ?? ack.by };
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
      ...(checkIn?.fasting ? { fasting: { ...(lastFoodAt ? { lastFoodAt } : {}), ...(lastLiquidAt ? { lastLiquidAt } : {}) } } : {}),
      ...(checkIn?.ride ? { ride: checkIn.ride } : {}),
      ...(typeof standing.decision?.facts['canBecomePregnant'] === 'boolean' ? { canBecomePregnant: standing.decision.facts['canBecomePregnant'] } : {}),
      ...(checkIn?.pregnancy ? { pregnancy: { canBecomePregnant: checkIn.pregnancy.canBecomePregnant, ...(checkIn.pregnancy.result ? { result: checkIn.pregnancy.result } : {}), ...(checkIn.pregnancy.testedAt ? { testedAt: new Date(checkIn.pregnancy.testedAt) } : {}) } } : {}),
      ...(consentSignedAt ? { consent: { signedAt: consentSignedAt } } : {}),
      ...(eligibility ? { eligibility } : {}),
      remsPatientEnrolled: enrolments.length > 0 || confirmed,
      questionnaires: measures.map((m) => {
        const flag = Array.isArray(m.flags) && m.flags.length > 0 ? m.flags.map((f) => f.message).join('; ') : undefined;
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
      ...(!consent.status.current && consent.status.reason !== 'no-consent' ? { consent: `${consent.status.message}: a current consent must be signed.` } : {}),
      ...(standing.decision && !standing.standing.mayPlan ? { eligibility: standing.standing.message } : {}),
    };
    return { ...result, suicideRisk, items: result.items.map((item) => (item.status !== 'pass' && why[item.code] ? { ...item, message: why[item.code]! } : item)) };
  }

  async getChecklist(ctx: RequestContext, sessionId: string) {
    const s = await this.load(ctx.principal.clinicId, sessionId);
    const result = await this.checklist(s, this.clock());
    await this.auditRead(ctx, s, 'checklist');
    return result;
  }

  /** Records arrival and the pre-session facts (a later check-in is a new version; the earlier stays on record). */
  async checkIn(ctx: RequestContext, sessionId: string, input: CheckInInput) {
    await this.write(ctx, sessionId, 'check-in', async (trx, s, now) => {
      if (s.record.discharge) throw new TreatmentConflictError('The patient has been discharged.', 'session-discharged');
      const t = readTimeline(s.modality, s.record.events as SessionEvent[]);
      if (t.dosingStartedAt) throw new TreatmentConflictError('Dosing has started: the check-in can no longer change.', 'dosing-started');
      const arrivedAt = s.record.checkIn ? new Date(s.record.checkIn.data.arrivedAt) : clinicalTime(input.arrivedAt, now, 'arrivedAt');
      const data: Record<string, unknown> = { arrivedAt: arrivedAt.toISOString(), identityChecked: input.identityChecked };
      if (input.identityMethod) data.identityMethod = input.identityMethod;
      const previous = s.record.checkIn?.data;
      const preDoseVitals = this.preDoseVitalsOnResave(input.preDoseVitals, previous?.preDoseVitals, now);
      if (preDoseVitals) data.preDoseVitals = preDoseVitals;
      if (input.weightKg !== undefined) data.weightKg = input.weightKg;
      if (input.fasting) {
        const fasting: Record<string, string> = {};
        for (const key of ['lastFoodAt', 'lastLiquidAt'] as const) {
          const value = input.fasting[key];
          if (value === undefined) continue;
          fasting[key] = value === 'none-today' ? 'none-today' : clinicalTime(value, now, `fasting.${key}`).toISOString();
        }
        data.fasting = fasting;
      }
      if (input.ride) data.ride = { ...input.ride, ...(input.ride.name ? { name: input.ride.name.trim() } : {}), ...(input.ride.phone ? { phone: input.ride.phone.trim() } : {}) };
      if (input.pregnancy) {
        // A re-save that repeats the recorded result without its test time keeps the time recorded (never drops or re-dates it).
        const keptTestedAt = previous?.pregnancy?.testedAt !== undefined && previous.pregnancy.result === input.pregnancy.result ? previous.pregnancy.testedAt : undefined;
        const testedAt = input.pregnancy.testedAt ? clinicalTime(input.pregnancy.testedAt, now, 'pregnancy.testedAt').toISOString() : keptTestedAt;
        data.pregnancy = { canBecomePregnant: input.pregnancy.canBecomePregnant, ...(input.pregnancy.result ? { result: input.pregnancy.result } : {}), ...(testedAt ? { testedAt } : {}) };
      }
      // A fact the re-save does not send again stays as recorded (a re-save adds; it never silently drops).
      if (previous) {
        for (const key of ['identityMethod', 'weightKg', 'fasting', 'ride', 'pregnancy'] as const) {
          if (data[key] === undefined && previous[key] !== undefined) data[key] = previous[key];
        }
      }
      // The domain validates the whole checklist input (weight range, dates) before anything is stored.
      const version = s.record.entries.filter((e) => e.kind === 'check-in').length + 1;
      await this.checklist(s, now, trx, data as unknown as CheckInData);
      await this.append(trx, ctx, s, 'check-in', data, arrivedAt, now);
      return { result: undefined, detail: { version } };
    });
    return this.current(ctx, sessionId);
  }

  /**
   * The pre-dose vital signs a check-in (re-)save records. Nothing recorded changes its time or value by a re-save
   * (issue 10 item 6: adding the ride home re-dated "pre-dose vitals 21:39" to 22:01, which then passed the 60-min
   * rule):
   * - not sent again, or sent again with the same values and no time: the recorded reading stays, with its time;
   * - new values with no time (taken now), or with a time later than the recorded reading: a new reading (the re-take);
   * - the same values at another time (a re-dating), or new values dated at or before the recorded reading: a correction of the
   *   recorded reading, which needs `correctionReason`; the original is kept inside the new version (`corrects`) and
   *   in the earlier check-in version.
   */
  private preDoseVitalsOnResave(input: CheckInInput['preDoseVitals'], recorded: CheckInData['preDoseVitals'], now: Date): CheckInData['preDoseVitals'] | undefined {
    if (!input) return recorded;
    const vitals = definedVitals(input);
    const reason = input.correctionReason?.trim();
    if (input.correctionReason !== undefined && !reason) throw new BadRequestError('A correction needs a reason.', [{ field: 'preDoseVitals.correctionReason', message: 'must not be blank' }]);
    if (recorded && input.takenAt === undefined && sameVitals(vitals, recorded) && !reason) return recorded;
    const takenAt = clinicalTime(input.takenAt, now, 'preDoseVitals.takenAt');
    validateVitalSignReading({ ...vitals, takenAt } as VitalSignReading, 'preDoseVitals');
    const reading = { ...vitals, takenAt: takenAt.toISOString() };
    if (!recorded) return reading;
    const recordedAt = new Date(recorded.takenAt).getTime();
    if (sameVitals(vitals, recorded) && takenAt.getTime() === recordedAt) return recorded;
    if (reason) return { ...reading, corrects: { ...definedVitals(recorded), takenAt: recorded.takenAt, reason } };
    if (!sameVitals(vitals, recorded) && (input.takenAt === undefined || takenAt.getTime() > recordedAt)) return reading;
    throw new TreatmentConflictError(
      `This changes the pre-dose vital signs recorded at ${recorded.takenAt}: record a new reading (a later time), or correct the recorded one with a reason.`,
      'recorded-vitals-change', [{ field: 'preDoseVitals.correctionReason', message: 'is required to change a recorded reading' }],
    );
  }

  /** A prescriber's documented acknowledgement of a checklist warning. Blocks cannot be acknowledged. */
  async acknowledgeWarning(ctx: RequestContext, sessionId: string, input: { item: string; reason: string; at?: string | undefined }) {
    await this.write(ctx, sessionId, 'acknowledge-checklist-warning', async (trx, s, now) => {
      const reason = input.reason.trim();
      if (!reason) throw new BadRequestError('An acknowledgement needs a reason.', [{ field: 'reason', message: 'is required' }]);
      // `at`: when the prescriber gave it, if documented afterwards (never before arrival, never in the future).
      const at = clinicalTime(input.at, now);
      const arrivedAt = s.record.checkIn ? new Date(s.record.checkIn.data.arrivedAt) : undefined;
      if (input.at !== undefined && (!arrivedAt || at.getTime() < arrivedAt.getTime())) {
        throw new BadRequestError('An acknowledgement cannot precede the check-in.', [{ field: 'at', message: 'is before the patient arrived' }]);
      }
      const result = await this.checklist(s, at, trx);
      const item = result.items.find((i) => i.code === input.item);
      if (!item) throw new BadRequestError(`No checklist item ${input.item} for this session.`, [{ field: 'item', message: `must be one of ${result.items.map((i) => i.code).join(', ')}` }]);
      if (item.status !== 'warn') {
        throw new TreatmentConflictError(`${item.code} is ${item.status === 'block' ? 'a block, which no acknowledgement lifts' : 'not a warning'}: ${item.message}`, 'not-a-warning', [{ field: 'item', message: item.message }]);
      }
      // What was acknowledged: a newer reading or answer changes the evidence and needs a new decision (issue 10 item 1).
      await this.append(trx, ctx, s, 'checklist-acknowledged', { item: item.code, reason, message: item.message, evidence: item.evidence }, at, now);
      return { result: undefined, detail: { item: item.code } };
    });
    return this.current(ctx, sessionId);
  }

  private assertCanStart(result: ChecklistResult): void {
    const gate = checklistGate(result);
    if (gate) throw gate;
  }

  // Dose --------------------------------------------------------------------------------------------------------------

  private verificationRequired(s: Loaded): boolean {
    return isIvInfusion(s.modality) ? s.settings.secondPersonVerification.iv : s.settings.secondPersonVerification.esketamine;
  }

  /** The protocol of the session's plan with the clinic's settings as the plan recorded them (undefined without a plan). */
  private protocolOf(s: Loaded): Protocol | undefined {
    const id = s.session.protocolId;
    if (!id || !isProtocolId(id)) return undefined;
    const settings = s.session.protocolSettings ?? {};
    return Object.keys(settings).length > 0 ? applyProtocolSettings(getProtocol(id), settings) : getProtocol(id);
  }

  /**
   * The ledger's lots for a session's dose (held in a safe, or drawn for it). Read before the write's transaction:
   * the ledger reads outside it, and PGlite's one connection would wait on the open transaction.
   */
  private async lotsFor(clinicId: string, sessionId: string): Promise<DoseLot[]> {
    if (!this.stock) throw new Error('TreatmentDayService needs the ledger (DoseStock) to prepare a dose');
    const session = await this.repo.findSession(clinicId, sessionId);
    if (!session) throw new NotFoundError('No such session in this clinic.');
    if (!isTreatmentModality(session.modality)) return [];
    return this.stock.doseLots(clinicId, sessionId, drugOf(session.modality));
  }

  /** The lots a session's dose may be prepared from (the dose panel's list): held in the ledger, or drawn for the session. */
  async doseLots(ctx: RequestContext, sessionId: string) {
    const s = await this.load(ctx.principal.clinicId, sessionId);
    const lots = await this.lotsFor(s.session.clinicId, s.session.id);
    const today = localDateOf(this.clock(), s.timeZone);
    await this.auditRead(ctx, s, 'dose-lots');
    return {
      drug: drugOf(s.modality), citation: DOSE_LOT_CITATION,
      items: lots.map((l) => ({ ...l, isExpired: isLotExpired(l, today) })),
    };
  }

  /** Prepares the plan's dose (IV: mg, mL, pump rate; esketamine: devices) with its lot; the checklist must allow it. */
  async prepareDose(ctx: RequestContext, sessionId: string, input: DoseInput, options: DemoHistoryOptions = {}) {
    if (input.override) {
      // A dose above the protocol cap or the plan is the prescriber's decision; a nurse cannot override it.
      if (!roleHas(ctx.principal.role, 'session:override')) throw new ForbiddenError('Only a prescriber may override the dose checks.');
      if (!input.override.reason.trim()) throw new BadRequestError('An override needs a reason.', [{ field: 'override.reason', message: 'is required' }]);
    }
    const lots = await this.lotsFor(ctx.principal.clinicId, sessionId);
    await this.write(ctx, sessionId, 'prepare-dose', async (trx, s, now) => {
      if (s.record.discharge) throw new TreatmentConflictError('The patient has been discharged.', 'session-discharged');
      if (readTimeline(s.modality, s.record.events as SessionEvent[]).dosingStartedAt) throw new TreatmentConflictError('Dosing has started: the prepared dose can no longer change.', 'dosing-started');
      const at = clinicalTime(input.preparedAt, now, 'preparedAt');
      if (!options.skipChecklistGate) this.assertCanStart(await this.checklist(s, at, trx));
      const doseMg = s.session.doseMg === null ? undefined : Number(s.session.doseMg);
      if (doseMg === undefined || !(doseMg > 0)) throw new RuleRefusedError('This session has no planned dose: book it from a signed plan.', 'no-planned-dose');
      if (!input.lotNumber.trim()) throw new BadRequestError('A lot number is required.', [{ field: 'lotNumber', message: 'is required' }]);
      // The lot comes from the ledger: held in a safe, or drawn for this session; never an expired one (21 CFR 1304.22(c)).
      // The ledger's expiry is the one recorded (a typed `lotExpiry` is not trusted over the receipt).
      const lot = chooseDoseLot({ lots, lotNumber: input.lotNumber, ndc: input.ndc, on: localDateOf(at, s.timeZone) });
      const lotExpiry = lot.usableUntil ?? input.lotExpiry ?? '';
      const data: Record<string, unknown> = {
        doseMg, lotNumber: lot.lot, lotExpiry, ndc: lot.ndc, ...(lot.expiry ? { lotExpiryAsReceived: lot.expiry } : {}), lotSource: 'ledger',
      };
      if (input.ledgerDrawId) {
        // The drug drawn from the controlled-substance ledger for this session (ledger module: POST /api/ledger/draws).
        const draw = await this.repo.ledgerDraw(s.session.clinicId, input.ledgerDrawId, trx);
        if (!draw || draw.kind !== 'draw') throw new BadRequestError('No such ledger draw in this clinic.', [{ field: 'ledgerDrawId', message: 'is not a ledger draw of this clinic' }]);
        if (draw.sessionId !== s.session.id) throw new BadRequestError('That ledger draw is for another session.', [{ field: 'ledgerDrawId', message: 'was drawn for another session' }]);
        if (draw.lot !== null && (draw.lot !== lot.lot || (draw.ndc !== null && draw.ndc !== lot.ndc))) {
          throw new BadRequestError('That ledger draw is of another lot.', [{ field: 'ledgerDrawId', message: `was drawn from lot ${draw.lot}, not ${lot.lot}` }]);
        }
        data.ledgerDrawId = input.ledgerDrawId;
      }
      let override: ReturnType<typeof assertPreparedDoseAllowed>;
      if (isIvInfusion(s.modality)) {
        if (input.concentrationMgPerMl === undefined) throw new BadRequestError('The concentration is required for an IV dose.', [{ field: 'concentrationMgPerMl', message: 'is required for IV' }]);
        const durationMin = input.durationMin ?? (s.session.durationMin ?? undefined);
        if (durationMin === undefined) throw new BadRequestError('The infusion time is required.', [{ field: 'durationMin', message: 'is required (the plan names none)' }]);
        const plannedWeightKg = s.session.planWeightKg === null ? undefined : Number(s.session.planWeightKg);
        const weightKg = s.record.checkIn?.data.weightKg ?? plannedWeightKg;
        if (weightKg === undefined) throw new BadRequestError('A weight is needed to prepare an IV dose.', [{ field: 'weightKg', message: 'record the weight at check-in' }]);
        // Checked against the protocol cap and the plan's mg/kg at today's weight (issue 10 item 3): above either, a
        // prescriber overrides with a reason.
        const protocol = this.protocolOf(s);
        const check = checkPreparedIvDose({
          doseMg, weightKg, ...(plannedWeightKg !== undefined ? { plannedWeightKg } : {}),
          capMgPerKg: ivCapMgPerKg(protocol, durationMin), capLabel: protocol ? `${protocol.id} ${protocol.version}` : undefined,
          // The infusion time may be chosen at the chair: not shorter than the protocol's without a prescriber.
          durationMin, minDurationMin: protocol?.settings.infusionMin?.value ?? (protocol?.settings.infusionHours ? protocol.settings.infusionHours.value * 60 : IV_ANTIDEPRESSANT_MIN_INFUSION_MIN),
        });
        try {
          override = assertPreparedDoseAllowed(check, input.override ? { by: ctx.principal.displayName, reason: input.override.reason, at: now } : undefined);
        } catch (error) {
          if (error instanceof RuleViolationError) {
            throw new RuleViolationError(error.code, error.message, undefined, [
              { field: 'override', message: `${check.reasons.map((r) => r.message).join('; ')}: a prescriber's override with a reason is needed` },
              ...(check.doseAtPlannedMgPerKg !== undefined ? [{ field: 'doseMg', message: `the planned ${check.plannedMgPerKg} mg/kg at ${weightKg} kg is ${check.doseAtPlannedMgPerKg} mg` }] : []),
            ]);
          }
          throw error;
        }
        // The plan fixed the dose in mg; the domain turns it into volume and pump rate.
        const prepared = ivDose({ weightKg, mgPerKg: doseMg / weightKg, durationMin, concentrationMgPerMl: input.concentrationMgPerMl });
        Object.assign(data, {
          plannedDurationMin: durationMin, concentrationMgPerMl: input.concentrationMgPerMl, volumeMl: prepared.volumeMl, rateMlPerHour: prepared.rateMlPerHour,
          rateMgPerMin: Math.round((doseMg / durationMin) * 1000) / 1000, weightKg, mgPerKg: check.mgPerKg, capMgPerKg: check.capMgPerKg,
          ...(check.plannedMgPerKg !== undefined ? { plannedMgPerKg: check.plannedMgPerKg } : {}),
        });
        if (override) {
          data.override = {
            byUserId: ctx.principal.userId, by: override.by, at: override.at.toISOString(), reason: override.reason, reasons: override.reasons,
            messages: check.reasons.map((r) => r.message),
          };
        }
      } else {
        const prepared = esketamineDose({ doseMg });
        Object.assign(data, { devices: prepared.devices, minutesBetweenDevices: prepared.minutesBetweenDevices });
      }
      const entry = await this.append(trx, ctx, s, 'dose-prepared', data, at, now);
      return {
        result: entry.id,
        detail: { doseMg, lot: lot.lot, ndc: lot.ndc, ...(data.override ? { override: true, overrideReasons: (data.override as { reasons: string[] }).reasons } : {}) },
      };
    });
    return this.current(ctx, sessionId);
  }

  /** Second-person verification of the prepared dose: by another staff member than the one who prepared it. */
  async verifyDose(ctx: RequestContext, sessionId: string, input: { at?: string | undefined } = {}) {
    await this.write(ctx, sessionId, 'verify-dose', async (trx, s, now) => {
      const dose = s.record.dose;
      if (!dose) throw new TreatmentConflictError('No dose has been prepared.', 'no-dose');
      if (dose.verifiedBy) throw new TreatmentConflictError('The prepared dose is already verified.', 'already-verified');
      if (dose.entry.recordedBy === ctx.principal.userId) {
        throw new TreatmentConflictError('The person who prepared the dose cannot verify it: a second staff member must.', 'verifier-is-preparer');
      }
      const at = clinicalTime(input.at, now);
      if (at.getTime() < dose.entry.occurredAt.getTime()) throw new BadRequestError('The verification is earlier than the preparation.', [{ field: 'at', message: 'is before the dose was prepared' }]);
      await this.append(trx, ctx, s, 'dose-verified', { doseEntryId: dose.entry.id }, at, now);
      return { result: undefined };
    });
    return this.current(ctx, sessionId);
  }

  // Administration --------------------------------------------------------------------------------------------------------

  async administer(ctx: RequestContext, sessionId: string, input: AdministrationInput, options: DemoHistoryOptions = {}) {
    await this.write(ctx, sessionId, `administration:${input.event}`, async (trx, s, now) => {
      const at = clinicalTime(input.at, now);
      const events = s.record.events as SessionEvent[];
      const dose = s.record.dose;
      const state: SessionState = {
        modality: s.modality, bookingStatus: s.session.status, isDischarged: s.record.discharge !== undefined,
        dose: dose ? { devices: dose.data.devices, isVerified: dose.verifiedBy !== undefined && dose.verifiedBy !== null } : undefined,
        verificationRequired: this.verificationRequired(s), events, monitoring: s.settings.monitoring,
      };
      const command = this.command(input, at, dose?.data.rateMgPerMin);
      // The checklist is judged again when dosing starts: a check-in changed since the dose was prepared (a new blood
      // pressure, vital signs grown stale) must not slip through. Read only when it can matter (it queries).
      const gate = !administrationPrecondition(state, command) && startsDosing(state, command) && !options.skipChecklistGate
        ? await this.checklist(s, at, trx) : undefined;
      const next = applySessionEvent(state, command, now, { checklist: gate });
      if (next instanceof RuleViolationError) throw next;
      // What the domain's transition leaves to the chair: the rate check against the prepared dose, the delivered total.
      const data: Record<string, unknown> = {};
      const applied = next.applied;
      switch (applied.type) {
        case 'infusion-started':
          data.rateMgPerMin = applied.rateMgPerMin;
          if (dose?.data.rateMlPerHour !== undefined && input.rateMgPerMin === undefined) data.rateMlPerHour = dose.data.rateMlPerHour;
          if (input.rateMgPerMin !== undefined) Object.assign(data, this.checkedRate(ctx, s, events, at, input));
          break;
        case 'infusion-rate-changed':
          data.rateMgPerMin = applied.rateMgPerMin;
          // Checked against what is left of the prepared dose and of the planned time (issue 10 item 3).
          Object.assign(data, this.checkedRate(ctx, s, events, at, input));
          break;
        case 'infusion-paused':
          data.reason = applied.reason;
          break;
        case 'infusion-resumed':
          break;
        case 'infusion-stopped':
          if (applied.reason) data.reason = applied.reason;
          Object.assign(data, this.deliveredTotal(ctx, events, at, input, dose!.data.doseMg));
          break;
        case 'device-administered':
          if (next.deviceOverrideReason) data.overrideReason = next.deviceOverrideReason;
          data.deviceNumber = next.deviceNumber;
          data.lotNumber = dose!.data.lotNumber;
          break;
        default:
          break;
      }
      await this.append(trx, ctx, s, input.event, data, at, now);
      return {
        result: undefined,
        detail: { event: input.event, ...(data.overrideReason ? { override: true } : {}), ...(data.totalConfirmation ? { totalConfirmed: true } : {}), ...(data.rateOverride ? { rateOverride: true } : {}) },
      };
    });
    return this.current(ctx, sessionId);
  }

  /** The request as the domain's administration event. */
  private command(input: AdministrationInput, at: Date, preparedRateMgPerMin: number | undefined): SessionCommand {
    switch (input.event) {
      case 'infusion-started': return { type: input.event, at, rateMgPerMin: input.rateMgPerMin ?? preparedRateMgPerMin ?? 0 };
      case 'infusion-rate-changed': return { type: input.event, at, rateMgPerMin: input.rateMgPerMin };
      case 'infusion-paused': return { type: input.event, at, reason: input.reason };
      case 'infusion-resumed': return { type: input.event, at };
      case 'infusion-stopped': return { type: input.event, at, reason: input.reason };
      case 'device-administered': return { type: input.event, at, overrideReason: input.overrideReason };
    }
  }

  /**
   * At stop: the estimate from the recorded rates, and the typed total against it and the prepared dose (issue 10
   * item 3; domain `checkDeliveredTotal`). A total that differs needs a confirmation with a reason.
   */
  private deliveredTotal(ctx: RequestContext, events: readonly SessionEvent[], at: Date, input: AdministrationInput, preparedDoseMg: number): Record<string, unknown> {
    const data: Record<string, unknown> = { estimatedDeliveredMg: Math.round(deliveredMg(events, at) * 10) / 10 };
    if (input.totalDeliveredMg === undefined) return data;
    const check = checkDeliveredTotal({ totalDeliveredMg: input.totalDeliveredMg, estimatedDeliveredMg: deliveredMg(events, at), preparedDoseMg });
    const field = [{ field: 'totalDeliveredMg', message: check.message }];
    if (check.isAbovePrepared) throw new RuleRefusedError(`The total delivered is refused: ${check.message}.`, 'delivered-above-prepared-dose', field);
    if (check.needsConfirmation) {
      if (input.confirmTotalDelivered !== true) {
        throw new TreatmentConflictError(`Confirm the total delivered: ${check.message}.`, 'delivered-differs-from-estimate', [...field, { field: 'confirmTotalDelivered', message: 'send true, with confirmationReason, to record this total' }]);
      }
      const reason = input.confirmationReason?.trim();
      if (!reason) throw new BadRequestError('A confirmed total needs a reason.', [{ field: 'confirmationReason', message: `is required: the total differs from the estimate of ${check.estimatedDeliveredMg} mg` }]);
      data.totalConfirmation = { estimatedDeliveredMg: check.estimatedDeliveredMg, reason, byUserId: ctx.principal.userId, by: ctx.principal.displayName };
    }
    data.totalDeliveredMg = input.totalDeliveredMg;
    return data;
  }

  /**
   * A new infusion rate against the prepared dose and the remaining planned time (domain `checkInfusionRate`). Above
   * it the change needs a prescriber's `overrideReason`; returns what the entry records about the check.
   */
  private checkedRate(ctx: RequestContext, s: Loaded, events: readonly SessionEvent[], at: Date, input: AdministrationInput): Record<string, unknown> {
    const dose = s.record.dose?.data;
    const rate = input.rateMgPerMin;
    if (!dose || rate === undefined || dose.plannedDurationMin === undefined) return {};
    const running = readTimeline(s.modality, events, at).infusionStartedAt ? infusionRunningMinutes(events, at) : 0;
    const check = checkInfusionRate({
      rateMgPerMin: rate, preparedDoseMg: dose.doseMg, plannedDurationMin: dose.plannedDurationMin, deliveredMg: deliveredMg(events, at), runningMin: running,
    });
    if (!check.isAboveMax) return {};
    const reason = input.overrideReason?.trim();
    if (!reason) {
      throw new RuleRefusedError(`The rate is refused: ${check.message}.`, 'rate-above-remaining-dose', [
        { field: 'rateMgPerMin', message: `${check.message}; at most ${check.maxRateMgPerMin} mg/min` },
        { field: 'overrideReason', message: 'a prescriber may give a faster rate with a reason' },
      ]);
    }
    if (!roleHas(ctx.principal.role, 'session:override')) throw new ForbiddenError('Only a prescriber may run the infusion faster than the prepared dose allows.');
    return { rateOverride: { reason, byUserId: ctx.principal.userId, by: ctx.principal.displayName, maxRateMgPerMin: check.maxRateMgPerMin } };
  }

  // Monitoring ------------------------------------------------------------------------------------------------------------

  /** Validates an observation and returns what is stored, plus the alerts it raises. */
  private observation(s: Loaded, kind: ObservationKind, input: Omit<ObservationInput, 'kind'>): { data: Record<string, unknown>; alerts: VitalAlert[] } {
    const baseline = preDoseReading(s.record.checkIn?.data);
    switch (kind) {
      case 'vitals': {
        const vitals = definedVitals(input.vitals ?? {});
        if (Object.keys(vitals).length === 0) throw new BadRequestError('Record at least one vital sign.', [{ field: 'vitals', message: 'needs at least one of systolic/diastolic, heartRate, spo2, respiratoryRate' }]);
        validateVitalSigns(vitals, 'vitals');
        return { data: { ...vitals }, alerts: evaluateVitals(vitals, baseline, s.settings.thresholds) };
      }
      case 'moaas': {
        const score = validateMoaas(input.score, 'score');
        return { data: { score }, alerts: evaluateVitals({ moaas: score }, undefined, s.settings.thresholds) };
      }
      case 'cadss': {
        const form = input.form ?? 'cadss-6';
        if (!input.answers) throw new BadRequestError('CADSS answers are required.', [{ field: 'answers', message: 'is required' }]);
        const scored = scoreInstrument(form, input.answers);
        return { data: { form, answers: input.answers, total: scored.total }, alerts: [] };
      }
      case 'nausea':
        if (!input.level) throw new BadRequestError('A nausea level is required.', [{ field: 'level', message: `must be one of ${NAUSEA_LEVELS.join(', ')}` }]);
        return { data: { level: input.level }, alerts: [] };
      case 'note':
        if (!input.text?.trim()) throw new BadRequestError('A note needs text.', [{ field: 'text', message: 'is required' }]);
        return { data: { text: input.text.trim() }, alerts: [] };
    }
  }

  private async raiseAlerts(trx: Transaction<Database>, s: Loaded, entryId: string, alerts: readonly VitalAlert[], at: Date): Promise<void> {
    await this.repo.insertAlerts(trx, alerts.map((a) => ({
      clinicId: s.session.clinicId, sessionId: s.session.id, patientId: s.session.patientId, entryId, code: a.code, severity: a.severity,
      message: a.message, value: a.value, limitValue: a.limit, thresholdsVersion: a.thresholdsVersion, raisedAt: at,
    })));
  }

  /** Vital signs, MOAA/S, CADSS, nausea or a free note, with who and when; readings outside the limits raise alerts. */
  async observe(ctx: RequestContext, sessionId: string, input: ObservationInput, options: { minimal?: boolean | undefined } = {}) {
    const raised = await this.write(ctx, sessionId, `record-${input.kind}`, async (trx, s, now) => {
      if (!s.record.checkIn) throw new TreatmentConflictError('Check the patient in first.', 'not-checked-in');
      if (s.record.discharge && input.kind !== 'note') throw new TreatmentConflictError('The patient has been discharged.', 'session-discharged');
      const at = clinicalTime(input.at, now);
      const { data, alerts } = this.observation(s, input.kind, input);
      const entry = await this.append(trx, ctx, s, input.kind, data, at, now);
      await this.raiseAlerts(trx, s, entry.id, alerts, at);
      return { result: { entryId: entry.id, alerts: alerts.map((a) => a.code) }, detail: { kind: input.kind, alerts: alerts.length } };
    });
    return { ...raised, ...(options.minimal ? {} : { session: await this.current(ctx, sessionId) }) };
  }

  /** A correction: a new entry pointing at the original, with a reason; the original stays on record. */
  async correct(ctx: RequestContext, sessionId: string, entryId: string, input: CorrectionInput) {
    await this.write(ctx, sessionId, 'correct-entry', async (trx, s, now) => {
      const reason = input.reason.trim();
      if (!reason) throw new BadRequestError('A correction needs a reason.', [{ field: 'reason', message: 'is required' }]);
      const original = s.record.entries.find((e) => e.id === entryId && !e.correctsId);
      if (!original) throw new NotFoundError('No such entry in this session (corrections point at the original entry).');
      if (!(CORRECTABLE_KINDS as readonly string[]).includes(original.kind)) {
        throw new RuleRefusedError(`A ${original.kind} entry cannot be corrected here.`, 'not-correctable');
      }
      if (input.voided) {
        await this.append(trx, ctx, s, original.kind, { voided: true }, original.occurredAt, now, { id: original.id, reason });
        return { result: undefined, detail: { kind: original.kind, voided: true } };
      }
      if (original.kind === 'adverse-event') {
        if (!input.adverseEvent) throw new BadRequestError('The corrected adverse event is required.', [{ field: 'adverseEvent', message: 'is required (or voided: true)' }]);
        const event = this.adverseEvent(input.adverseEvent, now);
        await this.append(trx, ctx, s, 'adverse-event', event, new Date(String(event.startedAt)), now, { id: original.id, reason });
        return { result: undefined, detail: { kind: original.kind } };
      }
      if (!input.observation) throw new BadRequestError('The corrected values are required.', [{ field: 'observation', message: 'is required (or voided: true)' }]);
      const at = input.observation.at === undefined ? original.occurredAt : clinicalTime(input.observation.at, now);
      const { data, alerts } = this.observation(s, original.kind as ObservationKind, input.observation);
      const entry = await this.append(trx, ctx, s, original.kind, data, at, now, { id: original.id, reason });
      await this.raiseAlerts(trx, s, entry.id, alerts, at);
      return { result: undefined, detail: { kind: original.kind, alerts: alerts.length } };
    });
    return this.current(ctx, sessionId);
  }

  /** Acknowledges a monitoring alert with the action taken (prescriber or nurse). */
  async acknowledgeAlert(ctx: RequestContext, sessionId: string, alertId: string, input: { action: string }) {
    await this.write(ctx, sessionId, 'acknowledge-monitoring-alert', async (trx, s, now) => {
      const action = input.action.trim();
      if (!action) throw new BadRequestError('Say what was done.', [{ field: 'action', message: 'is required' }]);
      const alert = await this.repo.findAlert(s.session.clinicId, s.session.id, alertId, trx);
      if (!alert) throw new NotFoundError('No such alert in this session.');
      // One reading, one alert: acknowledging it (by any of its thresholds' ids) acknowledges every threshold the
      // reading crossed, each keeping its own row (issue 10 item 7).
      const open = s.alerts.filter((a) => a.entryId === alert.entryId && !a.ackAt);
      if (open.length === 0) throw new TreatmentConflictError('This alert is already acknowledged.', 'already-acknowledged');
      await this.repo.insertAcks(trx, open.map((a) => ({ clinicId: s.session.clinicId, alertId: a.id, action, acknowledgedAt: now, acknowledgedBy: ctx.principal.userId })));
      return { result: undefined, detail: { code: alert.code, codes: open.map((a) => a.code) } };
    });
    return this.current(ctx, sessionId);
  }

  // Same-day suicide risk --------------------------------------------------------------------------------------------------

  /**
   * A prescriber's evaluation of one suicide-risk answer given on the treatment day (issue 10 item 2). It names the
   * answer (measure) it evaluated: an evaluation of an older answer never covers a newer one. "may-proceed" lifts
   * that answer's block; "do-not-dose" keeps dosing stopped. The route allows prescribers only (session:override).
   */
  async evaluateSuicideRisk(ctx: RequestContext, sessionId: string, input: SuicideRiskEvaluationInput) {
    await this.write(ctx, sessionId, 'evaluate-suicide-risk', async (trx, s, now) => {
      const note = input.note.trim();
      if (!note) throw new BadRequestError('An evaluation needs a note.', [{ field: 'note', message: 'is required' }]);
      const at = clinicalTime(input.at, now);
      const risk = await this.suicideRisk(s, now, trx);
      const signal = risk.signals.find((x) => x.measureId === input.measureId);
      if (!signal) {
        throw new BadRequestError('That answer is not a suicide-risk answer of this treatment day.', [
          { field: 'measureId', message: `must name one of today's suicide-risk answers${risk.signals.length > 0 ? ` (${risk.signals.map((x) => x.measureId).join(', ')})` : ' (there is none)'}` },
        ]);
      }
      if (at.getTime() < signal.observedAt.getTime()) throw new BadRequestError('The evaluation is earlier than the answer.', [{ field: 'at', message: 'is before the answer was given' }]);
      await this.repo.insertSuicideRiskEvaluation(trx, {
        clinicId: s.session.clinicId, sessionId: s.session.id, patientId: s.session.patientId, measureId: input.measureId,
        decision: input.decision, note, evaluatedAt: at, evaluatedBy: ctx.principal.userId, recordedAt: now,
      });
      return { result: undefined, detail: { measureId: input.measureId, decision: input.decision } };
    });
    return this.current(ctx, sessionId);
  }

  // Adverse events -------------------------------------------------------------------------------------------------------

  private adverseEvent(input: AdverseEventInput, now: Date): Record<string, unknown> {
    const startedAt = clinicalTime(input.startedAt, now, 'startedAt');
    const endedAt = input.endedAt === undefined ? undefined : clinicalTime(input.endedAt, now, 'endedAt');
    const event = {
      type: input.type, ...(input.description?.trim() ? { description: input.description.trim() } : {}), severity: input.severity, serious: input.serious,
      startedAt, ...(endedAt ? { endedAt } : {}), outcome: input.outcome,
      interventions: input.interventions.map((i, n) => ({
        code: i.code, ...(i.name ? { name: i.name } : {}), ...(i.dose ? { dose: i.dose } : {}), ...(i.route ? { route: i.route } : {}),
        at: clinicalTime(i.at, now, `interventions.${n}.at`), ...(i.givenBy ? { givenBy: i.givenBy } : {}),
      })),
    } as unknown as AdverseEvent;
    validateAdverseEvent(event, 'adverseEvent');
    return JSON.parse(JSON.stringify(event)) as Record<string, unknown>;
  }

  async recordAdverseEvent(ctx: RequestContext, sessionId: string, input: AdverseEventInput) {
    const id = await this.write(ctx, sessionId, 'record-adverse-event', async (trx, s, now) => {
      if (!s.record.checkIn) throw new TreatmentConflictError('Check the patient in first.', 'not-checked-in');
      const data = this.adverseEvent(input, now);
      const entry = await this.append(trx, ctx, s, 'adverse-event', data, new Date(String(data.startedAt)), now);
      return { result: entry.id, detail: { type: input.type, serious: input.serious } };
    });
    return { id, session: await this.current(ctx, sessionId) };
  }

  // Discharge --------------------------------------------------------------------------------------------------------------

  private evaluateDischarge(s: Loaded, now: Date, input: DischargeInput, overrideBy?: string): DischargeDecision {
    const t = readTimeline(s.modality, s.record.events as SessionEvent[], now);
    const readings = [...s.record.readings].filter((r) => r.takenAt.getTime() <= now.getTime()).sort((a, b) => a.takenAt.getTime() - b.takenAt.getTime());
    const withBp = readings.filter((r) => r.systolic !== undefined);
    const latestVitals = withBp.at(-1) ?? readings.at(-1);
    const moaas = [...s.record.moaas].filter((m) => m.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime()).at(-1);
    const baseline = preDoseReading(s.record.checkIn?.data);
    return evaluateDischarge({
      modality: s.modality,
      ...(s.modality === 'esketamine-nasal' && t.isDosingComplete && t.lastDeviceAt ? { lastDeviceAt: t.lastDeviceAt } : {}),
      ...(t.infusionEndedAt ? { infusionEndedAt: t.infusionEndedAt } : {}),
      ...(latestVitals ? { latestVitals } : {}),
      ...(baseline ? { baselineVitals: baseline } : {}),
      ...(moaas ? { latestMoaas: moaas } : {}),
      clinicallyStable: input.clinicallyStable,
      ridePresent: input.ridePresent,
      openAlerts: s.alerts.filter((a) => !a.ackAt).map((a) => ({ code: a.code, message: a.message })),
      now,
      settings: s.settings.monitoring,
      thresholds: s.settings.thresholds,
      ...(input.override && overrideBy ? { override: { by: overrideBy, at: now, reason: input.override.reason } } : {}),
      timeZone: s.timeZone,
    });
  }

  private dischargeDto(decision: DischargeDecision) {
    return {
      allowed: decision.allowed, overridden: decision.overridden, earliestAt: iso(decision.earliestAt),
      reasons: decision.reasons.map((r) => ({ code: r.code, message: r.message, overridable: r.overridable, citation: r.citation })),
      override: decision.override ? { by: decision.override.by, at: decision.override.at.toISOString(), reason: decision.override.reason } : null,
    };
  }

  /** Whether the patient may go home now, with every reason why not (the domain's words). */
  async dischargeEvaluation(ctx: RequestContext, sessionId: string, input: Omit<DischargeInput, 'override'>) {
    const s = await this.load(ctx.principal.clinicId, sessionId);
    const now = this.clock();
    const decision = this.evaluateDischarge(s, now, input);
    await this.auditRead(ctx, s, 'discharge');
    return { ...this.dischargeDto(decision), dischargedAt: iso(s.record.discharge?.occurredAt) };
  }

  /** Discharges the patient; 409 listing every reason unless the criteria are met or a prescriber overrides. */
  async discharge(ctx: RequestContext, sessionId: string, input: DischargeInput) {
    if (input.override) {
      if (!roleHas(ctx.principal.role, 'session:override')) throw new ForbiddenError('Only a prescriber may override the discharge criteria.');
      if (!input.override.reason.trim()) throw new BadRequestError('An override needs a reason.', [{ field: 'override.reason', message: 'is required' }]);
    }
    const decision = await this.write(ctx, sessionId, input.override ? 'discharge-override' : 'discharge', async (trx, s, now) => {
      if (s.record.discharge) throw new TreatmentConflictError('The patient has already been discharged.', 'already-discharged');
      const result = this.evaluateDischarge(s, now, input, input.override ? ctx.principal.displayName : undefined);
      if (!result.allowed) {
        throw new TreatmentConflictError(`Discharge is blocked: ${result.reasons.map((r) => r.message).join(' ')}`, 'discharge-blocked',
          result.reasons.map((r) => ({ field: r.code, message: r.message })));
      }
      await this.append(trx, ctx, s, 'discharged', {
        clinicallyStable: input.clinicallyStable, ridePresent: input.ridePresent, overridden: result.overridden,
        ...(result.override ? { override: { byUserId: ctx.principal.userId, by: result.override.by, reason: result.override.reason } } : {}),
        reasonsOverridden: result.reasons.map((r) => ({ code: r.code, message: r.message })),
      }, now, now);
      return { result, detail: { overridden: result.overridden, reasons: result.reasons.map((r) => r.code) } };
    });
    return this.dischargeDto(decision);
  }

  // The clinic board --------------------------------------------------------------------------------------------------------

  /** Every chair today: patient initials, modality, phase, elapsed time, next check due and open alerts. */
  async board(ctx: RequestContext) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    const clinic = await this.repo.clinic(clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    const settings = resolveTreatmentDaySettings(clinic.settings);
    const today = localDateOf(now, clinic.timeZone);
    const from = localToInstant(`${today}T00:00`, clinic.timeZone);
    const to = new Date(from.getTime() + 36 * 60 * MINUTE);
    const sessions = (await this.repo.sessionsBetween(clinicId, from, to)).filter((r) => localDateOf(r.startsAt, clinic.timeZone) === today && isTreatmentModality(r.modality));
    const ids = sessions.map((r) => r.id);
    const [entries, alerts, answers] = await Promise.all([
      this.repo.entriesForSessions(clinicId, ids), this.repo.alertsForSessions(clinicId, ids),
      this.repo.riskAnswersSince(clinicId, [...new Set(sessions.map((r) => r.patientId))], from, SAME_DAY_SUICIDE_RISK_RULES.map((r) => r.instrumentId)),
    ]);
    const evaluations = await this.repo.suicideRiskEvaluations(clinicId, answers.map((a) => a.id));
    const chairs = sessions.map((r) => {
      const modality = r.modality as TreatmentModality;
      const record = readSessionRecord(entries.filter((e) => e.sessionId === r.id));
      const status = chairStatus({ modality, events: record.events as SessionEvent[], now, settings: settings.monitoring });
      const open = alerts.filter((a) => a.sessionId === r.id && !a.ackAt);
      const risk = this.judgeSuicideRisk(today, clinic.timeZone, now, answers.filter((a) => a.patientId === r.patientId), evaluations, new Map());
      const waitingFor = record.discharge ? null : waitingForPrescriber(risk, r.chairName);
      const startedAt = status.dosingStartedAt ?? (record.checkIn ? new Date(record.checkIn.data.arrivedAt) : undefined);
      return {
        sessionId: r.id, chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null, patientInitials: initials(r.givenName, r.familyName),
        modality, modalityName: modalityName(modality), scheduledStart: r.startsAt.toISOString(), isCheckedIn: record.checkIn !== undefined,
        phase: status.phase, phaseSince: iso(status.since), elapsedMin: startedAt ? Math.max(0, Math.floor((now.getTime() - startedAt.getTime()) / MINUTE)) : null,
        minimumMonitoringEndsAt: iso(status.minimumMonitoringEndsAt),
        nextCheck: status.nextCheck ? { id: status.nextCheck.id, label: status.nextCheck.label, dueAt: status.nextCheck.dueAt.toISOString(), status: status.nextCheck.status } : null,
        minutesUntilNextCheck: status.minutesUntilNextCheck === undefined ? null : Math.round(status.minutesUntilNextCheck * 10) / 10,
        overdueChecks: status.overdueChecks,
        nextDeviceAllowedAt: status.devices && !status.devices.allGiven ? iso(status.devices.nextDeviceAllowedAt) : null,
        // One alert per reading (issue 10 item 7): the most severe threshold's id and code, every threshold in `codes`.
        openAlerts: this.groupedAlerts(open, settings.thresholds.thresholds.map((x) => x.code)).map((rows) => {
          const group = groupReadingAlerts(rows)!;
          const head = group.thresholds[0]!;
          return { id: head.id, code: head.code, severity: head.severity, message: group.message, raisedAt: head.raisedAt.toISOString(), codes: [...group.codes] };
        }),
        // Who is waiting on whom: a same-day suicide-risk answer waits for a prescriber (issue 10 item 2).
        waitingFor,
      };
    });
    await this.audit.record({ actor: ctx.principal, action: 'read', resourceType: 'TreatmentBoard', occurredAt: now, clientIp: ctx.clientIp, detail: { sessions: chairs.length } });
    return { generatedAt: now.toISOString(), date: today, timeZone: clinic.timeZone, chairs };
  }

  // For the ledger ----------------------------------------------------------------------------------------------------------

  /** Sessions with a dose given (infusion started or device given), for the ledger's reconciliation (no audit: the ledger audits its read). */
  async dosedSessions(clinicId: string) {
    const rows = await this.repo.dosedSessions(clinicId);
    return rows.map((r) => ({ sessionId: r.sessionId, patientId: r.patientId, startsAt: r.startsAt, dosedAt: new Date(r.dosedAt as unknown as string | Date) }));
  }

  /**
   * Sessions starting in [from, to) with the phase their treatment-day record is in (the booking status stays
   * "scheduled" while the patient is dosed): `booked` before check-in, then the domain's phases; null for modalities
   * without a treatment-day record. For the ledger's session list, which audits the read.
   */
  async sessionsWithPhase(clinicId: string, from: Date, to: Date) {
    const clinic = await this.repo.clinic(clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    const settings = resolveTreatmentDaySettings(clinic.settings);
    const now = this.clock();
    const rows = await this.repo.sessionsStartingBetween(clinicId, from, to);
    const entries = await this.repo.entriesForSessions(clinicId, rows.map((r) => r.id));
    return rows.map((r) => {
      const record = readSessionRecord(entries.filter((e) => e.sessionId === r.id));
      const isDosed = record.events.some((e) => e.type === 'infusion-started' || e.type === 'device-administered');
      let phase: string | null = null;
      if (isTreatmentModality(r.modality)) {
        phase = record.checkIn || isDosed
          ? chairStatus({ modality: r.modality, events: record.events as SessionEvent[], now, settings: settings.monitoring }).phase
          : r.status === 'cancelled' || r.status === 'no-show' ? r.status : 'booked';
      } else if (r.status === 'completed') {
        phase = 'completed';
      }
      return {
        id: r.id, patientId: r.patientId, patient: { givenName: r.givenName, familyName: r.familyName, mrn: r.mrn },
        modality: r.modality, sessionNumber: r.sessionNumber, status: r.status, startsAt: r.startsAt.toISOString(), endsAt: r.endsAt.toISOString(),
        chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null, doseMg: r.doseMg === null ? null : Number(r.doseMg), phase, isDosed,
      };
    });
  }

  // PK curve ---------------------------------------------------------------------------------------------------------------

  /**
   * Predicted ketamine plasma concentration for the planned and the actual infusion (domain PK model, Domino 1982 by
   * default, named with its citation). It informs; it never sets a dose. Minutes count from the infusion start (or
   * from now, before it starts).
   */
  async pk(ctx: RequestContext, sessionId: string, modelId?: string) {
    const s = await this.load(ctx.principal.clinicId, sessionId);
    if (!isIvInfusion(s.modality)) throw new RuleRefusedError('The PK curve is drawn for IV ketamine infusions.', 'pk-iv-only');
    const model = modelId ? pkModelById(modelId) : DEFAULT_PK_MODEL;
    if (!model) throw new BadRequestError('Unknown PK model.', [{ field: 'model', message: `must be one of ${PK_MODELS.map((m) => m.id).join(', ')}` }]);
    const now = this.clock();
    const dose = s.record.dose?.data;
    const doseMg = dose?.doseMg ?? (s.session.doseMg === null ? undefined : Number(s.session.doseMg));
    const durationMin = dose?.plannedDurationMin ?? s.session.durationMin ?? undefined;
    const weightKg = dose?.weightKg ?? s.record.checkIn?.data.weightKg ?? (s.session.planWeightKg === null ? undefined : Number(s.session.planWeightKg));
    if (!doseMg || !durationMin || !weightKg) throw new RuleRefusedError('The planned dose, infusion time and weight are needed for a PK curve.', 'pk-inputs-missing');
    const t = readTimeline(s.modality, s.record.events as SessionEvent[], now);
    const zero = t.infusionStartedAt ?? now;
    const actual = t.infusionStartedAt ? actualInfusions(s.record.events as SessionEvent[], now, zero) : [];
    const elapsed = Math.max(0, (now.getTime() - zero.getTime()) / MINUTE);
    const untilMin = Math.ceil(Math.max(durationMin + 120, elapsed + 30));
    const options = { stepMin: 1, untilMin };
    const planned = simulate(model, weightKg, plannedInfusion(doseMg, durationMin), options);
    const given = actual.length > 0 ? simulate(model, weightKg, actual, { stepMin: 1, untilMin: Math.max(1, Math.ceil(elapsed)) }) : null;
    await this.auditRead(ctx, s, 'pk');
    return {
      model: planned.model, disclaimer: planned.disclaimer, weightKg, timeZero: zero.toISOString(), nowMin: elapsed,
      planned: { infusions: plannedInfusion(doseMg, durationMin), points: planned.points, peak: planned.peak, totalDoseMg: planned.totalDoseMg },
      actual: given ? { infusions: actual, points: given.points, peak: given.peak, totalDoseMg: given.totalDoseMg } : null,
    };
  }

  // Clinic settings ---------------------------------------------------------------------------------------------------------

  /** The clinic's treatment-day settings in force, each group with the citations of its defaults. */
  async settings(ctx: RequestContext) {
    const clinic = await this.repo.clinic(ctx.principal.clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    const stored = clinic.settings.treatmentDay;
    return {
      settings: resolveTreatmentDaySettings(clinic.settings),
      edited: (typeof stored === 'object' && stored !== null ? stored : {}) as Record<string, unknown>,
      citations: { monitoring: MONITORING_SETTING_CITATIONS, checklist: CHECKLIST_SETTING_CITATIONS, secondPersonVerification: SECOND_PERSON_VERIFICATION_CITATION },
    };
  }

  /** Edits groups of settings (a group given replaces the clinic's earlier edit of it); the domain validates each. */
  async updateSettings(ctx: RequestContext, input: Record<string, unknown>) {
    const now = this.clock();
    await this.transact(async (trx) => {
      const clinic = await this.repo.clinic(ctx.principal.clinicId, trx);
      if (!clinic) throw new NotFoundError('No such clinic.');
      const stored = typeof clinic.settings.treatmentDay === 'object' && clinic.settings.treatmentDay !== null ? clinic.settings.treatmentDay as Record<string, unknown> : {};
      const next = { ...stored, ...input };
      resolveTreatmentDaySettings({ treatmentDay: next });
      await this.repo.setTreatmentDaySettings(trx, clinic.id, next);
      await this.audit.record({ actor: ctx.principal, action: 'update', resourceType: 'ClinicTreatmentDaySettings', resourceId: clinic.id, occurredAt: now, clientIp: ctx.clientIp, detail: { groups: Object.keys(input) } }, trx);
    });
    return this.settings(ctx);
  }

  // REMS enrolment --------------------------------------------------------------------------------------------------------

  async recordRemsEnrolment(ctx: RequestContext, patientId: string, input: { enrolledOn: string; remsPatientId?: string | undefined }) {
    const now = this.clock();
    const { clinicId } = ctx.principal;
    return this.transact(async (trx) => {
      if (!(await this.repo.patientExists(clinicId, patientId, trx))) throw new NotFoundError('No such patient in this clinic.');
      const clinic = await this.repo.clinic(clinicId, trx);
      if (clinic && input.enrolledOn > localDateOf(now, clinic.timeZone)) throw new BadRequestError('The enrolment date is in the future.', [{ field: 'enrolledOn', message: 'is in the future' }]);
      const row = await this.repo.insertRemsEnrolment(trx, { clinicId, patientId, enrolledOn: input.enrolledOn, remsPatientId: input.remsPatientId?.trim() || null, recordedAt: now, recordedBy: ctx.principal.userId });
      await this.audit.record({ actor: ctx.principal, action: 'record-rems-enrolment', resourceType: 'Patient', resourceId: patientId, patientId, clientIp: ctx.clientIp, occurredAt: now }, trx);
      return { id: row.id, enrolledOn: row.enrolledOn, remsPatientId: row.remsPatientId, recordedAt: row.recordedAt.toISOString() };
    });
  }

  async remsEnrolment(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    if (!(await this.repo.patientExists(clinicId, patientId))) throw new NotFoundError('No such patient in this clinic.');
    const rows = await this.repo.remsEnrolments(clinicId, patientId);
    await this.audit.record({ actor: ctx.principal, action: 'read', resourceType: 'Patient', resourceId: patientId, patientId, clientIp: ctx.clientIp, occurredAt: this.clock(), detail: { view: 'rems-enrolment' } });
    const latest = rows[0];
    return {
      enrolled: latest !== undefined,
      current: latest ? { enrolledOn: latest.enrolledOn, remsPatientId: latest.remsPatientId, recordedAt: latest.recordedAt.toISOString() } : null,
      history: rows.map((r) => ({ id: r.id, enrolledOn: r.enrolledOn, remsPatientId: r.remsPatientId, recordedAt: r.recordedAt.toISOString() })),
    };
  }
}

/**
 * The protocol's cap for one infusion in mg/kg: `capMgPerKg`, or for a mg/kg/h protocol (chronic pain) the hourly cap
 * times the infusion hours. Without a protocol on the plan, the top of the cited antidepressant range (1 mg/kg,
 * Zanos et al., Pharmacol Rev 2018, Table 1).
 */
function ivCapMgPerKg(protocol: Protocol | undefined, durationMin: number): number {
  const perKg = protocol?.settings.capMgPerKg?.value;
  if (perKg !== undefined) return perKg;
  const perHour = protocol?.settings.capMgPerKgPerHour?.value;
  if (perHour !== undefined) return Math.round(perHour * (durationMin / 60) * 1000) / 1000;
  return 1;
}

/**
 * Ketamine delivered by an infusion up to `until`, from its rate events (pauses deliver nothing). An estimate the
 * nurse confirms at stop (`totalDeliveredMg`), shown so a pump reading can be checked against it.
 */
export function deliveredMg(events: readonly SessionEvent[], until: Date): number {
  return actualInfusions(events, until).reduce((sum, s) => sum + s.rateMgPerMin * (s.endMin - s.startMin), 0);
}

export { ADMINISTRATION_EVENTS, adverseEventOf };
