import { sql, type Kysely, type Transaction, type Updateable } from 'kysely';
import type { Database, TreatmentSessionTable } from '../../db/schema.js';
import { mapById } from '../../db/by-id.js';
import { REMINDER_RECIPIENT } from '../../db/reminder-recipient.js';
import { isAnyUuid, uuidsOnly } from '../../db/uuids.js';
import { LIVE_SESSION_STATUSES } from '../../../domain/scheduling/index.js';
import { INACTIVE_SESSION_STATUSES } from '../../../domain/session/index.js';

type Db = Kysely<Database> | Transaction<Database>;

/** What a cancelled session records: who cancelled it, when and why. */
function cancellation(by: string, at: Date, reasonCode: string, note: string | null) {
  return {
    status: 'cancelled',
    cancelledAt: at,
    cancelledBy: by,
    cancelReasonCode: reasonCode,
    cancelNote: note,
    updatedAt: at,
  } as const;
}

export interface NewBooking {
  clinicId: string;
  patientId: string;
  planId: string;
  modality: string;
  sessionNumber: number;
  phase: string;
  doseMg: number;
  route: string;
  durationMin: number;
  monitoringMin: number;
  chairId: string;
  staffId: string | null;
  startsAt: Date;
  endsAt: Date;
  createdAt: Date;
  createdBy: string | null;
}

export class SchedulingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // Chairs ------------------------------------------------------------------------------------------------------

  private chairsOf(clinicId: string, trx?: Db) {
    return (trx ?? this.db).selectFrom('chair').selectAll().where('clinicId', '=', clinicId);
  }

  listChairs(clinicId: string, trx?: Db) {
    return this.chairsOf(clinicId, trx)
      .orderBy(sql`lower(name)`)
      .execute();
  }

  findChair(clinicId: string, id: string, trx?: Db) {
    return this.chairsOf(clinicId, trx).where('id', '=', id).executeTakeFirst();
  }

  /** The clinic's chairs in use, by name (the appointments calendar lists them). */
  activeChairs(clinicId: string) {
    return this.db
      .selectFrom('chair')
      .select(['id', 'name'])
      .where('clinicId', '=', clinicId)
      .where('isActive', '=', true)
      .orderBy(sql`lower(name)`)
      .execute();
  }

  /** Names of these chairs of the clinic, by id (unknown ids are left out): the chair an appointment holds. */
  chairNames(clinicId: string, ids: ReadonlyArray<string | null>): Promise<Map<string, string>> {
    return mapById(
      ids,
      (unique) =>
        this.db
          .selectFrom('chair')
          .select(['id', 'name'])
          .where('clinicId', '=', clinicId)
          .where('id', 'in', unique)
          .execute(),
      (r) => r.name,
    );
  }

  async insertChair(
    trx: Transaction<Database>,
    row: { clinicId: string; name: string; room: string | null; at: Date },
  ) {
    return trx
      .insertInto('chair')
      .values({ clinicId: row.clinicId, name: row.name, room: row.room, createdAt: row.at, updatedAt: row.at })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async updateChair(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    changes: { name?: string; room?: string | null; isActive?: boolean },
    at: Date,
  ) {
    return trx
      .updateTable('chair')
      .set({ ...changes, updatedAt: at })
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  async futureBookingsOnChair(clinicId: string, chairId: string, from: Date, trx?: Db): Promise<number> {
    const row = await (trx ?? this.db)
      .selectFrom('treatmentSession')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('clinicId', '=', clinicId)
      .where('chairId', '=', chairId)
      .where('status', '=', 'scheduled')
      .where('endsAt', '>', from)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  // Staff and shifts ---------------------------------------------------------------------------------------------

  shifts(clinicId: string, from: Date, to: Date, userId?: string) {
    let query = this.db
      .selectFrom('staffShift as s')
      .innerJoin('appUser as u', 'u.id', 's.userId')
      .select(['s.id', 's.userId', 's.startsAt', 's.endsAt', 's.note', 'u.displayName', 'u.role'])
      .where('s.clinicId', '=', clinicId)
      .where('s.startsAt', '<', to)
      .where('s.endsAt', '>', from);
    if (userId) query = query.where('s.userId', '=', userId);
    return query.orderBy('s.startsAt').execute();
  }

  async insertShift(
    trx: Transaction<Database>,
    row: {
      clinicId: string;
      userId: string;
      startsAt: Date;
      endsAt: Date;
      note: string | null;
      createdAt: Date;
      createdBy: string;
    },
  ) {
    return trx.insertInto('staffShift').values(row).returning('id').executeTakeFirstOrThrow();
  }

  async deleteShift(trx: Transaction<Database>, clinicId: string, id: string) {
    return trx
      .deleteFrom('staffShift')
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Whether one shift of the staff member covers the whole range. */
  async isOnShift(clinicId: string, userId: string, startsAt: Date, endsAt: Date, trx?: Db): Promise<boolean> {
    const row = await (trx ?? this.db)
      .selectFrom('staffShift')
      .select('id')
      .where('clinicId', '=', clinicId)
      .where('userId', '=', userId)
      .where('startsAt', '<=', startsAt)
      .where('endsAt', '>=', endsAt)
      .executeTakeFirst();
    return row !== undefined;
  }

  // Sessions ----------------------------------------------------------------------------------------------------

  private sessionQuery(trx?: Db) {
    return (trx ?? this.db)
      .selectFrom('treatmentSession as s')
      .innerJoin('patient as p', (j) => j.onRef('p.id', '=', 's.patientId').onRef('p.clinicId', '=', 's.clinicId'))
      .leftJoin('chair as c', 'c.id', 's.chairId')
      .leftJoin('appUser as st', 'st.id', 's.staffId')
      .selectAll('s')
      .select(['p.givenName', 'p.familyName', 'p.mrn', 'c.name as chairName', 'st.displayName as staffName']);
  }

  findSession(clinicId: string, id: string, trx?: Db) {
    return this.sessionQuery(trx).where('s.clinicId', '=', clinicId).where('s.id', '=', id).executeTakeFirst();
  }

  /** A session's patient, status, start and modality, without the joins (the ledger's draw and reconciliation). */
  sessionBrief(clinicId: string, id: string) {
    return this.db
      .selectFrom('treatmentSession')
      .select(['id', 'patientId', 'status', 'startsAt', 'modality'])
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** `sessionBrief` of several sessions (ids that are not UUIDs, and unknown ids, are left out). */
  sessionBriefs(clinicId: string, ids: readonly string[]) {
    const valid = uuidsOnly(ids);
    if (valid.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('treatmentSession')
      .select(['id', 'patientId', 'startsAt', 'status', 'modality'])
      .where('clinicId', '=', clinicId)
      .where('id', 'in', valid)
      .execute();
  }

  sessionsForPlan(clinicId: string, planId: string, trx?: Db) {
    return this.sessionQuery(trx)
      .where('s.clinicId', '=', clinicId)
      .where('s.planId', '=', planId)
      .orderBy('s.sessionNumber')
      .orderBy('s.createdAt')
      .execute();
  }

  /** Sessions overlapping [from, to), optionally for one chair or staff member, cancelled ones only when asked. */
  calendar(
    clinicId: string,
    from: Date,
    to: Date,
    filter: { chairId?: string | undefined; staffId?: string | undefined; includeCancelled?: boolean | undefined },
  ) {
    let query = this.sessionQuery()
      .where('s.clinicId', '=', clinicId)
      .where('s.startsAt', '<', to)
      .where('s.endsAt', '>', from);
    if (filter.chairId) query = query.where('s.chairId', '=', filter.chairId);
    if (filter.staffId) query = query.where('s.staffId', '=', filter.staffId);
    if (!filter.includeCancelled) query = query.where('s.status', 'in', LIVE_SESSION_STATUSES);
    return query.orderBy('s.startsAt').orderBy('c.name').limit(5000).execute();
  }

  /** Live chair bookings overlapping [from, to) (for conflict messages and free-slot search). */
  liveChairBookings(clinicId: string, from: Date, to: Date, chairId?: string, trx?: Db) {
    let query = (trx ?? this.db)
      .selectFrom('treatmentSession as s')
      .innerJoin('chair as c', 'c.id', 's.chairId')
      .select(['s.id', 's.chairId', 's.startsAt', 's.endsAt', 's.planId', 's.sessionNumber', 'c.name as chairName'])
      .where('s.clinicId', '=', clinicId)
      .where('s.status', 'in', LIVE_SESSION_STATUSES)
      .where('s.startsAt', '<', to)
      .where('s.endsAt', '>', from);
    if (chairId) query = query.where('s.chairId', '=', chairId);
    return query.orderBy('s.startsAt').execute();
  }

  /**
   * Plan sessions overlapping [from, to) that hold staff or chair time, as the appointments calendar shows them
   * beside appointments (live ones unless cancelled ones are asked for).
   */
  planSessionsHoldingTime(
    clinicId: string,
    from: Date,
    to: Date,
    filter: {
      staffId?: string | undefined;
      chairId?: string | undefined;
      patientId?: string | undefined;
      includeCancelled?: boolean | undefined;
    },
  ) {
    let query = this.sessionQuery()
      .where('s.clinicId', '=', clinicId)
      .where('s.startsAt', '<', to)
      .where('s.endsAt', '>', from);
    if (filter.staffId) query = query.where('s.staffId', '=', filter.staffId);
    if (filter.chairId) query = query.where('s.chairId', '=', filter.chairId);
    if (filter.patientId) query = query.where('s.patientId', '=', filter.patientId);
    if (!filter.includeCancelled) query = query.where('s.status', 'not in', INACTIVE_SESSION_STATUSES);
    return query.orderBy('s.startsAt').limit(5000).execute();
  }

  /**
   * Scheduled plan sessions starting in (from, to] in every clinic, with what a reminder needs: the patient's name
   * and contacts, the clinic's name and time zone, and the plan (whose protocol plans give: the reminders' sweep).
   */
  upcomingPlanSessions(from: Date, to: Date) {
    return this.db
      .selectFrom('treatmentSession as s')
      .innerJoin('patient as p', (j) => j.onRef('p.id', '=', 's.patientId').onRef('p.clinicId', '=', 's.clinicId'))
      .innerJoin('clinic as k', 'k.id', 's.clinicId')
      .select([
        's.id',
        's.clinicId',
        's.patientId',
        's.planId',
        's.startsAt',
        's.modality',
        's.sessionNumber',
        ...REMINDER_RECIPIENT,
      ])
      .where('s.status', '=', 'scheduled')
      .where('s.startsAt', '>', from)
      .where('s.startsAt', '<=', to)
      .orderBy('s.startsAt')
      .limit(1000)
      .execute();
  }

  async insertBooking(trx: Transaction<Database>, row: NewBooking): Promise<{ id: string }> {
    return trx
      .insertInto('treatmentSession')
      .values({ ...row, status: 'scheduled', updatedAt: row.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  async move(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    changes: { startsAt: Date; endsAt: Date; chairId: string; staffId: string | null },
    at: Date,
  ): Promise<boolean> {
    return this.updateScheduled(trx, clinicId, id, { ...changes, updatedAt: at });
  }

  async cancel(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
    reasonCode: string,
    note: string | null,
  ): Promise<boolean> {
    return this.updateScheduled(trx, clinicId, id, cancellation(by, at, reasonCode, note));
  }

  async markNoShow(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
    note: string | null,
  ): Promise<boolean> {
    const noShow = { status: 'no-show', noShowAt: at, noShowBy: by, noShowNote: note, updatedAt: at } as const;
    return this.updateScheduled(trx, clinicId, id, noShow);
  }

  /** Changes one scheduled session of the clinic; false when it is not (any more) scheduled. */
  private async updateScheduled(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    changes: Updateable<TreatmentSessionTable>,
  ): Promise<boolean> {
    const result = await trx
      .updateTable('treatmentSession')
      .set(changes)
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('status', '=', 'scheduled')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Cancels a plan's scheduled sessions that start at or after `from`; returns their ids. */
  async cancelPlanSessionsFrom(
    trx: Transaction<Database>,
    clinicId: string,
    planId: string,
    from: Date,
    by: string,
    at: Date,
    reasonCode: string,
    note: string | null,
  ): Promise<string[]> {
    const rows = await trx
      .updateTable('treatmentSession')
      .set(cancellation(by, at, reasonCode, note))
      .where('clinicId', '=', clinicId)
      .where('planId', '=', planId)
      .where('status', '=', 'scheduled')
      .where('startsAt', '>=', from)
      .returning('id')
      .execute();
    return rows.map((r) => r.id);
  }

  async insertEvent(
    trx: Transaction<Database>,
    row: {
      clinicId: string;
      sessionId: string;
      kind: 'booked' | 'rescheduled' | 'cancelled' | 'no-show' | 'confirmed';
      detail: Record<string, unknown>;
      occurredAt: Date;
      userId: string | null;
    },
  ) {
    await trx
      .insertInto('treatmentSessionEvent')
      .values({ ...row, detail: JSON.stringify(row.detail) })
      .execute();
  }

  events(clinicId: string, sessionId: string) {
    return this.db
      .selectFrom('treatmentSessionEvent as e')
      .leftJoin('appUser as u', 'u.id', 'e.userId')
      .select(['e.kind', 'e.detail', 'e.occurredAt', 'e.userId', 'u.displayName'])
      .where('e.clinicId', '=', clinicId)
      .where('e.sessionId', '=', sessionId)
      .orderBy('e.occurredAt')
      .execute();
  }

  confirmations(clinicId: string, sessionIds: readonly string[]) {
    if (sessionIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('sessionConfirmation')
      .select(['sessionId', 'code', 'confirmedAt', 'confirmedBy', 'note'])
      .where('clinicId', '=', clinicId)
      .where('sessionId', 'in', sessionIds)
      .execute();
  }

  /** Records a confirmation once; false when it was already confirmed. */
  async insertConfirmation(
    trx: Transaction<Database>,
    row: {
      clinicId: string;
      sessionId: string;
      code: string;
      note: string | null;
      confirmedAt: Date;
      confirmedBy: string;
    },
  ): Promise<boolean> {
    const inserted = await trx
      .insertInto('sessionConfirmation')
      .values(row)
      .onConflict((oc) => oc.columns(['sessionId', 'code']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  /** The session's own confirmation that the patient is REMS-enrolled (scheduling reminders). */
  async hasRemsConfirmation(clinicId: string, sessionId: string, trx?: Transaction<Database>): Promise<boolean> {
    const row = await (trx ?? this.db)
      .selectFrom('sessionConfirmation')
      .select('id')
      .where('clinicId', '=', clinicId)
      .where('sessionId', '=', sessionId)
      .where('code', '=', 'rems-enrolled')
      .executeTakeFirst();
    return row !== undefined;
  }

  // Read by measures (measures-ports.ts) ------------------------------------------------------------------------

  /** A patient's sessions in time order (the measures' time axis and what makes a measure due). */
  sessionsForPatient(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('treatmentSession')
      .select(['id', 'sessionNumber', 'modality', 'startsAt', 'endsAt', 'status'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('startsAt')
      .execute();
  }

  /** Records a session that already happened (demo data and imports; live sessions are booked above). */
  async insertPastSession(row: {
    clinicId: string;
    patientId: string;
    modality: string;
    sessionNumber: number;
    startsAt: Date;
    endsAt: Date;
    createdAt: Date;
  }) {
    return this.db
      .insertInto('treatmentSession')
      .values({ ...row, status: 'completed', createdBy: null })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  /** Whether the session is one of this patient's (a measure may name the session it was taken at). */
  async sessionBelongsToPatient(
    clinicId: string,
    patientId: string,
    sessionId: string,
    trx?: Transaction<Database>,
  ): Promise<boolean> {
    const row = await (trx ?? this.db)
      .selectFrom('treatmentSession')
      .select('id')
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .where('id', '=', sessionId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The clinic's patients with a session (not cancelled, no-show) starting from `from` to `to`: at most 2000. */
  patientsWithSessionsBetween(clinicId: string, from: Date, to: Date) {
    return this.db
      .selectFrom('treatmentSession as s')
      .innerJoin('patient as p', 'p.id', 's.patientId')
      .select(['p.id', 'p.givenName', 'p.familyName', 'p.mrn'])
      .distinct()
      .where('p.clinicId', '=', clinicId)
      .where('s.startsAt', '>=', from)
      .where('s.startsAt', '<=', to)
      .where('s.status', 'not in', INACTIVE_SESSION_STATUSES)
      .limit(2000)
      .execute();
  }

  /**
   * The sessions (not cancelled, not a no-show) of these patients that can still make a measure due (domain
   * `dueInputHorizon`): each one's first session, the last before `sessionsFrom` and every one after it.
   */
  dueHistorySessions(clinicId: string, patientIds: readonly string[], sessionsFrom: Date) {
    return this.db
      .selectFrom((eb) =>
        eb
          .selectFrom('treatmentSession')
          .select(['patientId', 'startsAt'])
          .select((w) => [
            sql<number>`row_number() over (partition by ${w.ref('patientId')} order by ${w.ref('startsAt')})`.as(
              'position',
            ),
            sql<Date | null>`lead(${w.ref('startsAt')}) over (partition by ${w.ref('patientId')} order by ${w.ref('startsAt')})`.as(
              'nextAt',
            ),
          ])
          .where('clinicId', '=', clinicId)
          .where(isAnyUuid('patientId', patientIds))
          .where('status', 'not in', INACTIVE_SESSION_STATUSES)
          .as('s'),
      )
      .select(['s.patientId', 's.startsAt'])
      .where((eb) =>
        eb.or([eb('s.position', '=', 1), eb('s.startsAt', '>=', sessionsFrom), eb('s.nextAt', '>=', sessionsFrom)]),
      )
      .execute();
  }
}
