import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import type { IsoDate } from '../scheduling/dates.js';
import type { MissedSessionRule, PhaseName, Protocol, ProtocolReview } from './protocol.js';

/** What the prescriber found at a review. */
export const REVIEW_BENEFITS = ['response', 'partial-response', 'no-benefit'] as const;
export type ReviewBenefit = (typeof REVIEW_BENEFITS)[number];
export const REVIEW_DECISIONS = ['continue', 'stop'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export interface RecordedReview {
  readonly code: ProtocolReview['code'];
  readonly decision: ReviewDecision;
  readonly recordedAt: Date;
}

interface SessionLike {
  readonly number: number;
  readonly date: IsoDate;
  readonly phase: PhaseName;
}

export interface ReviewGate {
  readonly code: ProtocolReview['code'];
  readonly title: string;
  readonly instructions: string;
  readonly source: Citation;
  /** The last session of the phase the review closes; the review is due once it has taken place. */
  readonly afterSessionNumber: number;
  /** The planned date of that session: the review cannot be recorded before it. */
  readonly dueFrom: IsoDate;
  /** The sessions it holds until a prescriber records `continue`. */
  readonly holdsSessions: readonly number[];
  /** `pending` until the latest review says continue (`open`) or stop (`stopped`). */
  readonly status: 'pending' | 'open' | 'stopped';
}

/**
 * The protocol's reviews laid over a plan's sessions. Each review follows the last session of its phase and holds
 * every later session until the latest recorded review for it says `continue`. The gates come from the protocol,
 * not from the stored plan, so a plan made before the review existed is held as well.
 * Source: SPRAVATO US PI section 2 (TRD): evaluate therapeutic benefit at the end of the induction phase to
 * determine the need for continued treatment.
 */
export function reviewGates(
  protocol: Protocol,
  sessions: readonly SessionLike[],
  recorded: readonly RecordedReview[],
): ReviewGate[] {
  const gates: ReviewGate[] = [];
  for (const review of protocol.reviews ?? []) {
    const inPhase = sessions.filter((s) => s.phase === review.afterPhase);
    const last = inPhase.at(-1);
    if (!last) continue;
    const holds = sessions.filter((s) => s.number > last.number).map((s) => s.number);
    if (holds.length === 0) continue;
    const latest = [...recorded]
      .filter((r) => r.code === review.code)
      .sort((a, b) => a.recordedAt.getTime() - b.recordedAt.getTime())
      .at(-1);
    gates.push({
      code: review.code,
      title: review.title,
      instructions: review.instructions,
      source: review.source,
      afterSessionNumber: last.number,
      dueFrom: last.date,
      holdsSessions: holds,
      status: latest === undefined ? 'pending' : latest.decision === 'continue' ? 'open' : 'stopped',
    });
  }
  return gates;
}

/** The gate that holds a session (not yet opened by a `continue` review), or undefined when it may be booked. */
export function sessionHeldBy(gates: readonly ReviewGate[], sessionNumber: number): ReviewGate | undefined {
  return gates.find((g) => g.status !== 'open' && g.holdsSessions.includes(sessionNumber));
}

/** The protocol's missed-session rule for a phase, if it has one. */
export function missedSessionRule(protocol: Protocol, phase: PhaseName): MissedSessionRule | undefined {
  return protocol.missedSessions?.find((m) => m.phase === phase);
}

/**
 * The day a review may be recorded from: the planned date of the last session of the phase it closes, or the clinic
 * day that session is booked for when later (a late session moves the end of induction with it). Benefit is
 * evaluated at the end of induction (SPRAVATO US PI section 2), so not before that session.
 */
export function reviewDueFrom(gate: Pick<ReviewGate, 'dueFrom'>, lastSessionBookedOn: IsoDate | undefined): IsoDate {
  return lastSessionBookedOn !== undefined && lastSessionBookedOn > gate.dueFrom ? lastSessionBookedOn : gate.dueFrom;
}

/** A planned session with what became of its bookings. */
export interface PlannedSessionOutcome {
  readonly number: number;
  readonly phase: PhaseName;
  /** Bookings of this session that were cancelled or missed (no-show). */
  readonly cancelledOrMissed: number;
  /** The booking that stands, if any. */
  readonly booking: object | null;
}

/**
 * The protocol's missed-session rule for each phase in which a session was cancelled or missed and not booked again,
 * with those sessions, phases in plan order (SPRAVATO US PI section 2: what to do after missed treatment sessions).
 */
export function missedSessionAdvice(
  protocol: Protocol,
  sessions: readonly PlannedSessionOutcome[],
): Array<MissedSessionRule & { sessions: number[] }> {
  const missed = sessions.filter((s) => s.cancelledOrMissed > 0 && !s.booking);
  const phases = [...new Set(missed.map((s) => s.phase))];
  return phases.flatMap((phase) => {
    const rule = missedSessionRule(protocol, phase);
    return rule ? [{ ...rule, sessions: missed.filter((s) => s.phase === phase).map((s) => s.number) }] : [];
  });
}

export interface ReviewInput {
  readonly code: ProtocolReview['code'];
  readonly benefit: ReviewBenefit;
  readonly decision: ReviewDecision;
  readonly note?: string;
}

/**
 * Checks a review a prescriber records: the code must be a review of the protocol; benefit and decision from
 * their lists; continuing although no benefit was seen needs a note saying why (the label asks whether continued
 * treatment is needed). Every problem names its field.
 */
export function validateReview(protocol: Protocol, input: ReviewInput): ReviewInput {
  const issues: FieldIssue[] = [];
  if (!(protocol.reviews ?? []).some((r) => r.code === input.code))
    issues.push({ field: 'code', message: `${protocol.id} has no review '${input.code}'` });
  if (!(REVIEW_BENEFITS as readonly string[]).includes(input.benefit))
    issues.push({ field: 'benefit', message: `must be one of ${REVIEW_BENEFITS.join(', ')}` });
  if (!(REVIEW_DECISIONS as readonly string[]).includes(input.decision))
    issues.push({ field: 'decision', message: `must be one of ${REVIEW_DECISIONS.join(', ')}` });
  const note = input.note?.trim();
  if (input.benefit === 'no-benefit' && input.decision === 'continue' && !note) {
    issues.push({ field: 'note', message: 'say why treatment continues although no benefit was seen' });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return { code: input.code, benefit: input.benefit, decision: input.decision, ...(note ? { note } : {}) };
}
