/**
 * Webhooks (issue 15, "Integrations"): a clinic admin registers endpoints that are told when a measure is stored, a
 * safety alert is raised or a treatment session is discharged. Each delivery is an outbox row on the new `webhook`
 * channel (recipient = the endpoint's id, body = the signed JSON), queued in the transaction of the event, and every
 * attempt to deliver it is kept in webhook_attempt (status code, error, time): the delivery log.
 *
 *   webhook_endpoint.secret  the signing key. Unlike an API token it must be kept whole (it signs every delivery);
 *                            it is shown to the admin once, at creation or rotation, and never served again.
 *   webhook_endpoint.events  jsonb array of event types: measure.stored, alert.raised, session.discharged
 */
import { sql, type Kysely } from 'kysely';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table outbox drop constraint if exists outbox_channel_check`.execute(db);
  await sql`alter table outbox add constraint outbox_channel_check check (channel in ('email', 'sms', 'webhook'))`.execute(
    db,
  );

  await db.schema
    .createTable('webhook_endpoint')
    .addColumn('id', 'uuid', (c) => c.primaryKey())
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('events', 'jsonb', (c) => c.notNull())
    .addColumn('secret', 'text', (c) => c.notNull())
    .addColumn('secret_hint', 'text', (c) => c.notNull())
    .addColumn('is_enabled', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_by', 'uuid', (c) => c.notNull().references('app_user.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_endpoint_clinic_idx')
    .on('webhook_endpoint')
    .columns(['clinic_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('webhook_attempt')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('clinic_id', 'uuid', (c) => c.notNull().references('clinic.id'))
    .addColumn('outbox_id', 'uuid', (c) => c.notNull().references('outbox.id'))
    .addColumn('endpoint_id', 'uuid', (c) => c.notNull().references('webhook_endpoint.id'))
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('webhook_attempt_endpoint_idx')
    .on('webhook_attempt')
    .columns(['endpoint_id', 'attempted_at'])
    .execute();
  await db.schema.createIndex('webhook_attempt_outbox_idx').on('webhook_attempt').columns(['outbox_id']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_attempt').ifExists().execute();
  await db.schema.dropTable('webhook_endpoint').ifExists().execute();
  await sql`alter table outbox drop constraint if exists outbox_channel_check`.execute(db);
  await sql`alter table outbox add constraint outbox_channel_check check (channel in ('email', 'sms'))`.execute(db);
}
