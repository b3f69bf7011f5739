import { randomUUID } from 'node:crypto';
import type { QueryCreator, Transaction } from 'kysely';
import { collapseKey, pageViewCollapseKey } from '../../../domain/audit/access-window.js';
import { GENESIS_HASH, chainHashOfCanonical, type Canonical } from '../../../domain/audit/hash-chain.js';
import { Coalescer } from '../../db/coalescer.js';
import type { Database } from '../../db/schema.js';
import type { AuditEventRow } from '../../db/schema.js';
import type {
  AuditAppendQuery,
  AuditCollapse,
  AuditFilter,
  AuditNames,
  AuditRecord,
  AuditRepository,
  SealOutcome,
} from './audit.repository.js';

export interface AuditActor {
  readonly userId?: string | null;
  readonly clinicId?: string | null;
  readonly role?: string | null;
  /** An API token acting (issue 15): recorded as the actor (user_id) with detail `actorKind: api-token`. */
  readonly apiTokenId?: string | undefined;
  /** Set when `apiTokenId` is a SMART backend client's id (detail `actorKind: backend-client`). */
  readonly actorKind?: 'backend-client' | undefined;
  /** The page view the access belongs to: a page view's reads of one patient's record are one event. */
  readonly viewId?: string | undefined;
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

/**
 * Who is acting and from where (docs/adr/0006-audit-context.md): a request's `RequestContext` (http.ts) is one as it
 * is; a job, the command line or an unauthenticated caller (sign-in, a patient's link) gives its own.
 */
export interface AuditContext {
  readonly principal?: AuditActor | undefined;
  readonly clientIp?: string | null | undefined;
}

/**
 * The clinic acting with no signed-in user: one of its jobs, the command line, or a patient through a link the
 * clinic sent (then from the patient's address). The event's actor is the clinic alone.
 */
export function clinicContext(clinicId: string | null, clientIp: string | null = null): AuditContext {
  return { principal: { clinicId }, clientIp };
}

/** No one signed in and no clinic known yet (a failed sign-in, a system job): the event names no actor. */
export function anonymousContext(clientIp: string | null = null): AuditContext {
  return { clientIp };
}

/**
 * What a service states about an access or change: the action, the record and the patient. Who and from where come
 * from the `AuditContext`; when defaults to the audit clock's now (pass `occurredAt` to stamp it with a change's time).
 */
export type AuditEvent = Omit<AuditInput, 'actor' | 'clientIp' | 'occurredAt'> & {
  readonly occurredAt?: Date | undefined;
};

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
  | 'previous-hash-mismatch'
  | 'content-hash-mismatch'
  | 'position-missing'
  | 'events-missing-after-last'
  | 'events-beyond-head'
  | 'head-hash-mismatch'
  | 'anchor-beyond-chain'
  | 'anchor-hash-mismatch';

export type AuditVerification =
  | { intact: true; checked: number; pending: number; head: AuditHeadDto; anchorChecked?: boolean }
  | {
      intact: false;
      checked: number;
      pending: number;
      head: AuditHeadDto;
      brokenAtSeq: number | null;
      brokenAtPosition: number;
      reason: AuditBreakReason;
      anchorChecked?: boolean;
    };

export interface AuditVerifyOptions {
  /** Count only this clinic's events (the chain itself is always checked whole). */
  readonly clinicId?: string | undefined;
  readonly anchor?: AuditAnchorPoint | undefined;
  /** Told after each page of the walk: the chain position reached and the position the walk goes to (CLI progress). */
  readonly onProgress?: ((position: number, of: number) => void) | undefined;
}

/**
 * How long repeat counts of an access already recorded wait before they are written (one statement for all of
 * them): the access itself is on record before its first caller is answered; only the count lags.
 */
export const REPEAT_COUNT_FLUSH_MS = 1_000;

export class AuditService {
  /**
   * Events recorded outside a transaction (reads, searches, denials) are group-committed: whatever was recorded
   * while the previous insert ran is written by the next one, as one multi-row insert in which identical accesses
   * of one window fold into one row.
   */
  private readonly unattached = new Coalescer<{ record: AuditRecord; collapse: AuditCollapse | null }, void>(
    async (_, events) => {
      await this.repository.appendMany(events);
      return events.map(() => undefined);
    },
  );
  /** Collapse keys this instance has recorded, with the end of their window. */
  private readonly recorded = new Map<string, number>();
  /** Repeats of recorded accesses, to be counted on their events by the next `flushRepeats`. */
  private repeats: { record: AuditRecord; collapse: AuditCollapse }[] = [];
  private repeatTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly repository: AuditRepository,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /**
   * Records an access or change for the context's actor and client address. Pass the write's transaction so both
   * commit together (the event is then part of the change: rolled back with it).
   */
  record(ctx: AuditContext, event: AuditEvent, trx?: Transaction<Database>): Promise<void> {
    return this.append(this.inputOf(ctx, event), trx);
  }

  private inputOf(ctx: AuditContext, event: AuditEvent): AuditInput {
    return {
      ...event,
      actor: ctx.principal,
      clientIp: ctx.clientIp ?? null,
      occurredAt: event.occurredAt ?? this.clock(),
    };
  }

  /**
   * The event as one step of the caller's own statement (a data-modifying `with`), for a write that is a single
   * statement: the change and its record commit together, in one round trip to the database (issue 11).
   */
  alongside(ctx: AuditContext, event: AuditEvent): (creator: QueryCreator<Database>) => AuditAppendQuery {
    return this.alongsideAll([{ ctx, event }]);
  }

  /** Several events as one step of the caller's statement: a group-committed write of several requests' changes. */
  alongsideAll(
    entries: readonly { ctx: AuditContext; event: AuditEvent }[],
  ): (creator: QueryCreator<Database>) => AuditAppendQuery {
    const events = entries.map(({ ctx, event }) => stated(this.inputOf(ctx, event)));
    return (creator) => this.repository.appendQuery(creator, events);
  }

  /**
   * Writes one fully stated event (`record` is the way in for services). Takes no lock beyond the row it writes:
   * the event is sealed into the hash chain later (`seal`).
   */
  append(input: AuditInput, trx?: Transaction<Database>): Promise<void> {
    const { record, collapse } = stated(input);
    if (trx) return this.repository.append(record, collapse, trx);
    if (collapse && (this.recorded.get(collapse.key) ?? 0) > input.occurredAt.getTime()) {
      // The same user already read the same thing in this window, and its event is committed: this repeat only
      // adds to its count, which is written with the other repeats of the next second rather than per request.
      this.repeats.push({ record, collapse });
      this.repeatTimer ??= setTimeout(() => {
        void this.flushRepeats().catch(() => undefined);
      }, REPEAT_COUNT_FLUSH_MS).unref();
      return Promise.resolve();
    }
    return this.unattached.submit('', { record, collapse }).then(() => {
      if (!collapse) return;
      if (this.recorded.size >= 50_000) this.forgetEndedWindows(input.occurredAt);
      this.recorded.set(collapse.key, collapse.windowEndsAt.getTime());
    });
  }

  /**
   * Writes the counts of repeated accesses now (on a timer, before the audit log is read, listed, sealed or
   * verified by this instance, and when the server closes). A failed write keeps them for the next turn.
   */
  async flushRepeats(): Promise<void> {
    if (this.repeatTimer) clearTimeout(this.repeatTimer);
    this.repeatTimer = undefined;
    if (this.repeats.length === 0) return;
    const batch = this.repeats;
    this.repeats = [];
    try {
      await this.repository.appendMany(batch);
    } catch (error) {
      this.repeats = [...batch, ...this.repeats];
      throw error;
    }
  }

  private forgetEndedWindows(now: Date): void {
    for (const [key, endsAt] of this.recorded) if (endsAt <= now.getTime()) this.recorded.delete(key);
    if (this.recorded.size >= 50_000) this.recorded.clear();
  }

  async list(filter: AuditFilter): Promise<Array<AuditEventRow & AuditNames>> {
    await this.flushRepeats();
    return this.repository.list(filter);
  }

  /** Chains every sealable event (one sealer per database at a time; see AuditRepository.seal). */
  async seal(now: Date = this.clock()): Promise<SealOutcome> {
    await this.flushRepeats();
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
    await this.flushRepeats();
    const head = await this.repository.head();
    const pending = await this.repository.pendingCount(options.clinicId);
    const anchor = options.anchor;
    const counts = (link: { clinicId: string | null }) =>
      options.clinicId === undefined || link.clinicId === options.clinicId;
    let previous = GENESIS_HASH;
    let position = 0;
    let lastSeq: number | null = null;
    let checked = 0;
    let anchorChecked = false;
    const broken = (
      reason: AuditBreakReason,
      brokenAtPosition: number,
      brokenAtSeq: number | null,
    ): AuditVerification => ({
      intact: false,
      checked,
      pending,
      head,
      brokenAtSeq,
      brokenAtPosition,
      reason,
      ...(anchor ? { anchorChecked } : {}),
    });
    // Up to the head as read above: a sealer running meanwhile (in this or another instance) may append beyond it;
    // those events are checked by the next verification.
    const walkTo = Math.max(head.position, anchor?.position ?? 0);
    for await (const page of this.repository.sealedLinks(walkTo)) {
      for (const link of page) {
        if (link.position !== position + 1) return broken('position-missing', position + 1, null);
        if (link.previousHash !== previous) return broken('previous-hash-mismatch', link.position, link.seq);
        if (chainHashOfCanonical(link.previousHash, link.contentJson) !== link.hash)
          return broken('content-hash-mismatch', link.position, link.seq);
        if (anchor && link.position === anchor.position) {
          if (link.hash !== anchor.hash || (anchor.seq !== null && link.seq !== anchor.seq))
            return broken('anchor-hash-mismatch', link.position, link.seq);
          anchorChecked = true;
        }
        previous = link.hash;
        position = link.position;
        lastSeq = link.seq;
        if (counts(link)) checked += 1;
      }
      options.onProgress?.(position, walkTo);
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

/** The row an event is written as, and the access window it collapses into (none for a change). */
function stated(input: AuditInput): { record: AuditRecord; collapse: AuditCollapse | null } {
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
    detail: input.actor?.apiTokenId
      ? { ...(input.detail ?? {}), actorKind: input.actor.actorKind ?? 'api-token' }
      : (input.detail ?? {}),
  };
  const viewId = input.actor?.apiTokenId ? undefined : input.actor?.viewId;
  const key =
    (viewId ? pageViewCollapseKey(record, viewId, input.occurredAt) : null) ?? collapseKey(record, input.occurredAt);
  const collapse = key ? { key: key.key, windowEndsAt: key.window.endsAt } : null;
  return { record, collapse };
}
