/**
 * The treatment day's database access. Every query filters by clinic. The journal, alerts, notes and REMS
 * enrolments are append-only: this file has no update or delete.
 */
import { type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import { compiledOnce } from '../../db/compiled-once.js';
import { LIVE_SESSION_STATUSES } from '../../../domain/scheduling/index.js';
import type {
  EntryKind,
  SessionAlertTable,
  SessionNoteTable,
  SuicideRiskEvaluationTable,
  TreatmentDayEntryTable,
  TreatmentDayTables,
} from './treatment-day.tables.js';

type Db = Database & TreatmentDayTables;
type Reader = Kysely<Database> | Transaction<Database>;

export type EntryRow = Selectable<TreatmentDayEntryTable>;
export type AlertRow = Selectable<SessionAlertTable> & {
  ackAction: string | null;
  ackAt: Date | null;
  ackBy: string | null;
};
export type NoteRow = Selectable<SessionNoteTable>;
export type SuicideRiskEvaluationRow = Selectable<SuicideRiskEvaluationTable>;

export interface NewEntry {
  readonly clinicId: string;
  readonly sessionId: string;
  readonly patientId: string;
  readonly kind: EntryKind;
  readonly data: Record<string, unknown>;
  readonly occurredAt: Date;
  readonly recordedAt: Date;
  readonly recordedBy: string;
  readonly correctsId?: string | null;
  readonly correctionReason?: string | null;
}

export interface NewAlert {
  readonly clinicId: string;
  readonly sessionId: string;
  readonly patientId: string;
  readonly entryId: string;
  readonly code: string;
  readonly severity: 'warning' | 'critical';
  readonly message: string;
  readonly value: number;
  readonly limitValue: number;
  readonly thresholdsVersion: string;
  readonly raisedAt: Date;
}

export class TreatmentDayRepository {
  constructor(private readonly db: Kysely<Database>) {}

  private q(trx?: Reader): Kysely<Db> {
    return (trx ?? this.db).$extendTables<TreatmentDayTables>() as unknown as Kysely<Db>;
  }

  // Sessions (booked by the scheduling module) -------------------------------------------------------------------

  private sessionQuery() {
    return this.q()
      .selectFrom('treatmentSession as s')
      .innerJoin('patient as p', 'p.id', 's.patientId')
      .leftJoin('chair as c', 'c.id', 's.chairId')
      .leftJoin('treatmentPlan as tp', 'tp.id', 's.planId')
      .leftJoin('appUser as u', 'u.id', 's.staffId')
      .select([
        's.id',
        's.clinicId',
        's.patientId',
        's.modality',
        's.sessionNumber',
        's.startsAt',
        's.endsAt',
        's.status',
        's.planId',
        's.doseMg',
        's.durationMin',
        's.monitoringMin',
        's.route',
        's.phase',
        's.chairId',
        'p.givenName',
        'p.familyName',
        'p.dateOfBirth',
        'p.sex',
        'p.mrn',
        'c.name as chairName',
        'tp.weightKg as planWeightKg',
        'tp.protocolId',
        'tp.protocolSettings',
        'tp.signedBy as prescriberId',
        'u.displayName as staffName',
      ]);
  }

  // The reads every treatment-day request starts with (the board's write path): compiled once (compiled-once.ts).
  private readonly sessionById = compiledOnce((clinicId: string, id: string) =>
    this.sessionQuery().where('s.clinicId', '=', clinicId).where('s.id', '=', id),
  );
  private readonly lockedSessionById = compiledOnce((clinicId: string, id: string) =>
    this.sessionQuery().where('s.clinicId', '=', clinicId).where('s.id', '=', id).forUpdate('s'),
  );
  private readonly sessionEntries = compiledOnce((clinicId: string, sessionId: string) =>
    this.q()
      .selectFrom('treatmentDayEntry')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('sessionId', '=', sessionId)
      .orderBy('seq'),
  );
  private readonly sessionAlerts = compiledOnce((clinicId: string, sessionId: string) =>
    this.alertQuery()
      .where('a.clinicId', '=', clinicId)
      .where('a.sessionId', '=', sessionId)
      .orderBy('a.raisedAt')
      .orderBy('a.code'),
  );

  async findSession(clinicId: string, id: string, trx?: Reader) {
    return (await this.sessionById(trx ?? this.db, clinicId, id))[0];
  }

  /**
   * The session, its row locked until the transaction ends (one query: writes to one session queue up here, and each
   * reads the session as the one before it left it).
   */
  async findSessionForUpdate(trx: Transaction<Database>, clinicId: string, id: string) {
    return (await this.lockedSessionById(trx, clinicId, id))[0];
  }

  /** Sessions starting in [from, to), by start and chair; only the live ones when `liveOnly`. */
  private sessionsStarting(clinicId: string, from: Date, to: Date, liveOnly: boolean) {
    let query = this.sessionQuery()
      .where('s.clinicId', '=', clinicId)
      .where('s.startsAt', '>=', from)
      .where('s.startsAt', '<', to);
    if (liveOnly) query = query.where('s.status', 'in', LIVE_SESSION_STATUSES);
    return query.orderBy('s.startsAt').orderBy('c.name').execute();
  }

  /** Live sessions starting in [from, to), for the board. */
  sessionsBetween(clinicId: string, from: Date, to: Date) {
    return this.sessionsStarting(clinicId, from, to, true);
  }

  /**
   * Esketamine sessions that may have ended for the REMS (issue 10 item 15): with a discharge or a device given in
   * their journal, or marked completed on the schedule (newest first). The domain decides which have ended.
   */
  remsCandidateSessions(clinicId: string, limit: number) {
    return this.sessionQuery()
      .where('s.clinicId', '=', clinicId)
      .where('s.modality', '=', 'esketamine-nasal')
      .where((eb) =>
        eb.or([
          eb('s.status', '=', 'completed'),
          eb.exists(
            eb
              .selectFrom('treatmentDayEntry as d')
              .select('d.id')
              .whereRef('d.sessionId', '=', 's.id')
              .where('d.clinicId', '=', clinicId)
              .where('d.kind', 'in', ['discharged', 'device-administered']),
          ),
        ]),
      )
      .orderBy('s.startsAt', 'desc')
      .limit(limit)
      .execute();
  }

  /** Esketamine sessions with a recorded discharge, for the REMS page (newest first). */
  remsSessions(clinicId: string, limit: number) {
    return this.sessionQuery()
      .innerJoin('treatmentDayEntry as d', (join) =>
        join.onRef('d.sessionId', '=', 's.id').on('d.kind', '=', 'discharged'),
      )
      .select(['d.occurredAt as dischargedAt'])
      .where('s.clinicId', '=', clinicId)
      .where('s.modality', '=', 'esketamine-nasal')
      .orderBy('d.occurredAt', 'desc')
      .limit(limit)
      .execute();
  }

  /**
   * Sessions whose journal shows a dose given (an infusion started or a device given), with the first such moment:
   * for the ledger's "dosed without a draw" check.
   */
  dosedSessions(clinicId: string) {
    return this.q()
      .selectFrom('treatmentDayEntry as e')
      .innerJoin('treatmentSession as s', 's.id', 'e.sessionId')
      .select(['e.sessionId', 's.patientId', 's.startsAt', (eb) => eb.fn.min('e.occurredAt').as('dosedAt')])
      .where('e.clinicId', '=', clinicId)
      .where('s.clinicId', '=', clinicId)
      .where('e.kind', 'in', ['infusion-started', 'device-administered'])
      .where('e.correctsId', 'is', null)
      .groupBy(['e.sessionId', 's.patientId', 's.startsAt'])
      .orderBy('s.startsAt')
      .execute();
  }

  /** Every session starting in [from, to) (all statuses), for the ledger's session list. */
  sessionsStartingBetween(clinicId: string, from: Date, to: Date) {
    return this.sessionsStarting(clinicId, from, to, false);
  }

  // The journal ---------------------------------------------------------------------------------------------------

  entries(clinicId: string, sessionId: string, trx?: Reader): Promise<EntryRow[]> {
    return this.sessionEntries(trx ?? this.db, clinicId, sessionId);
  }

  entriesForSessions(
    clinicId: string,
    sessionIds: readonly string[],
    kinds?: readonly EntryKind[],
  ): Promise<EntryRow[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    let query = this.q()
      .selectFrom('treatmentDayEntry')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('sessionId', 'in', sessionIds);
    if (kinds) query = query.where('kind', 'in', kinds);
    return query.orderBy('seq').execute();
  }

  insertEntry(trx: Transaction<Database>, row: NewEntry): Promise<EntryRow> {
    return this.q(trx)
      .insertInto('treatmentDayEntry')
      .values({
        clinicId: row.clinicId,
        sessionId: row.sessionId,
        patientId: row.patientId,
        kind: row.kind,
        data: JSON.stringify(row.data),
        occurredAt: row.occurredAt,
        recordedAt: row.recordedAt,
        recordedBy: row.recordedBy,
        correctsId: row.correctsId ?? null,
        correctionReason: row.correctionReason ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  // Alerts --------------------------------------------------------------------------------------------------------

  private alertQuery(trx?: Reader) {
    return this.q(trx)
      .selectFrom('sessionAlert as a')
      .leftJoin('sessionAlertAck as k', 'k.alertId', 'a.id')
      .selectAll('a')
      .select(['k.action as ackAction', 'k.acknowledgedAt as ackAt', 'k.acknowledgedBy as ackBy']);
  }

  alerts(clinicId: string, sessionId: string, trx?: Reader): Promise<AlertRow[]> {
    return this.sessionAlerts(trx ?? this.db, clinicId, sessionId);
  }

  alertsForSessions(clinicId: string, sessionIds: readonly string[]): Promise<AlertRow[]> {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return this.alertQuery()
      .where('a.clinicId', '=', clinicId)
      .where('a.sessionId', 'in', sessionIds)
      .orderBy('a.raisedAt')
      .execute();
  }

  findAlert(clinicId: string, sessionId: string, alertId: string, trx?: Reader): Promise<AlertRow | undefined> {
    return this.alertQuery(trx)
      .where('a.clinicId', '=', clinicId)
      .where('a.sessionId', '=', sessionId)
      .where('a.id', '=', alertId)
      .executeTakeFirst();
  }

  async insertAlerts(trx: Transaction<Database>, rows: readonly NewAlert[]): Promise<void> {
    if (rows.length === 0) return;
    await this.q(trx)
      .insertInto('sessionAlert')
      .values(rows.map((r) => ({ ...r })))
      .execute();
  }

  async insertAck(
    trx: Transaction<Database>,
    row: { clinicId: string; alertId: string; action: string; acknowledgedAt: Date; acknowledgedBy: string },
  ): Promise<void> {
    await this.q(trx).insertInto('sessionAlertAck').values(row).execute();
  }

  /** Acknowledges every still-open alert `alertIds` names (one reading's alerts are acknowledged together). */
  async insertAcks(
    trx: Transaction<Database>,
    rows: ReadonlyArray<{
      clinicId: string;
      alertId: string;
      action: string;
      acknowledgedAt: Date;
      acknowledgedBy: string;
    }>,
  ): Promise<void> {
    if (rows.length === 0) return;
    await this.q(trx)
      .insertInto('sessionAlertAck')
      .values([...rows])
      .execute();
  }

  // Same-day suicide risk -------------------------------------------------------------------------------------------

  suicideRiskEvaluations(
    clinicId: string,
    measureIds: readonly string[],
    trx?: Reader,
  ): Promise<SuicideRiskEvaluationRow[]> {
    if (measureIds.length === 0) return Promise.resolve([]);
    return this.q(trx)
      .selectFrom('suicideRiskEvaluation')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('measureId', 'in', [...measureIds])
      .orderBy('evaluatedAt')
      .execute();
  }

  async insertSuicideRiskEvaluation(
    trx: Transaction<Database>,
    row: Omit<SuicideRiskEvaluationRow, 'id'>,
  ): Promise<SuicideRiskEvaluationRow> {
    return this.q(trx).insertInto('suicideRiskEvaluation').values(row).returningAll().executeTakeFirstOrThrow();
  }

  // Notes ---------------------------------------------------------------------------------------------------------

  notes(clinicId: string, sessionId: string, trx?: Reader): Promise<NoteRow[]> {
    return this.q(trx)
      .selectFrom('sessionNote')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('sessionId', '=', sessionId)
      .orderBy('version')
      .execute();
  }

  async insertNote(trx: Transaction<Database>, row: Omit<NoteRow, 'id'>): Promise<NoteRow> {
    return this.q(trx).insertInto('sessionNote').values(row).returningAll().executeTakeFirstOrThrow();
  }

  // REMS enrolment --------------------------------------------------------------------------------------------------

  remsEnrolments(clinicId: string, patientId: string, trx?: Reader) {
    return this.q(trx)
      .selectFrom('remsPatientEnrolment')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('recordedAt', 'desc')
      .execute();
  }

  async insertRemsEnrolment(
    trx: Transaction<Database>,
    row: {
      clinicId: string;
      patientId: string;
      enrolledOn: string;
      remsPatientId: string | null;
      recordedAt: Date;
      recordedBy: string;
    },
  ) {
    return this.q(trx).insertInto('remsPatientEnrolment').values(row).returningAll().executeTakeFirstOrThrow();
  }

  /** The first recorded REMS enrolment of each of these patients (what the session checklist reads). */
  firstRemsEnrolments(clinicId: string, patientIds: readonly string[]) {
    if (patientIds.length === 0) return Promise.resolve([]);
    return this.q()
      .selectFrom('remsPatientEnrolment')
      .select(['patientId', 'recordedAt', 'recordedBy'])
      .where('clinicId', '=', clinicId)
      .where('patientId', 'in', patientIds)
      .orderBy('recordedAt')
      .execute();
  }

  /** The sessions' check-in entries, oldest first (the last one stands): the ride home is recorded there. */
  checkIns(clinicId: string, sessionIds: readonly string[]) {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return this.q()
      .selectFrom('treatmentDayEntry')
      .select(['sessionId', 'data', 'recordedAt', 'recordedBy'])
      .where('clinicId', '=', clinicId)
      .where('sessionId', 'in', sessionIds)
      .where('kind', '=', 'check-in')
      .orderBy('seq')
      .execute();
  }

  // Other records the treatment day reads ----------------------------------------------------------------------------

  /** Serialises writes to one session (the device countdown and the single discharge depend on it). */
}
