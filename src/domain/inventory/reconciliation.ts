import type { IsoInstant, LedgerEntry } from './entries.js';
import { deriveLedger, type Discrepancy, type LedgerState, type SessionLine, type SessionRecord } from './ledger.js';
import type { CountingUnit } from './quantity.js';
import { DEFAULT_LEDGER_CONFIG, type LedgerConfig } from './settings.js';

/**
 * Reconciliation per session: everything a session drew is accounted for, exactly:
 *     drawn = administered + wasted (+ lost, when a loss from the session's custody was reported)
 * for every lot the session drew from. A session that drew and has not yet recorded its administration and waste
 * is unreconciled until it does, and shows on the clinic page.
 */
export type SessionLineReconciliation = SessionLine & {
  /** drawn - administered - wasted - lost: still in hand, unaccounted for. */
  readonly difference: number;
};

export type SessionReconciliation = {
  readonly sessionId: string;
  readonly patientId: string;
  /** The unit of every amount below: ug (ketamine solution) or devices (esketamine). One session uses one unit. */
  readonly unit: CountingUnit;
  readonly firstDrawAt: IsoInstant;
  readonly drawn: number;
  readonly administered: number;
  readonly wasted: number;
  readonly lost: number;
  readonly difference: number;
  readonly reconciled: boolean;
  readonly lines: readonly SessionLineReconciliation[];
};

function reconcile(session: SessionRecord): SessionReconciliation {
  const lines = [...session.lines.values()]
    .filter((l) => l.drawn !== 0 || l.administered !== 0 || l.wasted !== 0 || l.lost !== 0)
    .map((l) => ({ ...l, difference: l.drawn - l.administered - l.wasted - l.lost }))
    .sort((a, b) => a.ndc.localeCompare(b.ndc) || a.lot.localeCompare(b.lot));
  const sum = (f: (l: SessionLineReconciliation) => number): number => lines.reduce((acc, l) => acc + f(l), 0);
  const drawn = sum((l) => l.drawn);
  return {
    sessionId: session.sessionId,
    patientId: session.patientId,
    unit: session.unit,
    firstDrawAt: session.firstDrawAt,
    drawn,
    administered: sum((l) => l.administered),
    wasted: sum((l) => l.wasted),
    lost: sum((l) => l.lost),
    difference: sum((l) => l.difference),
    reconciled: lines.every((l) => l.difference === 0),
    lines,
  };
}

/** The reconciliation of one session from a derived state, or undefined when the session drew nothing. */
export function sessionReconciliation(state: LedgerState, sessionId: string): SessionReconciliation | undefined {
  const session = state.sessions.get(sessionId);
  return session ? reconcile(session) : undefined;
}

/** Sessions with stock still in hand, oldest first. */
export function unreconciledSessionsOf(state: LedgerState): SessionReconciliation[] {
  return [...state.sessions.values()]
    .map(reconcile)
    .filter((r) => !r.reconciled)
    .sort((a, b) => Date.parse(a.firstDrawAt) - Date.parse(b.firstDrawAt) || a.sessionId.localeCompare(b.sessionId));
}

export function reconcileSession(
  entries: Iterable<LedgerEntry>,
  sessionId: string,
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): SessionReconciliation | undefined {
  return sessionReconciliation(deriveLedger(entries, config), sessionId);
}

export function unreconciledSessions(
  entries: Iterable<LedgerEntry>,
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): SessionReconciliation[] {
  return unreconciledSessionsOf(deriveLedger(entries, config));
}

/** Discrepancies opened by counts and not yet resolved by an admin, oldest first. */
export function openDiscrepanciesOf(state: LedgerState): Discrepancy[] {
  return [...state.discrepancies.values()]
    .filter((d) => d.status === 'open')
    .sort((a, b) => a.countSequence - b.countSequence || a.ndc.localeCompare(b.ndc) || a.lot.localeCompare(b.lot));
}

export function openDiscrepancies(
  entries: Iterable<LedgerEntry>,
  config: LedgerConfig = DEFAULT_LEDGER_CONFIG,
): Discrepancy[] {
  return openDiscrepanciesOf(deriveLedger(entries, config));
}
