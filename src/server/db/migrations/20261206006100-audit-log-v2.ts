/**
 * Audit log v2 (docs/adr/0005-audit-log-v2.md): appends no longer take a lock held until commit.
 *
 * - An event is inserted unsealed (prev_hash, hash and position null). A single sealer per database (elected with
 *   a session-level advisory lock) later gives sealed events consecutive chain positions and their hashes, and
 *   moves audit_chain_head forward in the same transaction.
 * - Repeated identical reads by one user within a 5-minute access window collapse into one event:
 *   collapse_key identifies (user, action, resource, detail, window), access_count and last_seen_at grow while
 *   the event is unsealed, and the sealer leaves the event alone until window_ends_at has passed.
 * - The append-only trigger now allows exactly two updates of an unsealed event: counting a repeated access, and
 *   sealing it. A sealed event never changes; no event is ever deleted.
 * - Events written before this migration keep their hashes; they get positions in sequence order, and the head
 *   points at the last of them.
 *
 * Frozen history: never edit after release; add a new migration instead. Typed Kysely<any>: no app imports.
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table audit_event
    add column position bigint,
    add column last_seen_at timestamptz,
    add column access_count integer not null default 1,
    add column collapse_key text,
    add column window_ends_at timestamptz,
    alter column prev_hash drop not null,
    alter column hash drop not null`.execute(db);

  // Existing events are already chained in sequence order: number them so.
  await sql`alter table audit_event disable trigger audit_event_no_update`.execute(db);
  await sql`update audit_event e set position = n.position
    from (select seq, row_number() over (order by seq) as position from audit_event) n where e.seq = n.seq`.execute(db);
  await sql`alter table audit_event enable trigger audit_event_no_update`.execute(db);

  await sql`create unique index audit_event_position_key on audit_event (position)`.execute(db);
  await sql`create index audit_event_pending_idx on audit_event (seq) where hash is null`.execute(db);
  await sql`create unique index audit_event_collapse_key on audit_event (collapse_key)
    where collapse_key is not null and hash is null`.execute(db);
  await sql`alter table audit_event add constraint audit_event_sealed_whole check (
    (hash is null and prev_hash is null and position is null) or (hash is not null and prev_hash is not null and position is not null))`.execute(
    db,
  );

  await sql`
    create function audit_event_guard() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' then
        raise exception 'audit_event is append-only: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end if;
      if old.hash is not null then
        raise exception 'audit_event is append-only: sealed event % cannot change', old.seq using errcode = 'insufficient_privilege';
      end if;
      if (new.seq, new.id, new.clinic_id, new.user_id, new.user_role, new.action, new.resource_type, new.resource_id,
          new.patient_id, new.occurred_at, new.client_ip, new.outcome, new.detail, new.collapse_key, new.window_ends_at)
         is distinct from
         (old.seq, old.id, old.clinic_id, old.user_id, old.user_role, old.action, old.resource_type, old.resource_id,
          old.patient_id, old.occurred_at, old.client_ip, old.outcome, old.detail, old.collapse_key, old.window_ends_at) then
        raise exception 'audit_event is append-only: only the access count and last-seen time of an unsealed event may change'
          using errcode = 'insufficient_privilege';
      end if;
      if new.access_count < old.access_count or new.last_seen_at < old.last_seen_at then
        raise exception 'audit_event is append-only: an access count only grows' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`drop trigger audit_event_no_update on audit_event`.execute(db);
  await sql`create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_guard()`.execute(db);

  await sql`create table audit_chain_head (
    singleton boolean primary key default true check (singleton),
    position bigint not null,
    seq bigint,
    hash text not null,
    updated_at timestamptz not null default now())`.execute(db);
  await sql`insert into audit_chain_head (position, seq, hash)
    select coalesce(max(position), 0),
           (select seq from audit_event where position = (select max(position) from audit_event)),
           coalesce((select hash from audit_event where position = (select max(position) from audit_event)), repeat('0', 64))
    from audit_event`.execute(db);
  // The head only moves forward, onto a sealed event with that hash, and is never removed.
  await sql`
    create function audit_chain_head_guard() returns trigger language plpgsql as $$
    begin
      if tg_op <> 'UPDATE' then
        raise exception 'audit_chain_head cannot be removed: % is not allowed', tg_op using errcode = 'insufficient_privilege';
      end if;
      if new.position < old.position then
        raise exception 'audit_chain_head only moves forward' using errcode = 'insufficient_privilege';
      end if;
      if not exists (select 1 from audit_event e where e.position = new.position and e.seq = new.seq and e.hash = new.hash) then
        raise exception 'audit_chain_head must point at a sealed event' using errcode = 'insufficient_privilege';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger audit_chain_head_guard_row before update or delete on audit_chain_head
    for each row execute function audit_chain_head_guard()`.execute(db);
  await sql`create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
    for each statement execute function audit_chain_head_guard()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists audit_chain_head`.execute(db);
  await sql`drop function if exists audit_chain_head_guard()`.execute(db);
  await sql`drop trigger if exists audit_event_no_update on audit_event`.execute(db);
  await sql`create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_refuse_change()`.execute(db);
  await sql`drop function if exists audit_event_guard()`.execute(db);
  await sql`alter table audit_event drop constraint if exists audit_event_sealed_whole`.execute(db);
  await sql`drop index if exists audit_event_collapse_key`.execute(db);
  await sql`drop index if exists audit_event_pending_idx`.execute(db);
  await sql`drop index if exists audit_event_position_key`.execute(db);
  await sql`alter table audit_event drop column position, drop column last_seen_at, drop column access_count,
    drop column collapse_key, drop column window_ends_at`.execute(db);
}
