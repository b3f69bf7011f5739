import { sql, type Insertable, type Kysely, type Transaction } from 'kysely';
import type { AppointmentResource, AppointmentTable, Database, StaffRole } from '../../db/schema.js';
import { REMINDER_RECIPIENT } from '../../db/reminder-recipient.js';

type Db = Kysely<Database> | Transaction<Database>;

/** A new appointment's columns; the repository books it at version 1, updated when created. */
export type NewAppointmentRow = Omit<
  Insertable<AppointmentTable>,
  'id' | 'status' | 'version' | 'cancelledAt' | 'cancelledBy' | 'cancelReason' | 'updatedAt'
> & { createdAt: Date };

/** A live hold on a resource (from an appointment or a plan session), for naming what a booking clashes with. */
export interface HoldClash {
  resourceKind: 'staff' | 'room' | 'chair';
  resourceId: string;
  startsAt: Date;
  endsAt: Date;
  shareGroup: string;
  appointmentId: string | null;
  sessionId: string | null;
  typeName: string | null;
}

/** An appointment with its patient, type and clinician, as therapy notes read it (through TherapyNotesPorts). */
export interface NoteAppointmentRow {
  id: string;
  patientId: string;
  givenName: string;
  familyName: string;
  startsAt: Date;
  endsAt: Date;
  status: 'booked' | 'cancelled';
  staffId: string;
  staffName: string;
  typeCode: string;
  typeName: string;
  typeRoles: string[];
  typeIsGroup: boolean;
}

export class AppointmentsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  // Rooms and types ------------------------------------------------------------------------------------------------

  private roomsOf(clinicId: string, trx?: Db) {
    return (trx ?? this.db).selectFrom('room').select(['id', 'name', 'isActive']).where('clinicId', '=', clinicId);
  }

  rooms(clinicId: string, trx?: Db) {
    return this.roomsOf(clinicId, trx)
      .orderBy(sql`lower(name)`)
      .execute();
  }

  findRoom(clinicId: string, id: string, trx?: Db) {
    return this.roomsOf(clinicId, trx).where('id', '=', id).executeTakeFirst();
  }

  insertRoom(trx: Db, row: { clinicId: string; name: string; at: Date }) {
    return trx
      .insertInto('room')
      .values({ clinicId: row.clinicId, name: row.name, createdAt: row.at, updatedAt: row.at })
      .returning(['id', 'name', 'isActive'])
      .executeTakeFirstOrThrow();
  }

  private typesOf(clinicId: string, trx?: Db) {
    return (trx ?? this.db).selectFrom('appointmentType').selectAll().where('clinicId', '=', clinicId);
  }

  types(clinicId: string, trx?: Db) {
    return this.typesOf(clinicId, trx)
      .orderBy(sql`lower(name)`)
      .execute();
  }

  findType(clinicId: string, id: string, trx?: Db) {
    return this.typesOf(clinicId, trx).where('id', '=', id).executeTakeFirst();
  }

  insertType(
    trx: Db,
    row: {
      clinicId: string;
      code: string;
      name: string;
      durationMin: number;
      roles: readonly StaffRole[];
      resource: AppointmentResource;
      isGroup: boolean;
      isTelehealth: boolean;
      at: Date;
    },
  ) {
    const { at, roles, ...rest } = row;
    return trx
      .insertInto('appointmentType')
      .values({ ...rest, roles: JSON.stringify(roles), createdAt: at, updatedAt: at })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  updateType(
    trx: Db,
    clinicId: string,
    id: string,
    changes: {
      name?: string | undefined;
      durationMin?: number | undefined;
      roles?: readonly StaffRole[] | undefined;
      resource?: AppointmentResource | undefined;
      isActive?: boolean | undefined;
    },
    at: Date,
  ) {
    const { roles, ...rest } = changes;
    const set = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
    return trx
      .updateTable('appointmentType')
      .set({ ...set, ...(roles ? { roles: JSON.stringify(roles) } : {}), updatedAt: at })
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  // Appointments ---------------------------------------------------------------------------------------------------

  /** Appointments (`a`) with their patient (`p`) and type (`t`). */
  private appointmentsWithPatientAndType(trx?: Db) {
    return (trx ?? this.db)
      .selectFrom('appointment as a')
      .innerJoin('patient as p', (j) => j.onRef('p.id', '=', 'a.patientId').onRef('p.clinicId', '=', 'a.clinicId'))
      .innerJoin('appointmentType as t', 't.id', 'a.typeId');
  }

  private appointmentQuery(trx?: Db) {
    return this.appointmentsWithPatientAndType(trx)
      .innerJoin('appUser as u', 'u.id', 'a.staffId')
      .leftJoin('room as r', 'r.id', 'a.roomId')
      .selectAll('a')
      .select([
        'p.givenName',
        'p.familyName',
        'p.mrn',
        't.code as typeCode',
        't.name as typeName',
        't.resource as typeResource',
        't.isGroup as typeIsGroup',
        't.isTelehealth as typeIsTelehealth',
        'u.displayName as staffName',
        'u.role as staffRole',
        'r.name as roomName',
      ]);
  }

  find(clinicId: string, id: string, trx?: Db) {
    return this.appointmentQuery(trx).where('a.clinicId', '=', clinicId).where('a.id', '=', id).executeTakeFirst();
  }

  calendar(
    clinicId: string,
    from: Date,
    to: Date,
    filter: {
      staffId?: string | undefined;
      roomId?: string | undefined;
      chairId?: string | undefined;
      patientId?: string | undefined;
      includeCancelled?: boolean | undefined;
    },
  ) {
    let query = this.appointmentQuery()
      .where('a.clinicId', '=', clinicId)
      .where('a.startsAt', '<', to)
      .where('a.endsAt', '>', from);
    if (filter.staffId) query = query.where('a.staffId', '=', filter.staffId);
    if (filter.roomId) query = query.where('a.roomId', '=', filter.roomId);
    if (filter.chairId) query = query.where('a.chairId', '=', filter.chairId);
    if (filter.patientId) query = query.where('a.patientId', '=', filter.patientId);
    if (!filter.includeCancelled) query = query.where('a.status', '=', 'booked');
    return query.orderBy('a.startsAt').orderBy('a.id').limit(5000).execute();
  }

  insert(trx: Transaction<Database>, row: NewAppointmentRow) {
    return trx
      .insertInto('appointment')
      .values({ ...row, status: 'booked', version: 1, updatedAt: row.createdAt })
      .returning('id')
      .executeTakeFirstOrThrow();
  }

  /** Moves a booked appointment at the version the caller saw; false when it was changed or cancelled since. */
  async move(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    version: number,
    changes: {
      startsAt: Date;
      endsAt: Date;
      staffId: string;
      roomId: string | null;
      chairId: string | null;
      groupKey: string | null;
    },
    at: Date,
  ): Promise<boolean> {
    const result = await this.updateBooked(trx, clinicId, id)
      .set({ ...changes, version: version + 1, updatedAt: at })
      .where('version', '=', version)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async cancel(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
    reason: string,
  ): Promise<boolean> {
    const result = await this.updateBooked(trx, clinicId, id)
      .set((eb) => ({
        status: 'cancelled',
        cancelledAt: at,
        cancelledBy: by,
        cancelReason: reason,
        updatedAt: at,
        version: eb('version', '+', 1),
      }))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** An update of one booked appointment of the clinic (the caller sets what changes). */
  private updateBooked(trx: Transaction<Database>, clinicId: string, id: string) {
    return trx
      .updateTable('appointment')
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('status', '=', 'booked');
  }

  async insertEvent(
    trx: Transaction<Database>,
    row: {
      clinicId: string;
      appointmentId: string;
      kind: 'booked' | 'rescheduled' | 'cancelled';
      detail: Record<string, unknown>;
      occurredAt: Date;
      userId: string;
    },
  ) {
    await trx
      .insertInto('appointmentEvent')
      .values({ ...row, detail: JSON.stringify(row.detail) })
      .execute();
  }

  events(clinicId: string, appointmentId: string) {
    return this.db
      .selectFrom('appointmentEvent as e')
      .leftJoin('appUser as u', 'u.id', 'e.userId')
      .select(['e.kind', 'e.detail', 'e.occurredAt', 'e.userId', 'u.displayName'])
      .where('e.clinicId', '=', clinicId)
      .where('e.appointmentId', '=', appointmentId)
      .orderBy('e.occurredAt')
      .execute();
  }

  /**
   * Live holds on the given resources overlapping [from, to) that a booking in `shareGroup` would clash with (the
   * same rule as the exclusion constraint `resource_hold_no_overlap`), with the appointment type's name if any.
   */
  clashes(
    clinicId: string,
    resources: ReadonlyArray<{ kind: 'staff' | 'room' | 'chair'; id: string }>,
    from: Date,
    to: Date,
    shareGroup: string,
    trx?: Db,
  ): Promise<HoldClash[]> {
    if (resources.length === 0) return Promise.resolve([]);
    return (trx ?? this.db)
      .selectFrom('resourceHold as h')
      .leftJoin('appointment as a', 'a.id', 'h.appointmentId')
      .leftJoin('appointmentType as t', 't.id', 'a.typeId')
      .select([
        'h.resourceKind',
        'h.resourceId',
        'h.startsAt',
        'h.endsAt',
        'h.shareGroup',
        'h.appointmentId',
        'h.sessionId',
        't.name as typeName',
      ])
      .where('h.clinicId', '=', clinicId)
      .where((eb) =>
        eb.or(resources.map((r) => eb.and([eb('h.resourceKind', '=', r.kind), eb('h.resourceId', '=', r.id)]))),
      )
      .where('h.startsAt', '<', to)
      .where('h.endsAt', '>', from)
      .where('h.shareGroup', '!=', shareGroup)
      .orderBy('h.startsAt')
      .execute();
  }

  // Therapy notes ------------------------------------------------------------------------------------------------

  /** Appointments (`a`) with their patient, type and clinician, as therapy notes read them. */
  private noteAppointments(trx?: Db) {
    return (trx ?? this.db)
      .selectFrom('appointment as a')
      .innerJoin('patient as p', (j) => j.onRef('p.id', '=', 'a.patientId').onRef('p.clinicId', '=', 'a.clinicId'))
      .innerJoin('appointmentType as t', (j) => j.onRef('t.id', '=', 'a.typeId').onRef('t.clinicId', '=', 'a.clinicId'))
      .innerJoin('appUser as u', 'u.id', 'a.staffId')
      .select([
        'a.id',
        'a.patientId',
        'p.givenName',
        'p.familyName',
        'a.startsAt',
        'a.endsAt',
        'a.status',
        'a.staffId',
        'u.displayName as staffName',
        't.code as typeCode',
        't.name as typeName',
        't.roles as typeRoles',
        't.isGroup as typeIsGroup',
      ]);
  }

  /** One appointment with its type, for its therapy note; `forUpdate` locks it, so two signatures of one note queue behind each other. */
  async noteAppointment(
    clinicId: string,
    id: string,
    trx?: Db,
    forUpdate = false,
  ): Promise<NoteAppointmentRow | undefined> {
    let query = this.noteAppointments(trx).where('a.clinicId', '=', clinicId).where('a.id', '=', id);
    if (forUpdate) query = query.forUpdate('a');
    return query.executeTakeFirst();
  }

  /** A patient's appointments, newest first (the service keeps the therapy ones). */
  patientNoteAppointments(clinicId: string, patientId: string): Promise<NoteAppointmentRow[]> {
    return this.noteAppointments()
      .where('a.clinicId', '=', clinicId)
      .where('a.patientId', '=', patientId)
      .orderBy('a.startsAt', 'desc')
      .orderBy('a.id')
      .limit(1000)
      .execute();
  }

  // Reminders ------------------------------------------------------------------------------------------------------

  /** Booked appointments starting in (from, to], with what a reminder needs (every clinic: the worker's sweep). */
  upcomingAppointments(from: Date, to: Date) {
    return this.appointmentsWithPatientAndType()
      .innerJoin('clinic as k', 'k.id', 'a.clinicId')
      .leftJoin('room as r', 'r.id', 'a.roomId')
      .select([
        'a.id',
        'a.clinicId',
        'a.patientId',
        'a.startsAt',
        'a.videoLink',
        't.name as typeName',
        't.isTelehealth',
        'r.name as roomName',
        ...REMINDER_RECIPIENT,
      ])
      .where('a.status', '=', 'booked')
      .where('a.startsAt', '>', from)
      .where('a.startsAt', '<=', to)
      .orderBy('a.startsAt')
      .limit(1000)
      .execute();
  }
}
