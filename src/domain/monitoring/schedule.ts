import type { Citation } from '../shared/citation.js';
import { isIvInfusion, type TreatmentModality } from '../session/modality.js';
import { readTimeline, type SessionEvent, type SessionTimeline } from '../session/events.js';
import { MS_PER_MINUTE, addMinutes, assertValidDate, minutesBetween } from '../session/time.js';
import {
  DEFAULT_MONITORING_SETTINGS,
  MONITORING_SETTING_CITATIONS,
  validateMonitoringSettings,
  type MonitoringSettings,
} from './settings.js';

/**
 * Vital-sign due-timers. The schedule is a list of checks with due times, derived from the session's events:
 *  - IV ketamine: every `ivIntervalDuringInfusionMin` from the infusion start while it runs, one at the stop,
 *    then every `ivIntervalAfterInfusionMin` up to the minimum post-infusion time, ending with a pre-discharge check;
 *  - esketamine: at `esketamineFirstCheckMin` (40) after the last device, then every `esketamineRepeatIntervalMin`,
 *    ending with a pre-discharge check at the end of the minimum monitoring time (120 min). While devices are still
 *    being given, the same checks are planned from the expected last device (each remaining device
 *    `esketamineMinutesBetweenDevices` after the previous one, or now if that moment has passed), marked `projected`:
 *    nothing is due during dosing, and the screen says when the first check will be.
 * A patient not yet discharged after the minimum keeps getting checks at the repeat interval.
 * The pre-dose reading belongs to the checklist, not to this schedule.
 */

export type CheckKind =
  'during-infusion' | 'infusion-end' | 'post-infusion' | 'post-dose' | 'pre-discharge' | 'extended-monitoring';

export interface ScheduledCheck {
  /** Stable within a session, e.g. `post-dose@40` (minutes from the anchor). */
  readonly id: string;
  readonly kind: CheckKind;
  readonly dueAt: Date;
  readonly anchor: 'infusion-start' | 'infusion-end' | 'last-device';
  readonly minutesFromAnchor: number;
  readonly label: string;
  readonly citation: Citation;
  /** Esketamine while devices are still being given: the due time is estimated from the expected last device. */
  readonly projected?: boolean;
  /**
   * Only a reading with a blood pressure (systolic and diastolic) satisfies this check: the esketamine ~40-minute
   * reassessment and every pre-discharge check (SPRAVATO label, Dosage and Administration; the REMS Patient
   * Monitoring Form asks for the BP before dosing, at ~40 min and before completion). A heart rate alone does not.
   */
  readonly requiresBloodPressure?: boolean;
}

export type CheckStatus = 'done' | 'upcoming' | 'due' | 'overdue' | 'missed';

export interface CheckState extends ScheduledCheck {
  readonly status: CheckStatus;
  /** The reading that satisfied the check. */
  readonly doneAt?: Date;
  /** The earliest moment a reading counts for this check. */
  readonly windowOpensAt: Date;
  /** When the next check's window opens (undefined for the last one): a check left open past it is missed. */
  readonly windowClosesAt?: Date;
}

export interface DueChecks {
  readonly checks: readonly CheckState[];
  /** The first check still to be done (overdue, due or upcoming), if any. */
  readonly next?: CheckState;
  /** Minutes from now to the next check's due time (negative when overdue). */
  readonly minutesUntilNext?: number;
  readonly overdue: readonly CheckState[];
  readonly missed: readonly CheckState[];
}

function check(
  kind: CheckKind,
  anchor: ScheduledCheck['anchor'],
  anchorAt: Date,
  minutes: number,
  label: string,
  citation: Citation,
): ScheduledCheck {
  return {
    id: `${kind}@${minutes}`,
    kind,
    dueAt: addMinutes(anchorAt, minutes),
    anchor,
    minutesFromAnchor: minutes,
    label,
    citation,
  };
}

function extendedChecks(
  anchor: ScheduledCheck['anchor'],
  anchorAt: Date,
  fromMin: number,
  intervalMin: number,
  horizon: Date | undefined,
  citation: Citation,
): ScheduledCheck[] {
  if (!horizon) return [];
  const out: ScheduledCheck[] = [];
  for (
    let m = fromMin + intervalMin;
    addMinutes(anchorAt, m - intervalMin).getTime() <= horizon.getTime();
    m += intervalMin
  ) {
    out.push(
      check('extended-monitoring', anchor, anchorAt, m, `Vital signs (monitoring extended, +${m} min)`, citation),
    );
  }
  return out;
}

function ivSchedule(t: SessionTimeline, s: MonitoringSettings, horizon: Date | undefined): ScheduledCheck[] {
  const start = t.infusionStartedAt;
  if (!start) return [];
  const out: ScheduledCheck[] = [];
  const during = s.ivIntervalDuringInfusionMin;
  const end = t.infusionEndedAt;
  // Checks fall strictly before the recorded stop. While the infusion runs (stop unknown), plan up to the planned
  // duration (from `dose-prepared`) and up to one interval past `horizon`, whichever is later.
  let lastMin: number;
  if (end) {
    lastMin = minutesBetween(start, end) - 1e-9;
  } else {
    const candidates: number[] = [];
    if (t.plannedDurationMin !== undefined) candidates.push(t.plannedDurationMin - 1e-9);
    if (horizon) candidates.push(minutesBetween(start, horizon) + during);
    lastMin = candidates.length > 0 ? Math.max(...candidates) : during;
  }
  for (let m = during; m <= lastMin; m += during) {
    out.push(
      check(
        'during-infusion',
        'infusion-start',
        start,
        m,
        `Vital signs during infusion (+${m} min)`,
        MONITORING_SETTING_CITATIONS.ivIntervalDuringInfusionMin,
      ),
    );
  }
  if (!end) return out;
  if (s.ivCheckAtInfusionEnd) {
    out.push(
      check(
        'infusion-end',
        'infusion-end',
        end,
        0,
        'Vital signs at the end of the infusion',
        MONITORING_SETTING_CITATIONS.ivCheckAtInfusionEnd,
      ),
    );
  }
  const after = s.ivIntervalAfterInfusionMin;
  const minimum = s.ivMinimumPostInfusionMin;
  for (let m = after; m < minimum; m += after) {
    out.push(
      check(
        'post-infusion',
        'infusion-end',
        end,
        m,
        `Vital signs after infusion (+${m} min)`,
        MONITORING_SETTING_CITATIONS.ivIntervalAfterInfusionMin,
      ),
    );
  }
  if (s.checkBeforeDischarge && minimum > 0) {
    out.push({
      ...check(
        'pre-discharge',
        'infusion-end',
        end,
        minimum,
        'Blood pressure and vital signs before discharge',
        MONITORING_SETTING_CITATIONS.ivMinimumPostInfusionMin,
      ),
      requiresBloodPressure: true,
    });
  }
  out.push(
    ...extendedChecks(
      'infusion-end',
      end,
      Math.max(minimum, 0),
      after,
      t.dischargedAt ? undefined : horizon,
      MONITORING_SETTING_CITATIONS.ivIntervalAfterInfusionMin,
    ),
  );
  return out;
}

/** While devices are still being given: when the last one is expected, and how many remain. */
function expectedLastDevice(
  t: SessionTimeline,
  s: MonitoringSettings,
  horizon: Date | undefined,
): { at: Date; remaining: number } | undefined {
  const last = t.lastDeviceAt;
  const planned = t.plannedDevices;
  if (!last || planned === undefined) return undefined;
  const remaining = planned - t.devicesAdministeredAt.length;
  if (remaining <= 0) return undefined;
  const gap = s.esketamineMinutesBetweenDevices;
  const allowed = addMinutes(last, gap);
  const nextAt = horizon && horizon.getTime() > allowed.getTime() ? horizon : allowed;
  return { at: addMinutes(nextAt, gap * (remaining - 1)), remaining };
}

function esketamineSchedule(t: SessionTimeline, s: MonitoringSettings, horizon: Date | undefined): ScheduledCheck[] {
  if (!t.isDosingComplete) {
    const expected = expectedLastDevice(t, s, horizon);
    if (!expected) return [];
    const note = ` (expected: ${expected.remaining} ${expected.remaining === 1 ? 'device' : 'devices'} still to give)`;
    return plannedEsketamineChecks(expected.at, s, undefined).map((c) => ({
      ...c,
      label: c.label + note,
      projected: true,
    }));
  }
  const anchor = t.dosingEndedAt;
  if (!anchor) return [];
  return plannedEsketamineChecks(anchor, s, t.dischargedAt ? undefined : horizon);
}

function plannedEsketamineChecks(anchor: Date, s: MonitoringSettings, horizon: Date | undefined): ScheduledCheck[] {
  const out: ScheduledCheck[] = [];
  const minimum = s.esketamineMinimumMonitoringMin;
  if (s.esketamineFirstCheckMin < minimum) {
    out.push({
      ...check(
        'post-dose',
        'last-device',
        anchor,
        s.esketamineFirstCheckMin,
        `Blood pressure ${s.esketamineFirstCheckMin} min after dosing`,
        MONITORING_SETTING_CITATIONS.esketamineFirstCheckMin,
      ),
      requiresBloodPressure: true,
    });
    for (
      let m = s.esketamineFirstCheckMin + s.esketamineRepeatIntervalMin;
      m < minimum;
      m += s.esketamineRepeatIntervalMin
    ) {
      out.push(
        check(
          'post-dose',
          'last-device',
          anchor,
          m,
          `Vital signs (+${m} min)`,
          MONITORING_SETTING_CITATIONS.esketamineRepeatIntervalMin,
        ),
      );
    }
  }
  // The label's reassessment before the patient leaves: scheduled for esketamine whatever the settings say
  // (SPRAVATO label, Dosage and Administration; REMS form "BP before completion").
  out.push({
    ...check(
      'pre-discharge',
      'last-device',
      anchor,
      minimum,
      'Blood pressure and vital signs before discharge',
      MONITORING_SETTING_CITATIONS.checkBeforeDischarge,
    ),
    requiresBloodPressure: true,
  });
  out.push(
    ...extendedChecks(
      'last-device',
      anchor,
      minimum,
      s.esketamineRepeatIntervalMin,
      horizon,
      MONITORING_SETTING_CITATIONS.esketamineRepeatIntervalMin,
    ),
  );
  return out;
}

/**
 * The planned checks for a session. With `horizon` (usually `now`), a session running past its minimum
 * monitoring time, or an IV infusion with no recorded end, gets checks up to one interval beyond it.
 * Checks after a recorded discharge are dropped.
 */
export function monitoringSchedule(
  modality: TreatmentModality,
  events: readonly SessionEvent[],
  settings: MonitoringSettings = DEFAULT_MONITORING_SETTINGS,
  horizon?: Date,
): ScheduledCheck[] {
  validateMonitoringSettings(settings);
  if (horizon !== undefined) assertValidDate(horizon, 'horizon');
  const t = readTimeline(modality, events, horizon);
  const checks = isIvInfusion(modality) ? ivSchedule(t, settings, horizon) : esketamineSchedule(t, settings, horizon);
  const sorted = checks.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const dischargedAt = t.dischargedAt;
  return dischargedAt ? sorted.filter((c) => c.dueAt.getTime() <= dischargedAt.getTime()) : sorted;
}

export interface DueChecksInput {
  readonly modality: TreatmentModality;
  readonly events: readonly SessionEvent[];
  readonly now: Date;
  readonly settings?: MonitoringSettings;
}

/**
 * Which checks are done, due, overdue, missed or upcoming at `now`. A reading satisfies a check when it falls in
 * that check's window: from `earlyWindowMin` before its due time until the next check's window opens. A check
 * is `due` from its window opening until `overdueGraceMin` after its due time, then `overdue` until the next
 * check's window opens, after which it is `missed` (kept for the record; the nurse acts on the next one).
 * The end-of-infusion check's window reaches at least `ivInfusionEndWindowMin` past the stop (exclusive), so vital signs taken
 * once the patient is settled after an (early) stop count for it. One reading satisfies one check: checks take
 * readings in order, each the first one in its window not already taken.
 */
export function dueChecks(input: DueChecksInput): DueChecks {
  const now = assertValidDate(input.now, 'now');
  const settings = input.settings ?? DEFAULT_MONITORING_SETTINGS;
  const schedule = monitoringSchedule(input.modality, input.events, settings, now);
  const readingEvents = input.events
    .flatMap((e) =>
      e.type === 'vitals-recorded' && e.at.getTime() <= now.getTime()
        ? [{ at: e.at.getTime(), bp: e.hasBloodPressure === true }]
        : [],
    )
    .sort((a, b) => a.at - b.at);
  const readings = readingEvents.map((r) => r.at);
  const early = settings.earlyWindowMin * MS_PER_MINUTE;
  const grace = settings.overdueGraceMin * MS_PER_MINUTE;
  const nowMs = now.getTime();
  const taken = new Set<number>();

  const checks: CheckState[] = schedule.map((c, i) => {
    const opens = c.dueAt.getTime() - early;
    const following = schedule[i + 1];
    let closes = following ? following.dueAt.getTime() - early : undefined;
    if (c.kind === 'infusion-end' && closes !== undefined) {
      closes = Math.max(closes, c.dueAt.getTime() + settings.ivInfusionEndWindowMin * MS_PER_MINUTE);
    }
    const index = readings.findIndex(
      (r, k) =>
        !taken.has(k) &&
        r >= opens &&
        (closes === undefined || r < closes) &&
        (!c.requiresBloodPressure || readingEvents[k]!.bp),
    );
    const satisfying = index >= 0 ? readings[index] : undefined;
    if (index >= 0) taken.add(index);
    let status: CheckStatus;
    if (satisfying !== undefined) status = 'done';
    else if (nowMs < opens) status = 'upcoming';
    else if (nowMs <= c.dueAt.getTime() + grace) status = 'due';
    else if (closes === undefined || nowMs < closes) status = 'overdue';
    else status = 'missed';
    return {
      ...c,
      status,
      windowOpensAt: new Date(opens),
      ...(closes !== undefined ? { windowClosesAt: new Date(closes) } : {}),
      ...(satisfying !== undefined ? { doneAt: new Date(satisfying) } : {}),
    };
  });

  const next = checks.find((c) => c.status === 'overdue' || c.status === 'due' || c.status === 'upcoming');
  return {
    checks,
    ...(next ? { next, minutesUntilNext: (next.dueAt.getTime() - nowMs) / MS_PER_MINUTE } : {}),
    overdue: checks.filter((c) => c.status === 'overdue'),
    missed: checks.filter((c) => c.status === 'missed'),
  };
}
