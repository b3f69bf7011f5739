/**
 * The webhook_endpoint and webhook_attempt tables (migration 20261206160100); this module owns their types (added
 * with `withTables`). Deliveries themselves are outbox rows on the `webhook` channel.
 */
import { sql, type ColumnType, type Generated, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, Timestamp } from '../../db/schema.js';
import type { WebhookEventType } from './webhook-events.js';

export type WebhookEndpointTable = {
  id: string;
  clinicId: string;
  url: string;
  description: string;
  events: ColumnType<WebhookEventType[], string, string>;
  secret: string;
  secretHint: string;
  isEnabled: ColumnType<boolean, boolean | undefined, boolean>;
  createdBy: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
};
export type WebhookAttemptTable = {
  id: Generated<string>;
  clinicId: string;
  outboxId: string;
  endpointId: string;
  eventType: string;
  attempt: number;
  attemptedAt: Timestamp;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
};
export type WebhookTables = { webhookEndpoint: WebhookEndpointTable; webhookAttempt: WebhookAttemptTable };
export type WebhookEndpointRow = Selectable<WebhookEndpointTable>;
export type WebhookAttemptRow = Selectable<WebhookAttemptTable>;

type Db = Kysely<Database & WebhookTables>;
type Trx = Transaction<Database> | Kysely<Database>;

export class WebhooksRepository {
  private readonly db: Db;
  constructor(db: Kysely<Database>) {
    this.db = db.withTables<WebhookTables>();
  }

  private with(trx: Trx): Db {
    return trx.withTables<WebhookTables>() as Db;
  }

  list(clinicId: string): Promise<WebhookEndpointRow[]> {
    return this.db
      .selectFrom('webhookEndpoint')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .orderBy('createdAt', 'desc')
      .orderBy('id')
      .execute();
  }

  find(clinicId: string, id: string, trx?: Trx): Promise<WebhookEndpointRow | undefined> {
    return (trx ? this.with(trx) : this.db)
      .selectFrom('webhookEndpoint')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The endpoint a delivery goes to, whatever its clinic (the worker serves every clinic). */
  findForDelivery(id: string): Promise<WebhookEndpointRow | undefined> {
    return this.db.selectFrom('webhookEndpoint').selectAll().where('id', '=', id).executeTakeFirst();
  }

  insert(
    trx: Trx,
    row: {
      id: string;
      clinicId: string;
      url: string;
      description: string;
      events: WebhookEventType[];
      secret: string;
      secretHint: string;
      createdBy: string;
      createdAt: Date;
    },
  ) {
    return this.with(trx)
      .insertInto('webhookEndpoint')
      .values({ ...row, events: JSON.stringify(row.events), isEnabled: true, updatedAt: row.createdAt })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  update(
    trx: Trx,
    clinicId: string,
    id: string,
    change: {
      url?: string;
      description?: string;
      events?: WebhookEventType[];
      isEnabled?: boolean;
      secret?: string;
      secretHint?: string;
    },
    at: Date,
  ) {
    const { events, ...rest } = change;
    return this.with(trx)
      .updateTable('webhookEndpoint')
      .set({ ...rest, ...(events ? { events: JSON.stringify(events) } : {}), updatedAt: at })
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** Enabled endpoints of `clinicId` subscribed to `event`, inside the event's transaction. */
  subscribers(trx: Trx, clinicId: string, event: WebhookEventType): Promise<Array<{ id: string }>> {
    return this.with(trx)
      .selectFrom('webhookEndpoint')
      .select('id')
      .where('clinicId', '=', clinicId)
      .where('isEnabled', '=', true)
      .where(sql<boolean>`events @> ${JSON.stringify([event])}::jsonb`)
      .orderBy('createdAt')
      .execute();
  }

  recordAttempt(row: Omit<WebhookAttemptRow, 'id'>): Promise<unknown> {
    return this.db.insertInto('webhookAttempt').values(row).execute();
  }

  /** The delivery log: attempts, newest first (the deliveries' current state is the outbox module's). */
  attempts(clinicId: string, filter: { endpointId?: string | undefined; limit: number }) {
    let query = this.db
      .selectFrom('webhookAttempt as a')
      .select([
        'a.id',
        'a.outboxId',
        'a.endpointId',
        'a.eventType',
        'a.attempt',
        'a.attemptedAt',
        'a.statusCode',
        'a.error',
        'a.durationMs',
      ])
      .where('a.clinicId', '=', clinicId);
    if (filter.endpointId) query = query.where('a.endpointId', '=', filter.endpointId);
    return query.orderBy('a.attemptedAt', 'desc').orderBy('a.attempt', 'desc').limit(filter.limit).execute();
  }
}
