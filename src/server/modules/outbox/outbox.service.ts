import type { OutboxStatus } from '../../db/schema.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { OutboxRepository } from './outbox.repository.js';

/** What the admin sees of the outbox: every message with its delivery, and whether mail and SMS are set up at all. */
export class OutboxService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
    private readonly delivery: { readonly email: boolean; readonly sms: boolean },
  ) {}

  async list(ctx: RequestContext, query: { status?: OutboxStatus | undefined; limit?: number | undefined }) {
    const rows = await this.outbox.list(ctx.principal.clinicId, { status: query.status, limit: query.limit ?? 200 });
    await this.audit.record(ctx, {
      action: 'search',
      resourceType: 'Outbox',
      detail: { count: rows.length, ...(query.status ? { status: query.status } : {}) },
    });
    return {
      delivery: this.delivery,
      messages: rows.map((r) => ({
        ...r,
        nextAttemptAt: r.nextAttemptAt.toISOString(),
        sentAt: r.sentAt ? r.sentAt.toISOString() : null,
        createdAt: r.createdAt.toISOString(),
      })),
    };
  }
}
