import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { GENESIS_HASH, verifyChain, type Canonical } from '../../../domain/audit/hash-chain.js';
import type { Database } from '../../db/schema.js';
import type { AuditEventRow } from '../../db/schema.js';
import type { AuditFilter, AuditRepository } from './audit.repository.js';

export interface AuditActor {
  readonly userId?: string | null;
  readonly clinicId?: string | null;
  readonly role?: string | null;
}

export interface AuditInput {
  readonly actor: AuditActor | undefined;
  /** A verb: read, search, create, update, login, login-failed, acknowledge, export… */
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId?: string | null | undefined;
  readonly patientId?: string | null | undefined;
  readonly outcome?: 'success' | 'denied' | 'failure';
  /** Non-identifying detail only (field names changed, counts, reasons): never patient data. */
  readonly detail?: Record<string, Canonical> | undefined;
  readonly clientIp?: string | null | undefined;
  readonly occurredAt: Date;
}

export type AuditVerification =
  | { intact: true; checked: number }
  | { intact: false; checked: number; brokenAtSeq: number; reason: string };

export class AuditService {
  constructor(private readonly repository: AuditRepository) {}

  record(input: AuditInput, trx?: Transaction<Database>): Promise<void> {
    return this.repository.append({
      id: randomUUID(),
      clinicId: input.actor?.clinicId ?? null,
      userId: input.actor?.userId ?? null,
      userRole: input.actor?.role ?? null,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      patientId: input.patientId ?? null,
      occurredAt: input.occurredAt,
      clientIp: input.clientIp ?? null,
      outcome: input.outcome ?? 'success',
      detail: input.detail ?? {},
    }, trx);
  }

  list(filter: AuditFilter): Promise<AuditEventRow[]> {
    return this.repository.list(filter);
  }

  /** Walks the whole chain from the first event and names the first event that does not fit. */
  async verify(): Promise<AuditVerification> {
    let previous = GENESIS_HASH;
    let checked = 0;
    for await (const page of this.repository.links()) {
      const verdict = verifyChain(page, previous, checked);
      if (!verdict.intact) {
        return { intact: false, checked: verdict.checked, brokenAtSeq: Number(verdict.brokenAt), reason: verdict.reason };
      }
      previous = verdict.lastHash;
      checked = verdict.checked;
    }
    return { intact: true, checked };
  }
}
