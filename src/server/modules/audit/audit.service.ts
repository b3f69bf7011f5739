import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import { collapseKey } from '../../../domain/audit/access-window.js';
import { GENESIS_HASH, chainHashOfCanonical, type Canonical } from '../../../domain/audit/hash-chain.js';
import type { Database } from '../../db/schema.js';
import type { AuditEventRow } from '../../db/schema.js';
import type { AuditFilter, AuditRecord, AuditRepository, SealOutcome } from './audit.repository.js';

export interface AuditActor {
  readonly userId?: string | null;
  readonly clinicId?: string | null;
  readonly role?: string | null;
  /** An API token acting (issue 15): recorded as the actor (user_id) with detail `actorKind: api-token`. */
  readonly apiTokenId?: string | undefined;
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

/** The head of the sealed chain: its last event's sequence number, its place in the chain, and its hash. */
export interface AuditHeadDto {
  readonly seq: number | null;
  readonly position: number;
  readonly hash: string;
}

/** Where a chain is anchored: a signed checkpoint's head (`ketaclinic audit anchor`). */
export interface AuditAnchorPoint {
  readonly position: number;
  readonly seq: number | null;
  readonly hash: string;
}

export type AuditBreakReason =
  | 'previous-hash-mismatch' | 'content-hash-mismatch' | 'position-missing'
  | 'events-missing-after-last' | 'events-beyond-head' | 'head-hash-mismatch'
  | 'anchor-beyond-chain' | 'anchor-hash-mismatch';

export type AuditVerification =
  | { intact: true; checked: number; pending: number; head: AuditHeadDto; anchorChecked?: boolean }
  | { intact: false; checked: number; pending: number; head: AuditHeadDto; brokenAtSeq: number | null; brokenAtPosition: number; reason: AuditBreakReason; anchorChecked?: boolean };

export interface AuditVerifyOptions {
  /** Count only this clinic's events (the chain itself is always checked whole). */
  readonly clinicId?: string | undefined;
  readonly anchor?: AuditAnchorPoint | undefined;
}

export class AuditService {
  constructor(private readonly repository: AuditRepository, private readonly clock: () => Date = () => new Date()) {}

  /**
   * Records an access or change. Pass the write's transaction so both commit together. Takes no lock beyond the
   * row it writes: the event is sealed into the hash chain later (`seal`).
   */
  record(input: AuditInput, trx?: Transaction<Database>): Promise<void> {
    const record: AuditRecord = {
      id: randomUUID(),
      clinicId: input.actor?.clinicId ?? null,
      userId: input.actor?.apiTokenId ?? input.actor?.userId ?? null,
      userRole: input.actor?.role ?? null,
      action: input.action,
      resourceType: input.resourceType,
      resourceId: input.resourceId ?? null,
      patientId: input.patientId ?? null,
      occurredAt: input.occurredAt,
      clientIp: input.clientIp ?? null,
      outcome: input.outcome ?? 'success',
      detail: input.actor?.apiTokenId ? { ...(input.detail ?? {}), actorKind: 'api-token' } : input.detail ?? {},
    };
    const collapse = collapseKey(record, input.occurredAt);
    return this.repository.append(record, collapse ? { key: collapse.key, windowEndsAt: collapse.window.endsAt } : null, trx);
  }

  list(filter: AuditFilter): Promise<AuditEventRow[]> {
    return this.repository.list(filter);
  }

  /** Chains every sealable event (one sealer per database at a time; see AuditRepository.seal). */
  seal(now: Date = this.clock()): Promise<SealOutcome> {
    return this.repository.seal(now);
  }

  /** Whether the role serving requests could switch the append-only triggers off (warned about at start). */
  servingRole(): Promise<{ owns: boolean; superuser: boolean; role: string }> {
    return this.repository.servingRoleCanDisableTriggers();
  }

  head(): Promise<AuditHeadDto> {
    return this.repository.head();
  }

  /**
   * Walks the sealed chain from its first event, then checks it ends where the head says, and (given an anchor)
   * that the anchored event is still there with the anchored hash. Names the first place that does not fit.
   */
  async verify(options: AuditVerifyOptions = {}): Promise<AuditVerification> {
    const head = await this.repository.head();
    const pending = await this.repository.pendingCount(options.clinicId);
    const anchor = options.anchor;
    const counts = (link: { clinicId: string | null }) => options.clinicId === undefined || link.clinicId === options.clinicId;
    let previous = GENESIS_HASH;
    let position = 0;
    let lastSeq: number | null = null;
    let checked = 0;
    let anchorChecked = false;
    const broken = (reason: AuditBreakReason, brokenAtPosition: number, brokenAtSeq: number | null): AuditVerification =>
      ({ intact: false, checked, pending, head, brokenAtSeq, brokenAtPosition, reason, ...(anchor ? { anchorChecked } : {}) });
    // Up to the head as read above: a sealer running meanwhile (in this or another instance) may append beyond it;
    // those events are checked by the next verification.
    const walkTo = Math.max(head.position, anchor?.position ?? 0);
    for await (const page of this.repository.sealedLinks(walkTo)) {
      for (const link of page) {
        if (link.position !== position + 1) return broken('position-missing', position + 1, null);
        if (link.previousHash !== previous) return broken('previous-hash-mismatch', link.position, link.seq);
        if (chainHashOfCanonical(link.previousHash, link.contentJson) !== link.hash) return broken('content-hash-mismatch', link.position, link.seq);
        if (anchor && link.position === anchor.position) {
          if (link.hash !== anchor.hash || (anchor.seq !== null && link.seq !== anchor.seq)) return broken('anchor-hash-mismatch', link.position, link.seq);
          anchorChecked = true;
        }
        previous = link.hash;
        position = link.position;
        lastSeq = link.seq;
        if (counts(link)) checked += 1;
      }
    }
    if (anchor && position < anchor.position) return broken('anchor-beyond-chain', position + 1, anchor.seq);
    if (head.position > position) return broken('events-missing-after-last', position + 1, head.seq);
    if (head.position < position) return broken('events-beyond-head', head.position + 1, null);
    // Whatever lies beyond the head is either being sealed right now or was written behind the sealer's back: a
    // forged position there also collides with the next seal (positions are unique), which then fails loudly.
    if (head.hash !== previous || head.seq !== lastSeq) return broken('head-hash-mismatch', position, lastSeq);
    return { intact: true, checked, pending, head, ...(anchor ? { anchorChecked } : {}) };
  }
}
