/**
 * Appointments beyond plan sessions (issue 14): consultations, evaluations, follow-ups, therapy, measure-only visits
 * and telehealth, booked by the front desk from the calendar.
 *
 *   room               clinic data: consulting and group rooms
 *   appointment_type   clinic data: length, the roles that may hold it, whether it needs a chair, a room or neither
 *   appointment        one booking; cancelling sets status 'cancelled' with a reason (the row stays)
 *   appointment_event  what happened to a booking (booked, rescheduled, cancelled), for the record
 *   resource_hold      the staff, room and chair time every live booking holds, kept by triggers on appointment AND
 *                      treatment_session, so that plan sessions and appointments exclude each other in one place
 *
 * No double booking is enforced by the database: the exclusion constraint on resource_hold refuses two holds on the
 * same resource whose [starts_at, ends_at) ranges overlap, unless both carry the same share_group. Each appointment
 * has its own group (its id) unless it is a group-therapy booking (the patients of one group share it). Plan sessions
 * hold their chair with their own id; their staff with the common group 'plan-session', because one nurse monitors
 * several chairs at once: plan sessions never block each other's staff, but they do block the staff for an appointment
 * (and an appointment blocks them). `<>` on text in a GiST index comes from btree_gist (migration 20261128000300).
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('room')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index room_clinic_name_key on room (clinic_id, lower(name))`.execute(db);

  await db.schema
    .createTable('appointment_type')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('duration_min', 'integer', (c) => c.notNull().check(sql`duration_min between 5 and 600`))
    .addColumn('roles', 'jsonb', (c) => c.notNull())
    .addColumn('resource', 'text', (c) => c.notNull().check(sql`resource in ('chair', 'room', 'none')`))
    .addColumn('is_group', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_telehealth', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await sql`create unique index appointment_type_clinic_code_key on appointment_type (clinic_id, code)`.execute(db);

  await db.schema
    .createTable('appointment')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('patient_id', 'uuid', (c) => c.notNull().references('patient.id'))
    .addColumn('type_id', 'uuid', (c) => c.notNull().references('appointment_type.id'))
    .addColumn('staff_id', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('room_id', 'uuid', (c) => c.references('room.id'))
    .addColumn('chair_id', 'uuid', (c) => c.references('chair.id'))
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('booked')
        .check(sql`status in ('booked', 'cancelled')`),
    )
    .addColumn('group_key', 'text')
    .addColumn('video_link', 'text')
    .addColumn('note', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('cancelled_at', 'timestamptz')
    .addColumn('cancelled_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('cancel_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('created_by', 'uuid', (c) => c.references('app_user.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('appointment_range_check', sql`ends_at > starts_at`)
    .addCheckConstraint(
      'appointment_cancel_reason_check',
      sql`status <> 'cancelled' or (cancel_reason is not null and cancelled_at is not null)`,
    )
    .execute();
  await sql`create index appointment_clinic_starts_idx on appointment (clinic_id, starts_at)`.execute(db);
  await sql`create index appointment_patient_idx on appointment (clinic_id, patient_id, starts_at)`.execute(db);

  await db.schema
    .createTable('appointment_event')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('appointment_id', 'uuid', (c) => c.notNull().references('appointment.id'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('booked', 'rescheduled', 'cancelled')`))
    .addColumn('detail', 'jsonb', (c) => c.notNull())
    .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
    .addColumn('user_id', 'uuid', (c) => c.references('app_user.id'))
    .execute();
  await sql`create index appointment_event_appointment_idx on appointment_event (appointment_id, occurred_at)`.execute(
    db,
  );

  await db.schema
    .createTable('resource_hold')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('resource_kind', 'text', (c) => c.notNull().check(sql`resource_kind in ('staff', 'room', 'chair')`))
    .addColumn('resource_id', 'uuid', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('share_group', 'text', (c) => c.notNull())
    .addColumn('appointment_id', 'uuid', (c) => c.references('appointment.id').onDelete('cascade'))
    .addColumn('session_id', 'uuid', (c) => c.references('treatment_session.id').onDelete('cascade'))
    .addCheckConstraint('resource_hold_one_source', sql`(appointment_id is null) <> (session_id is null)`)
    .execute();
  await sql`create index resource_hold_appointment_idx on resource_hold (appointment_id)`.execute(db);
  await sql`create index resource_hold_session_idx on resource_hold (session_id)`.execute(db);
  await sql`alter table resource_hold add constraint resource_hold_no_overlap
    exclude using gist (resource_kind with =, resource_id with =, tstzrange(starts_at, ends_at, '[)') with &&, share_group with <>)`.execute(
    db,
  );

  await sql`
    create function appointment_hold_sync() returns trigger language plpgsql as $$
    declare
      grp text := coalesce(new.group_key, 'appointment:' || new.id::text);
    begin
      delete from resource_hold where appointment_id = new.id;
      if new.status = 'booked' then
        insert into resource_hold (clinic_id, resource_kind, resource_id, starts_at, ends_at, share_group, appointment_id)
          values (new.clinic_id, 'staff', new.staff_id, new.starts_at, new.ends_at, grp, new.id);
        if new.room_id is not null then
          insert into resource_hold (clinic_id, resource_kind, resource_id, starts_at, ends_at, share_group, appointment_id)
            values (new.clinic_id, 'room', new.room_id, new.starts_at, new.ends_at, grp, new.id);
        end if;
        if new.chair_id is not null then
          insert into resource_hold (clinic_id, resource_kind, resource_id, starts_at, ends_at, share_group, appointment_id)
            values (new.clinic_id, 'chair', new.chair_id, new.starts_at, new.ends_at, grp, new.id);
        end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger appointment_hold_sync after insert or update of status, starts_at, ends_at, staff_id, room_id, chair_id, group_key
    on appointment for each row execute function appointment_hold_sync()`.execute(db);

  await sql`
    create function treatment_session_hold_sync() returns trigger language plpgsql as $$
    begin
      delete from resource_hold where session_id = new.id;
      if new.status not in ('cancelled', 'no-show') then
        if new.chair_id is not null then
          insert into resource_hold (clinic_id, resource_kind, resource_id, starts_at, ends_at, share_group, session_id)
            values (new.clinic_id, 'chair', new.chair_id, new.starts_at, new.ends_at, 'session:' || new.id::text, new.id);
        end if;
        if new.staff_id is not null then
          insert into resource_hold (clinic_id, resource_kind, resource_id, starts_at, ends_at, share_group, session_id)
            values (new.clinic_id, 'staff', new.staff_id, new.starts_at, new.ends_at, 'plan-session', new.id);
        end if;
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger treatment_session_hold_sync after insert or update of status, starts_at, ends_at, chair_id, staff_id
    on treatment_session for each row execute function treatment_session_hold_sync()`.execute(db);

  // The sessions booked before this migration hold their chair and staff time too.
  await sql`insert into resource_hold (clinic_id, resource_kind, resource_id, starts_at, ends_at, share_group, session_id)
    select clinic_id, 'chair', chair_id, starts_at, ends_at, 'session:' || id::text, id from treatment_session
    where chair_id is not null and status not in ('cancelled', 'no-show')`.execute(db);
  await sql`insert into resource_hold (clinic_id, resource_kind, resource_id, starts_at, ends_at, share_group, session_id)
    select clinic_id, 'staff', staff_id, starts_at, ends_at, 'plan-session', id from treatment_session
    where staff_id is not null and status not in ('cancelled', 'no-show')`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists treatment_session_hold_sync on treatment_session`.execute(db);
  await sql`drop function if exists treatment_session_hold_sync()`.execute(db);
  await sql`drop trigger if exists appointment_hold_sync on appointment`.execute(db);
  await sql`drop function if exists appointment_hold_sync()`.execute(db);
  for (const table of ['resource_hold', 'appointment_event', 'appointment', 'appointment_type', 'room']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
