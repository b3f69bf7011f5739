/**
 * What travels on the clinic's live channel: which clinic, what kind of change (a topic) and, when there is one,
 * which treatment session. Never patient data: a NOTIFY payload is visible to anyone who can LISTEN on the
 * database, and it is only a hint to refetch the board snapshot, which is where the data (and its audit) lives.
 */
import { isUuid } from '../db/uuids.js';

/** Topics are short kebab-case words chosen by the publishing module ('vitals', 'alert', 'phase', …). */
const TOPIC_PATTERN = /^[a-z][a-z0-9-]{0,39}$/;

/**
 * The topic the listener sends its own subscribers after it lost and regained the database connection: events may
 * have been missed, so every board refetches. Publishers may not use it.
 */
export const RESYNC_TOPIC = 'resync';

/**
 * Published when staff sessions were ended by an action other than their own sign-out (a deactivation, a password
 * change ending the other sessions): every open event stream of the clinic re-checks its own session at once and
 * closes if it ended (HIPAA 164.312(a)(2)(iii)). It carries no id; it is not forwarded to browsers.
 */
export const SESSIONS_ENDED_TOPIC = 'sessions-ended';

/** What a module publishes. */
export interface ClinicEventInput {
  readonly topic: string;
  readonly sessionId?: string | null | undefined;
}

/** What subscribers receive. */
export interface ClinicEvent {
  /** Unique per publish: the SSE `id:` line, and how the benchmark matches deliveries to publishes. */
  readonly id: string;
  readonly clinicId: string;
  readonly topic: string;
  readonly sessionId: string | null;
}

export class InvalidClinicEventError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidClinicEventError';
  }
}

/** Builds the event to publish, refusing anything that is not an id or a topic. */
export function clinicEvent(id: string, clinicId: string, input: ClinicEventInput): ClinicEvent {
  if (!isUuid(id)) throw new InvalidClinicEventError('id', 'must be a UUID');
  if (!isUuid(clinicId)) throw new InvalidClinicEventError('clinicId', 'must be a UUID');
  if (typeof input.topic !== 'string' || !TOPIC_PATTERN.test(input.topic)) {
    throw new InvalidClinicEventError('topic', 'must be a lower-case kebab-case word of at most 40 characters');
  }
  if (input.topic === RESYNC_TOPIC)
    throw new InvalidClinicEventError('topic', `"${RESYNC_TOPIC}" is reserved for the listener`);
  const sessionId = input.sessionId ?? null;
  if (sessionId !== null && !isUuid(sessionId)) throw new InvalidClinicEventError('sessionId', 'must be a UUID');
  return { id, clinicId, topic: input.topic, sessionId };
}

/** The NOTIFY payload: a small JSON object (PostgreSQL refuses payloads of 8000 bytes or more; this is ~150). */
export function encodeClinicEvent(event: ClinicEvent): string {
  return JSON.stringify({
    v: 1,
    id: event.id,
    clinicId: event.clinicId,
    topic: event.topic,
    sessionId: event.sessionId,
  });
}

/** Reads a NOTIFY payload back; anything else on the channel (another version, garbage) gives undefined. */
export function decodeClinicEvent(payload: string): ClinicEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { v, id, clinicId, topic, sessionId } = value as Record<string, unknown>;
  if (v !== 1 || typeof id !== 'string' || typeof clinicId !== 'string' || typeof topic !== 'string') return undefined;
  if (sessionId !== null && typeof sessionId !== 'string') return undefined;
  try {
    return clinicEvent(id, clinicId, { topic, sessionId });
  } catch {
    return undefined;
  }
}

/** Wait before the n-th reconnection attempt (0-based): doubling from `initialMs` up to `maxMs`, with ±20% jitter. */
export function reconnectDelayMs(
  attempt: number,
  options: { initialMs: number; maxMs: number },
  random: number,
): number {
  const base = Math.min(options.maxMs, options.initialMs * 2 ** Math.min(attempt, 30));
  return Math.round(base * (0.8 + 0.4 * random));
}
