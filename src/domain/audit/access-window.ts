import { createHash } from 'node:crypto';
import { canonicalJson, type Canonical } from './hash-chain.js';

/**
 * Repeated reads collapse into one audit event per access window (docs/adr/0005-audit-log-v2.md).
 *
 * A screen that polls a record every few seconds would otherwise write hundreds of identical events an hour. The
 * HIPAA Security Rule asks for "mechanisms that record and examine activity" (45 CFR 164.312(b)), not one row
 * per HTTP request: an event that says "this user read this record N times between first and last seen" answers
 * "who viewed this patient, and when" exactly.
 *
 * The window is fixed: 5 minutes, aligned to the Unix epoch (00:00-00:05, 00:05-00:10 … UTC), per user, action,
 * resource and detail. Identical accesses inside one window are one event with a count; the first access after the
 * window ends starts a new event. Only successful reads by a signed-in user collapse; writes, denials, failures
 * and sign-in events are never collapsed.
 */
export const ACCESS_WINDOW_MS = 5 * 60_000;

/** Actions that only look at data and that a screen may repeat by polling. */
export const COLLAPSIBLE_ACTIONS: ReadonlySet<string> = new Set(['read', 'read-history', 'list', 'search']);

export interface AccessIdentity {
  readonly clinicId: string | null;
  readonly userId: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
  readonly patientId: string | null;
  readonly outcome: string;
  readonly detail: Canonical;
}

export interface AccessWindow {
  readonly startsAt: Date;
  readonly endsAt: Date;
}

export function accessWindow(at: Date, windowMs: number = ACCESS_WINDOW_MS): AccessWindow {
  const start = Math.floor(at.getTime() / windowMs) * windowMs;
  return { startsAt: new Date(start), endsAt: new Date(start + windowMs) };
}

export function isCollapsible(access: AccessIdentity): boolean {
  return access.userId !== null && access.outcome === 'success' && COLLAPSIBLE_ACTIONS.has(access.action);
}

/**
 * The key shared by every identical access in one window, or null when the access is not collapsible. A SHA-256
 * of the canonical identity, so the index stays small and the key carries no identifiers in clear.
 */
export function collapseKey(
  access: AccessIdentity,
  at: Date,
  windowMs: number = ACCESS_WINDOW_MS,
): { key: string; window: AccessWindow } | null {
  if (!isCollapsible(access)) return null;
  const window = accessWindow(at, windowMs);
  const identity: Canonical = {
    clinicId: access.clinicId,
    userId: access.userId,
    action: access.action,
    resourceType: access.resourceType,
    resourceId: access.resourceId,
    patientId: access.patientId,
    detail: access.detail,
    windowStartsAt: window.startsAt.toISOString(),
  };
  return { key: createHash('sha256').update(canonicalJson(identity)).digest('hex'), window };
}

/**
 * The key shared by the reads of one page view of one patient's record, or null when the access is not a
 * collapsible read of a patient's data. Opening a patient's page asks the server for the patient, the intake, the
 * plans, the scores... and each answer is audited: with the page view's id they are one event, the first read,
 * counting the others (docs/adr/0005-audit-log-v2.md, "One page view, one event"). The user and the patient stay
 * in the key, so "who viewed this patient, and when" stays exact; the window stays too, so a page left open for
 * longer than one window is one event per window, and every event can be sealed once its window ends.
 */
export function pageViewCollapseKey(
  access: AccessIdentity,
  viewId: string,
  at: Date,
  windowMs: number = ACCESS_WINDOW_MS,
): { key: string; window: AccessWindow } | null {
  if (!isCollapsible(access) || access.patientId === null) return null;
  const window = accessWindow(at, windowMs);
  const identity: Canonical = {
    pageView: viewId,
    clinicId: access.clinicId,
    userId: access.userId,
    patientId: access.patientId,
    windowStartsAt: window.startsAt.toISOString(),
  };
  return { key: createHash('sha256').update(canonicalJson(identity)).digest('hex'), window };
}
