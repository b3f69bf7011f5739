/**
 * Webhook endpoints, managed by a clinic admin (issue 15): register (the signing secret is in that answer only),
 * list, change (URL, events, enabled), rotate the secret, and read the delivery log. Every change is audited.
 */
import { randomUUID } from 'node:crypto';
import type {
  CreatedWebhookEndpointDto,
  CreateWebhookEndpointBody,
  UpdateWebhookEndpointBody,
  WebhookAttemptDto,
  WebhookEndpointDto,
} from '../../../contract/webhooks.js';
import { isLoopbackHost } from '../../config/config.js';
import type { OutboxStatus } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { WEBHOOK_EVENT_TYPES } from './webhook-events.js';
import { newWebhookSecret } from './webhook-signature.js';
import type { WebhookEndpointRow, WebhooksRepository } from './webhooks.repository.js';

export function toWebhookEndpointDto(row: WebhookEndpointRow): WebhookEndpointDto {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.events,
    secretHint: row.secretHint,
    enabled: row.isEnabled,
    createdAt: row.createdAt.toISOString(),
    createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** An https URL, or http to this machine only (a receiver beside the server, tests); the reason when it is not. */
export function webhookUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return 'must start with https:// (http:// is accepted only for localhost)';
}

/** What the delivery log asks the outbox module. */
export interface DeliveryStates {
  deliveryStates(
    clinicId: string,
    ids: readonly string[],
  ): Promise<Map<string, { status: OutboxStatus; nextAttemptAt: Date }>>;
}

export class WebhooksService {
  constructor(
    private readonly repository: WebhooksRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    /** The outbox module: each delivery's current state, for the log. */
    private readonly outbox: DeliveryStates,
  ) {}

  async list(ctx: RequestContext) {
    return {
      items: (await this.repository.list(ctx.principal.clinicId)).map(toWebhookEndpointDto),
      eventTypes: [...WEBHOOK_EVENT_TYPES],
    };
  }

  async create(ctx: RequestContext, input: CreateWebhookEndpointBody): Promise<CreatedWebhookEndpointDto> {
    const url = this.checkedUrl(input.url);
    const now = this.clock();
    const secret = newWebhookSecret();
    const row = await this.transact(async (trx) => {
      const inserted = await this.repository.insert(trx, {
        id: randomUUID(),
        clinicId: ctx.principal.clinicId,
        url,
        description: input.description?.trim() ?? '',
        events: input.events,
        secret,
        secretHint: secret.slice(-4),
        createdBy: ctx.principal.userId,
        createdAt: now,
      });
      await this.audit.record(
        ctx,
        {
          action: 'create',
          resourceType: 'WebhookEndpoint',
          resourceId: inserted.id,
          occurredAt: now,
          detail: { events: inserted.events, host: new URL(url).host },
        },
        trx,
      );
      return inserted;
    });
    return { endpoint: toWebhookEndpointDto(row), secret };
  }

  async update(ctx: RequestContext, id: string, input: UpdateWebhookEndpointBody): Promise<WebhookEndpointDto> {
    const url = input.url === undefined ? undefined : this.checkedUrl(input.url);
    const now = this.clock();
    return this.transact(async (trx) => {
      const row = await this.repository.update(
        trx,
        ctx.principal.clinicId,
        id,
        {
          ...(url !== undefined ? { url } : {}),
          ...(input.description !== undefined ? { description: input.description.trim() } : {}),
          ...(input.events ? { events: input.events } : {}),
          ...(input.enabled !== undefined ? { isEnabled: input.enabled } : {}),
        },
        now,
      );
      if (!row) throw new NotFoundError('No such webhook endpoint in this clinic.');
      await this.audit.record(
        ctx,
        {
          action: 'update',
          resourceType: 'WebhookEndpoint',
          resourceId: id,
          occurredAt: now,
          detail: { changed: Object.keys(input), enabled: row.isEnabled, events: row.events },
        },
        trx,
      );
      return toWebhookEndpointDto(row);
    });
  }

  /** A new secret, shown this once; deliveries from now on are signed with it. */
  async rotateSecret(ctx: RequestContext, id: string): Promise<CreatedWebhookEndpointDto> {
    const now = this.clock();
    const secret = newWebhookSecret();
    return this.transact(async (trx) => {
      const row = await this.repository.update(
        trx,
        ctx.principal.clinicId,
        id,
        { secret, secretHint: secret.slice(-4) },
        now,
      );
      if (!row) throw new NotFoundError('No such webhook endpoint in this clinic.');
      await this.audit.record(
        ctx,
        { action: 'rotate-secret', resourceType: 'WebhookEndpoint', resourceId: id, occurredAt: now },
        trx,
      );
      return { endpoint: toWebhookEndpointDto(row), secret };
    });
  }

  /** The delivery log: every attempt, newest first (event, status code, error, time; no payload). */
  async deliveries(
    ctx: RequestContext,
    query: { endpointId?: string | undefined; limit?: number | undefined },
  ): Promise<{ items: WebhookAttemptDto[] }> {
    const rows = await this.repository.attempts(ctx.principal.clinicId, {
      endpointId: query.endpointId,
      limit: query.limit ?? 200,
    });
    const states = await this.outbox.deliveryStates(
      ctx.principal.clinicId,
      rows.map((r) => r.outboxId),
    );
    await this.audit.record(ctx, {
      action: 'search',
      resourceType: 'WebhookDelivery',
      detail: { count: rows.length, ...(query.endpointId ? { endpointId: query.endpointId } : {}) },
    });
    return {
      items: rows.flatMap((r) => {
        const state = states.get(r.outboxId);
        // An attempt's delivery is an outbox row of the same clinic (deleted only with the clinic).
        if (!state) return [];
        return [
          {
            id: r.id,
            deliveryId: r.outboxId,
            endpointId: r.endpointId,
            event: r.eventType,
            attempt: r.attempt,
            attemptedAt: r.attemptedAt.toISOString(),
            statusCode: r.statusCode,
            error: r.error,
            durationMs: r.durationMs,
            deliveryStatus: state.status,
            nextAttemptAt: state.status === 'pending' ? state.nextAttemptAt.toISOString() : null,
          },
        ];
      }),
    };
  }

  private checkedUrl(text: string): string {
    const problem = webhookUrlProblem(text.trim());
    if (problem) throw new BadRequestError(`The URL ${problem}.`, [{ field: 'url', message: problem }]);
    return text.trim();
  }
}
