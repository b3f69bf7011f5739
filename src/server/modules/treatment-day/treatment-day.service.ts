/**
 * The treatment day: check-in and the pre-session checklist, the prepared dose and its verification, the
 * administration record, the monitoring timeline with alerts, adverse events, discharge and the clinic board.
 *
 * Every call loads the session's journal, asks the domain (src/domain/session, monitoring, dosing) and appends
 * what happened; nothing is updated in place. Each write runs in one transaction with its audit event and a
 * board-change notice (`TreatmentDayNotices.boardChanged`), so a live board learns of it as soon as it is committed.
 *
 * This class is the module's one entry point (routes, app.ts, the documents service and the demo seed use it); the
 * work is done by cohesive parts:
 * - treatment-session-core.ts: loading, the write transaction, the session view, the checklist;
 * - treatment-check-in.service.ts: check-in, checklist acknowledgements, same-day suicide-risk evaluations;
 * - treatment-dosing.service.ts: the dose, its lot, verification and administration (the domain state machine);
 * - treatment-monitoring.service.ts: observations, alerts, corrections, adverse events, discharge, the PK curve;
 * - treatment-board.service.ts: the clinic board, settings and REMS enrolment;
 * - treatment-day-records.ts: what the ledger and scheduling read of the treatment day (no dependency on them);
 * - treatment-day.dto.ts: rows and domain results as API responses; treatment-day.types.ts: inputs and helpers.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { EligibilityService } from '../eligibility/eligibility.service.js';
import type { CheckInData } from './treatment-day-record.js';
import type { TreatmentDayRepository } from './treatment-day.repository.js';
import type {
  AdministrationInput,
  AdverseEventInput,
  CheckInInput,
  CorrectionInput,
  DemoHistoryOptions,
  DischargeInput,
  DoseInput,
  DoseStock,
  Loaded,
  ObservationInput,
  SuicideRiskEvaluationInput,
  TreatmentDayNotices,
} from './treatment-day.types.js';
import { TreatmentBoardService } from './treatment-board.service.js';
import { TreatmentCheckInService } from './treatment-check-in.service.js';
import { TreatmentDosingService } from './treatment-dosing.service.js';
import { TreatmentMonitoringService } from './treatment-monitoring.service.js';
import { TreatmentSessionCore } from './treatment-session-core.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';

export {
  ADMINISTRATION_EVENTS,
  deliveredMg,
  OBSERVATION_KINDS,
  TreatmentConflictError,
  waitingForPrescriber,
  type AdministrationEvent,
  type AdministrationInput,
  type AdverseEventInput,
  type BoardChange,
  type CheckInInput,
  type CorrectionInput,
  type DemoHistoryOptions,
  type Discharge,
  type DischargeInput,
  type DoseInput,
  type DoseStock,
  type Loaded,
  type ObservationInput,
  type ObservationKind,
  type SuicideRiskEvaluationInput,
  type TreatmentDayNotices,
  type VitalsInput,
} from './treatment-day.types.js';
export { adverseEventOf } from './treatment-day-record.js';

export class TreatmentDayService {
  private readonly core: TreatmentSessionCore;
  private readonly checkIns: TreatmentCheckInService;
  private readonly dosing: TreatmentDosingService;
  private readonly monitoring: TreatmentMonitoringService;
  private readonly boards: TreatmentBoardService;

  constructor(
    repo: TreatmentDayRepository,
    /** The other modules' records the treatment day reads (treatment-day-ports.ts). */
    ports: TreatmentDayPorts,
    consent: ConsentService,
    eligibility: EligibilityService,
    audit: AuditService,
    transact: Transact,
    clock: () => Date,
    /** What the treatment day tells the clinic: board changes and discharges, inside each write's transaction. */
    notices?: TreatmentDayNotices,
    /** The ledger's lots: a prepared dose names one the clinic holds (issue 10 item 14). */
    stock?: DoseStock,
  ) {
    this.core = new TreatmentSessionCore(repo, ports, consent, eligibility, audit, transact, clock, notices);
    this.checkIns = new TreatmentCheckInService(this.core);
    this.dosing = new TreatmentDosingService(this.core, stock);
    this.monitoring = new TreatmentMonitoringService(this.core, notices);
    this.boards = new TreatmentBoardService(this.core);
  }

  // The session and its checklist
  load(clinicId: string, sessionId: string, trx?: Transaction<Database>): Promise<Loaded> {
    return this.core.load(clinicId, sessionId, trx);
  }
  get(ctx: RequestContext, sessionId: string) {
    return this.core.get(ctx, sessionId);
  }
  suicideRisk(s: Loaded, now: Date, trx?: Transaction<Database>) {
    return this.core.suicideRisk(s, now, trx);
  }
  checklist(s: Loaded, now: Date, trx?: Transaction<Database>, proposedCheckIn?: CheckInData) {
    return this.core.checklist(s, now, trx, proposedCheckIn);
  }
  getChecklist(ctx: RequestContext, sessionId: string) {
    return this.core.getChecklist(ctx, sessionId);
  }

  // Check-in
  checkIn(ctx: RequestContext, sessionId: string, input: CheckInInput) {
    return this.checkIns.checkIn(ctx, sessionId, input);
  }
  acknowledgeWarning(
    ctx: RequestContext,
    sessionId: string,
    input: { item: string; reason: string; at?: string | undefined },
  ) {
    return this.checkIns.acknowledgeWarning(ctx, sessionId, input);
  }
  evaluateSuicideRisk(ctx: RequestContext, sessionId: string, input: SuicideRiskEvaluationInput) {
    return this.checkIns.evaluateSuicideRisk(ctx, sessionId, input);
  }

  // Dose and administration
  doseLots(ctx: RequestContext, sessionId: string) {
    return this.dosing.doseLots(ctx, sessionId);
  }
  prepareDose(ctx: RequestContext, sessionId: string, input: DoseInput, options: DemoHistoryOptions = {}) {
    return this.dosing.prepareDose(ctx, sessionId, input, options);
  }
  verifyDose(ctx: RequestContext, sessionId: string, input: { at?: string | undefined } = {}) {
    return this.dosing.verifyDose(ctx, sessionId, input);
  }
  administer(ctx: RequestContext, sessionId: string, input: AdministrationInput, options: DemoHistoryOptions = {}) {
    return this.dosing.administer(ctx, sessionId, input, options);
  }

  // Monitoring and discharge
  observe(
    ctx: RequestContext,
    sessionId: string,
    input: ObservationInput,
    options: { minimal?: boolean | undefined } = {},
  ) {
    return this.monitoring.observe(ctx, sessionId, input, options);
  }
  correct(ctx: RequestContext, sessionId: string, entryId: string, input: CorrectionInput) {
    return this.monitoring.correct(ctx, sessionId, entryId, input);
  }
  acknowledgeAlert(ctx: RequestContext, sessionId: string, alertId: string, input: { action: string }) {
    return this.monitoring.acknowledgeAlert(ctx, sessionId, alertId, input);
  }
  recordAdverseEvent(ctx: RequestContext, sessionId: string, input: AdverseEventInput) {
    return this.monitoring.recordAdverseEvent(ctx, sessionId, input);
  }
  dischargeEvaluation(ctx: RequestContext, sessionId: string, input: Omit<DischargeInput, 'override'>) {
    return this.monitoring.dischargeEvaluation(ctx, sessionId, input);
  }
  discharge(ctx: RequestContext, sessionId: string, input: DischargeInput) {
    return this.monitoring.discharge(ctx, sessionId, input);
  }
  pk(ctx: RequestContext, sessionId: string, modelId?: string) {
    return this.monitoring.pk(ctx, sessionId, modelId);
  }

  // The board, settings, REMS enrolment (what other modules read of the treatment day: treatment-day-records.ts)
  board(ctx: RequestContext) {
    return this.boards.board(ctx);
  }
  settings(ctx: RequestContext) {
    return this.boards.settings(ctx);
  }
  updateSettings(ctx: RequestContext, input: Record<string, unknown>) {
    return this.boards.updateSettings(ctx, input);
  }
  recordRemsEnrolment(
    ctx: RequestContext,
    patientId: string,
    input: { enrolledOn: string; remsPatientId?: string | undefined },
  ) {
    return this.boards.recordRemsEnrolment(ctx, patientId, input);
  }
  remsEnrolment(ctx: RequestContext, patientId: string) {
    return this.boards.remsEnrolment(ctx, patientId);
  }
}
