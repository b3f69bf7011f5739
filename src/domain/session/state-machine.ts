import { assertDeviceMayBeGiven } from '../monitoring/device-schedule.js';
import { DEFAULT_MONITORING_SETTINGS, type MonitoringSettings } from '../monitoring/settings.js';
import type { Citation } from '../shared/citation.js';
import { RuleViolationError } from '../shared/validation.js';
import type { ChecklistResult } from './checklist.js';
import { readTimeline, type SessionEvent } from './events.js';
import { isIvInfusion, modalityName, type TreatmentModality } from './modality.js';

/**
 * The treatment session as a state machine over its administration events. `applySessionEvent(state, event, now)`
 * is pure: it returns the state with the event appended, or the RuleViolationError (with its `code`) that refuses
 * it. The server loads the session's journal, builds the state, calls this, and saves the event it returns; it
 * never decides a transition itself. Like the ledger's `applyEntry` (src/domain/inventory/ledger.ts), the state is
 * never changed in place.
 *
 * Rules, in the order they are judged (the first that fails is the answer):
 *  1. `session-not-active` (409): a cancelled or missed (no-show) booking takes no entry at all.
 *  2. `session-discharged` (409): nothing is given after discharge.
 *  3. `no-dose` (409): dosing needs a prepared dose.
 *  4. `wrong-modality` (422): infusion events for IV ketamine, device events for esketamine nasal spray.
 *  5. `dose-not-verified` (409): where the clinic requires a second person's verification, dosing does not start
 *     before it (ISMP, high-alert medications: independent double checks; a clinic setting).
 *  6. `checklist-blocked` / `checklist-warning-unacknowledged` (409): the pre-session checklist is judged again when
 *     dosing starts; the caller passes its result (`checklist`) for the event's time.
 *  7. `event-before-last` (400): the journal is in time order; an event never precedes the last one recorded.
 *  8. The infusion: started once (`already-started`); a rate change and a pause only while it runs (`not-running`),
 *     a new rate is required (`rate-required`), a pause needs a reason (`pause-reason-required`); a resume only
 *     while paused (`not-paused`); a stop only between start and stop (`not-running`).
 *  9. Esketamine devices: the planned number, 5 minutes apart (`all-devices-given`, `device-too-soon`; SPRAVATO
 *     label, section 2.1); a device given early is accepted with a documented reason (`overrideReason`).
 */

/** Why a pause needs its reason on record. */
export const PAUSE_REASON_CITATION: Citation = {
  source: '21 CFR 1304.22(c) (records of controlled substances administered: the quantity given)',
  detail:
    'A paused infusion delivers less than the prepared dose; the reason on record explains the stop-start and the ' +
    "total given. That the reason is required is this platform's documentation rule, not a regulation's wording.",
  url: 'https://www.ecfr.gov/current/title-21/chapter-II/part-1304/subpart-D/section-1304.22',
  status: 'clinic-default',
};

/** Why a cancelled or missed session takes no entry (and no ledger draw). */
export const ACTIVE_SESSION_CITATION: Citation = {
  source: '21 CFR 1304.22(c) (a controlled substance is recorded as administered to the patient it was given to)',
  detail: 'A cancelled or no-show booking has no patient in the chair: nothing is prepared, drawn or given against it.',
  url: 'https://www.ecfr.gov/current/title-21/chapter-II/part-1304/subpart-D/section-1304.22',
  status: 'regulation',
};

/** The booking statuses in which a session takes no entry. */
export const INACTIVE_SESSION_STATUSES = ['cancelled', 'no-show'] as const;

/** `session-not-active` when a session with this booking status takes no entry, else undefined. */
export function sessionNotActive(status: string): RuleViolationError | undefined {
  return (INACTIVE_SESSION_STATUSES as readonly string[]).includes(status)
    ? new RuleViolationError('session-not-active', `This session is ${status}.`, 'sessionId')
    : undefined;
}

/** The session as the administration rules see it. */
export interface SessionState {
  readonly modality: TreatmentModality;
  /** The booking's status: scheduled, completed, cancelled, no-show. */
  readonly bookingStatus: string;
  readonly isDischarged: boolean;
  /** The prepared dose, if any: its planned devices (esketamine) and whether a second person verified it. */
  readonly dose?: { readonly devices?: number | undefined; readonly isVerified: boolean } | undefined;
  /** The clinic requires a second person's verification of the prepared dose for this modality. */
  readonly verificationRequired: boolean;
  /** The journal's administration events so far (any order; read in time order). */
  readonly events: readonly SessionEvent[];
  readonly monitoring?: MonitoringSettings | undefined;
}

/** An administration event the chair records. */
export type SessionCommand =
  | { readonly type: 'infusion-started'; readonly at: Date; readonly rateMgPerMin: number }
  | { readonly type: 'infusion-rate-changed'; readonly at: Date; readonly rateMgPerMin?: number | undefined }
  | { readonly type: 'infusion-paused'; readonly at: Date; readonly reason?: string | undefined }
  | { readonly type: 'infusion-resumed'; readonly at: Date }
  | { readonly type: 'infusion-stopped'; readonly at: Date; readonly reason?: string | undefined }
  | { readonly type: 'device-administered'; readonly at: Date; readonly overrideReason?: string | undefined };

export interface SessionEventOptions {
  /** The checklist judged at the event's time; required when the event starts dosing (see `startsDosing`). */
  readonly checklist?: ChecklistResult | undefined;
}

/** The state after an event: the event as recorded (reasons trimmed) and what the rules noted about it. */
export interface AppliedSessionState extends SessionState {
  readonly applied: SessionEvent;
  /** A device given before its 5 minutes were up, with the documented reason. */
  readonly deviceOverrideReason?: string;
  /** Which device this was (1-based). */
  readonly deviceNumber?: number;
}

/** Whether `event` starts dosing: the infusion's start, or the first esketamine device. */
export function startsDosing(state: SessionState, event: Pick<SessionCommand, 'type'>): boolean {
  if (event.type === 'infusion-started') return true;
  return (
    event.type === 'device-administered' &&
    readTimeline(state.modality, state.events).devicesAdministeredAt.length === 0
  );
}

/**
 * The pre-session checklist as a gate: `checklist-blocked` while any item blocks, `checklist-warning-unacknowledged`
 * while a warning lacks a prescriber's acknowledgement; each names every item in `issues`. Undefined when it allows.
 */
export function checklistGate(result: ChecklistResult): RuleViolationError | undefined {
  if (result.isBlocked) {
    const blocks = result.items.filter((i) => i.status === 'block');
    return new RuleViolationError(
      'checklist-blocked',
      `The checklist blocks this session: ${blocks.map((b) => `${b.code} (${b.message})`).join('; ')}`,
      undefined,
      blocks.map((b) => ({ field: `checklist.${b.code}`, message: b.message })),
    );
  }
  if (!result.canStart) {
    const warnings = result.items.filter((i) => i.status === 'warn' && !i.acknowledgement);
    return new RuleViolationError(
      'checklist-warning-unacknowledged',
      `A prescriber must acknowledge: ${warnings.map((w) => `${w.code} (${w.message})`).join('; ')}`,
      undefined,
      warnings.map((w) => ({ field: `checklist.${w.code}`, message: w.message })),
    );
  }
  return undefined;
}

const refuse = (code: string, message: string, field?: string): RuleViolationError =>
  new RuleViolationError(code, message, field);

/**
 * Rules 1-5 (active, not discharged, a dose, the modality, the verification): what must hold before the checklist is
 * worth judging. Undefined when they hold.
 */
export function administrationPrecondition(state: SessionState, event: SessionCommand): RuleViolationError | undefined {
  const inactive = sessionNotActive(state.bookingStatus);
  if (inactive) return inactive;
  if (state.isDischarged) return refuse('session-discharged', 'The patient has been discharged.');
  const dose = state.dose;
  if (!dose) return refuse('no-dose', 'Prepare the dose first.');
  const isIv = isIvInfusion(state.modality);
  if (isIv !== (event.type !== 'device-administered')) {
    return new RuleViolationError(
      'wrong-modality',
      `${event.type} does not apply to ${modalityName(state.modality)}.`,
      undefined,
      [{ field: 'event', message: `not for ${state.modality}` }],
    );
  }
  if (startsDosing(state, event) && state.verificationRequired && !dose.isVerified) {
    return refuse(
      'dose-not-verified',
      "The prepared dose needs a second staff member's verification before dosing starts.",
    );
  }
  return undefined;
}

/**
 * Applies one administration event. Returns the new state (with `applied`, the event to record) or the
 * RuleViolationError that refuses it; never throws for a refusal. `now` is when the event is recorded (it bounds
 * nothing here: the caller has already refused a time in the future).
 */
export function applySessionEvent(
  state: SessionState,
  event: SessionCommand,
  now: Date,
  options: SessionEventOptions = {},
): AppliedSessionState | RuleViolationError {
  void now;
  const early = administrationPrecondition(state, event);
  if (early) return early;
  if (startsDosing(state, event) && options.checklist) {
    const gate = checklistGate(options.checklist);
    if (gate) return gate;
  }
  const last = state.events.reduce((m, e) => Math.max(m, e.at.getTime()), 0);
  if (event.at.getTime() < last) {
    return new RuleViolationError('event-before-last', 'at is earlier than the last recorded event.', undefined, [
      { field: 'at', message: `must not be before ${new Date(last).toISOString()}` },
    ]);
  }
  const dose = state.dose;
  if (!dose) return refuse('no-dose', 'Prepare the dose first.');
  const t = readTimeline(state.modality, state.events);
  const next = (
    applied: SessionEvent,
    extra: { deviceOverrideReason?: string; deviceNumber?: number } = {},
  ): AppliedSessionState => ({
    ...state,
    events: [...state.events, applied],
    applied,
    ...extra,
  });
  switch (event.type) {
    case 'infusion-started':
      if (t.infusionStartedAt) return refuse('already-started', 'The infusion has already started.');
      return next({ type: 'infusion-started', at: event.at, rateMgPerMin: event.rateMgPerMin });
    case 'infusion-rate-changed':
      if (!t.isInfusionRunning) return refuse('not-running', 'The infusion is not running.');
      if (event.rateMgPerMin === undefined) {
        return new RuleViolationError('rate-required', 'A new rate is required.', undefined, [
          { field: 'rateMgPerMin', message: 'is required' },
        ]);
      }
      return next({ type: 'infusion-rate-changed', at: event.at, rateMgPerMin: event.rateMgPerMin });
    case 'infusion-paused': {
      if (!t.isInfusionRunning) return refuse('not-running', 'The infusion is not running.');
      const reason = event.reason?.trim();
      if (!reason) {
        return new RuleViolationError('pause-reason-required', 'A pause needs a reason.', undefined, [
          { field: 'reason', message: 'is required for a pause' },
        ]);
      }
      return next({ type: 'infusion-paused', at: event.at, reason });
    }
    case 'infusion-resumed':
      if (!t.isInfusionPaused) return refuse('not-paused', 'The infusion is not paused.');
      return next({ type: 'infusion-resumed', at: event.at });
    case 'infusion-stopped': {
      if (!t.infusionStartedAt || t.infusionEndedAt) return refuse('not-running', 'The infusion is not running.');
      const reason = event.reason?.trim();
      return next({ type: 'infusion-stopped', at: event.at, ...(reason ? { reason } : {}) });
    }
    case 'device-administered': {
      const planned = dose.devices ?? 1;
      let deviceOverrideReason: string | undefined;
      try {
        assertDeviceMayBeGiven(
          t.devicesAdministeredAt,
          planned,
          event.at,
          state.monitoring ?? DEFAULT_MONITORING_SETTINGS,
        );
      } catch (error) {
        const reason = event.overrideReason?.trim();
        if (!(error instanceof RuleViolationError)) throw error;
        if (error.code !== 'device-too-soon' || !reason) return error;
        deviceOverrideReason = reason;
      }
      return next(
        { type: 'device-administered', at: event.at },
        {
          deviceNumber: t.devicesAdministeredAt.length + 1,
          ...(deviceOverrideReason ? { deviceOverrideReason } : {}),
        },
      );
    }
  }
}
