import type { Citation } from '../shared/citation.js';
import { DomainValidationError, RuleViolationError, type FieldIssue } from '../shared/validation.js';
import { esketamineDose } from '../dosing/esketamine.js';
import { roundTo } from '../dosing/numbers.js';
import {
  fromDayNumber,
  toDayNumber,
  toMinuteOfDay,
  weekdayOf,
  type IsoDate,
  type Weekday,
} from '../scheduling/dates.js';
import { WEEKDAY_NAMES, openMinutesOn, validateClinicHours, type ClinicHours } from '../scheduling/clinic-hours.js';
import { getProtocol } from './definitions.js';
import { protocolNeedsWeight } from './plans.js';
import {
  setting,
  type MissedSessionRule,
  type PhaseName,
  type Protocol,
  type ProtocolId,
  type Route,
} from './protocol.js';
import { reviewGates, type ReviewGate } from './reviews.js';
import type { Modality } from './modality.js';

export interface PlanPreviewInput {
  /** A protocol id, or a protocol object (e.g. one a clinic adjusted with `applyProtocolSettings`). */
  readonly protocol: ProtocolId | Protocol;
  readonly startDate: IsoDate;
  /** Dosing weight in kg (actual, ideal or adjusted, as the clinic doses); needed for mg/kg protocols. */
  readonly weightKg?: number;
  readonly options?: Readonly<Record<string, unknown>>;
  /** Weekday -> opening hours or 'closed' (see `validateClinicHours`). */
  readonly clinicHours: ClinicHours;
}

export interface PlannedSession {
  readonly number: number;
  readonly date: IsoDate;
  /** Protocol week, 1-based: days 0-6 from the start date are week 1. */
  readonly week: number;
  readonly phase: PhaseName;
  readonly doseMg: number;
  readonly route: Route;
  /** Dosing time: the infusion, the injection or lozenge time, or first to last esketamine device. */
  readonly durationMin: number;
  /** Observation after dosing; chair time = durationMin + monitoringMin. */
  readonly monitoringMin: number;
}

export interface TherapySession {
  readonly date: IsoDate;
  readonly kind: 'preparation' | 'integration';
  /** The dosing session an integration session follows. */
  readonly afterSession?: number;
}

export interface PlanWarning {
  readonly code: 'week-short' | 'course-window-exceeded' | 'course-gap' | 'off-titration-steps';
  readonly message: string;
  readonly sessionNumber?: number;
}

export interface PlanPreview {
  readonly protocolId: ProtocolId;
  readonly protocolVersion: string;
  readonly modality: Modality;
  readonly sessions: readonly PlannedSession[];
  /** KAP only: preparation and integration sessions (no dosing, no chair). */
  readonly therapySessions: readonly TherapySession[];
  readonly warnings: readonly PlanWarning[];
  readonly sources: readonly Citation[];
  /** Reviews a prescriber records before the sessions they hold may be booked (esketamine TRD: end of induction). */
  readonly reviews: readonly ReviewGate[];
  /** What to do when sessions are missed, per phase (esketamine TRD: the label's rule). */
  readonly missedSessions: readonly MissedSessionRule[];
}

type OptionValue = string | number;

function validateOptions(
  protocol: Protocol,
  raw: unknown,
  issues: FieldIssue[],
): Readonly<Record<string, OptionValue>> {
  if (raw === undefined || raw === null) return {};
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    issues.push({ field: 'options', message: 'must be an object' });
    return {};
  }
  const out: Record<string, OptionValue> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const spec = protocol.options[key];
    const field = `options.${key}`;
    if (!spec) {
      issues.push({
        field,
        message: `is not an option of ${protocol.id}; options: ${Object.keys(protocol.options).join(', ') || 'none'}`,
      });
      continue;
    }
    if (value === undefined || value === null) continue;
    if (spec.kind === 'enum') {
      if (!spec.values.includes(value as OptionValue))
        issues.push({ field, message: `must be one of ${spec.values.join(', ')}` });
      else out[key] = value as OptionValue;
    } else if (
      typeof value !== 'number' ||
      !Number.isFinite(value) ||
      value < spec.min ||
      value > spec.max ||
      (spec.integer && !Number.isInteger(value))
    ) {
      issues.push({
        field,
        message: `must be a ${spec.integer ? 'whole ' : ''}number from ${spec.min} to ${spec.max}`,
      });
    } else {
      out[key] = value;
    }
  }
  return out;
}

/** One block of sessions to place: weekly slots, or a series at a fixed interval. */
type Block =
  | {
      readonly kind: 'weekly';
      readonly phase: PhaseName;
      readonly fromWeek: number;
      readonly toWeek: number;
      readonly perWeek: number;
      readonly everyNWeeks: number;
    }
  | {
      readonly kind: 'series';
      readonly phase: PhaseName;
      readonly sessions: number;
      readonly everyDays: number;
      readonly withinDays?: number;
      readonly daily?: boolean;
      readonly firstDay?: number;
    };

/** Preferred day offsets inside a protocol week for n sessions (twice weekly = days 0 and 3, e.g. Mon and Thu). */
const WEEK_OFFSETS: Readonly<Record<number, readonly number[]>> = { 1: [0], 2: [0, 3], 3: [0, 2, 4] };

interface Dosing {
  readonly route: Route;
  readonly monitoringMin: number;
  /** Dose and dosing time of the n-th session (1-based) in the given phase. */
  readonly dose: (sessionNumber: number, phase: PhaseName) => { readonly doseMg: number; readonly durationMin: number };
  /** The longest chair time any session of the plan needs (to find days the clinic is open long enough). */
  readonly maxChairMin: number;
}

function capViolation(code: string, message: string, field: string): RuleViolationError {
  return new RuleViolationError(code, message, field);
}

function mgPerKgAboveCap(mgPerKg: number, cap: number): RuleViolationError {
  return capViolation(
    'dose-above-cap-per-kg',
    `${mgPerKg} mg/kg is above the protocol cap of ${cap} mg/kg`,
    'options.mgPerKg',
  );
}

function spacingBelowMinimum(everyDays: number, minDaysBetween: number): RuleViolationError {
  return capViolation(
    'spacing-below-minimum',
    `sessions ${everyDays} day(s) apart are closer than the protocol minimum of ${minDaysBetween} day(s)`,
    'options.intervalDays',
  );
}

function esketamineDosing(protocol: Protocol, first: number, later: number, maintenance: number): Dosing {
  const monitoringMin = setting(protocol, 'monitoringMin');
  const minutes = (mg: number): number => esketamineDose({ doseMg: mg }).administrationMin;
  return {
    route: 'intranasal',
    monitoringMin,
    dose: (n, phase) => {
      const mg = n === 1 ? first : phase === 'maintenance' ? maintenance : later;
      return { doseMg: mg, durationMin: minutes(mg) };
    },
    maxChairMin: Math.max(minutes(first), minutes(later), minutes(maintenance)) + monitoringMin,
  };
}

function planBlocks(
  protocol: Protocol,
  options: Readonly<Record<string, OptionValue>>,
  weightKg: number | undefined,
  warnings: PlanWarning[],
): { blocks: Block[]; dosing: Dosing; minDaysBetween: number; kap?: { prepLead: number; integrationAfter: number } } {
  const num = (key: string): number | undefined =>
    typeof options[key] === 'number' ? (options[key] as number) : undefined;
  const offSteps = (value: number, unit: string): void => {
    if (protocol.titrationSteps && !protocol.titrationSteps.includes(value)) {
      warnings.push({
        code: 'off-titration-steps',
        message: `${value} ${unit} is not one of the protocol's titration steps (${protocol.titrationSteps.join(', ')})`,
      });
    }
  };
  switch (protocol.id) {
    case 'esketamine-trd': {
      const first = setting(protocol, 'firstDoseMg');
      const induction = num('inductionDoseMg') ?? first;
      const maintenance = num('maintenanceDoseMg') ?? induction;
      const inductionWeeks = setting(protocol, 'inductionWeeks');
      const weeklyWeeks = setting(protocol, 'weeklyMaintenanceWeeks');
      const blocks: Block[] = [
        {
          kind: 'weekly',
          phase: 'induction',
          fromWeek: 1,
          toWeek: inductionWeeks,
          perWeek: setting(protocol, 'inductionSessionsPerWeek'),
          everyNWeeks: 1,
        },
        {
          kind: 'weekly',
          phase: 'maintenance',
          fromWeek: inductionWeeks + 1,
          toWeek: inductionWeeks + weeklyWeeks,
          perWeek: 1,
          everyNWeeks: 1,
        },
      ];
      const extraWeeks = num('maintenanceWeeks') ?? 0;
      if (extraWeeks > 0) {
        const fromWeek = inductionWeeks + weeklyWeeks + 1;
        blocks.push({
          kind: 'weekly',
          phase: 'maintenance',
          fromWeek,
          toWeek: fromWeek + extraWeeks - 1,
          perWeek: 1,
          everyNWeeks: options.maintenanceFrequency === 'weekly' ? 1 : 2,
        });
      }
      return {
        blocks,
        dosing: esketamineDosing(protocol, first, induction, maintenance),
        minDaysBetween: setting(protocol, 'minDaysBetween'),
      };
    }
    case 'esketamine-mdsi': {
      const mg = num('doseMg') ?? setting(protocol, 'defaultDoseMg');
      return {
        blocks: [
          {
            kind: 'weekly',
            phase: 'acute',
            fromWeek: 1,
            toWeek: setting(protocol, 'weeks'),
            perWeek: setting(protocol, 'sessionsPerWeek'),
            everyNWeeks: 1,
          },
        ],
        dosing: esketamineDosing(protocol, mg, mg, mg),
        minDaysBetween: setting(protocol, 'minDaysBetween'),
      };
    }
    case 'iv-ketamine-induction':
    case 'iv-ketamine-maintenance': {
      const mgPerKg = num('mgPerKg') ?? setting(protocol, 'defaultMgPerKg');
      const cap = setting(protocol, 'capMgPerKg');
      if (mgPerKg > cap) throw mgPerKgAboveCap(mgPerKg, cap);
      offSteps(mgPerKg, 'mg/kg');
      const induction = protocol.id === 'iv-ketamine-induction';
      const minDaysBetween = induction
        ? Math.ceil(setting(protocol, 'minHoursBetween') / 24)
        : setting(protocol, 'minDaysBetween');
      const everyDays = num('intervalDays') ?? setting(protocol, induction ? 'targetDaysBetween' : 'intervalDays');
      if (everyDays < minDaysBetween) {
        throw spacingBelowMinimum(everyDays, minDaysBetween);
      }
      const infusionMin = setting(protocol, 'infusionMin');
      const monitoringMin = setting(protocol, 'monitoringMin');
      const doseMg = roundTo((weightKg as number) * mgPerKg, 1);
      return {
        blocks: [
          {
            kind: 'series',
            phase: induction ? 'induction' : 'maintenance',
            sessions: num('sessions') ?? setting(protocol, 'sessions'),
            everyDays,
            ...(induction ? { withinDays: setting(protocol, 'courseWithinDays') } : {}),
          },
        ],
        dosing: {
          route: 'intravenous',
          monitoringMin,
          dose: () => ({ doseMg, durationMin: infusionMin }),
          maxChairMin: infusionMin + monitoringMin,
        },
        minDaysBetween,
      };
    }
    case 'iv-ketamine-pain': {
      const rate = num('mgPerKgPerHour') ?? setting(protocol, 'defaultMgPerKgPerHour');
      const cap = setting(protocol, 'capMgPerKgPerHour');
      if (rate > cap)
        throw capViolation(
          'dose-above-cap-per-kg-per-hour',
          `${rate} mg/kg/h is above the protocol cap of ${cap} mg/kg/h`,
          'options.mgPerKgPerHour',
        );
      offSteps(rate, 'mg/kg/h');
      const hours = setting(protocol, 'infusionHours');
      const monitoringMin = setting(protocol, 'monitoringMin');
      const doseMg = roundTo((weightKg as number) * rate * hours, 1);
      return {
        blocks: [
          {
            kind: 'series',
            phase: 'course',
            sessions: num('sessions') ?? setting(protocol, 'sessions'),
            everyDays: 1,
            daily: true,
          },
        ],
        dosing: {
          route: 'intravenous',
          monitoringMin,
          dose: () => ({ doseMg, durationMin: hours * 60 }),
          maxChairMin: hours * 60 + monitoringMin,
        },
        minDaysBetween: setting(protocol, 'minDaysBetween'),
      };
    }
    case 'kap': {
      const route: Route = options.route === 'intramuscular' ? 'intramuscular' : 'sublingual';
      let doseMg: number;
      let durationMin: number;
      if (route === 'sublingual') {
        const mg = num('doseMg');
        if (mg === undefined)
          throw new DomainValidationError([
            { field: 'options.doseMg', message: 'the prescriber sets the sublingual KAP dose; it is required' },
          ]);
        const cap = setting(protocol, 'capSublingualMg');
        if (mg > cap)
          throw capViolation('dose-above-cap', `${mg} mg is above the protocol cap of ${cap} mg`, 'options.doseMg');
        doseMg = mg;
        durationMin = setting(protocol, 'sublingualHoldMin');
      } else {
        const mgPerKg = num('mgPerKg');
        if (mgPerKg === undefined)
          throw new DomainValidationError([
            { field: 'options.mgPerKg', message: 'the prescriber sets the intramuscular KAP dose; it is required' },
          ]);
        const cap = setting(protocol, 'capIntramuscularMgPerKg');
        if (mgPerKg > cap) throw mgPerKgAboveCap(mgPerKg, cap);
        doseMg = roundTo((weightKg as number) * mgPerKg, 1);
        durationMin = setting(protocol, 'intramuscularDosingMin');
      }
      const minDaysBetween = setting(protocol, 'minDaysBetween');
      const everyDays = num('intervalDays') ?? setting(protocol, 'intervalDays');
      if (everyDays < minDaysBetween) {
        throw spacingBelowMinimum(everyDays, minDaysBetween);
      }
      const monitoringMin = setting(protocol, 'monitoringMin');
      return {
        blocks: [
          { kind: 'series', phase: 'course', sessions: num('sessions') ?? setting(protocol, 'sessions'), everyDays },
        ],
        dosing: {
          route,
          monitoringMin,
          dose: () => ({ doseMg, durationMin }),
          maxChairMin: durationMin + monitoringMin,
        },
        minDaysBetween,
        kap: {
          prepLead: setting(protocol, 'preparationLeadDays'),
          integrationAfter: setting(protocol, 'integrationAfterDays'),
        },
      };
    }
  }
}

/** Minutes of a therapy (non-chair) appointment, used only to find a day the clinic is open. */
const THERAPY_MIN = 60;

/**
 * Previews a treatment plan: dated sessions with dose, route and chair time, plus warnings. Pure: same input,
 * same plan; dates are 'YYYY-MM-DD' strings with no time zone.
 *
 * - Sessions never fall on a day the clinic is closed, nor on a day it is open for less than the session's chair
 *   time (dosing + monitoring). A session moves to the next such day.
 * - Consecutive sessions are at least the protocol's minimum spacing apart (48 h = 2 calendar days).
 * - Weekly protocols (esketamine) place sessions inside each protocol week (days 0-6 from the start date is
 *   week 1), preferring days 0 and 3 for twice weekly; a session that cannot fit inside its week is left out
 *   with a `week-short` warning rather than moved into the next week.
 * - Series protocols (IV, KAP, pain) place sessions every `intervalDays`; the IV induction warns when the series
 *   runs past 21 days, the daily pain course warns about each gap (e.g. a weekend).
 * - Esketamine TRD previews weeks 1-8; `options.maintenanceWeeks` adds weeks from week 9 (every 2 weeks by
 *   default, or weekly), because maintenance is open-ended and set to the lowest frequency that keeps response.
 *   The end-of-induction review (`reviews`) follows the last induction session and holds weeks 5 on until a
 *   prescriber records that treatment continues; `missedSessions` carries the label's missed-session rule.
 * Bad input is a DomainValidationError naming the field; a dose above the protocol cap or spacing below its
 * minimum is a RuleViolationError.
 */
export function previewPlan(input: PlanPreviewInput): PlanPreview {
  const protocol = typeof input.protocol === 'string' ? getProtocol(input.protocol) : input.protocol;
  const issues: FieldIssue[] = [];
  let startDay = 0;
  try {
    startDay = toDayNumber(input.startDate, 'startDate');
  } catch (error) {
    if (error instanceof DomainValidationError) issues.push(...error.issues);
    else throw error;
  }
  let hours: ClinicHours = {};
  try {
    hours = validateClinicHours(input.clinicHours);
  } catch (error) {
    if (error instanceof DomainValidationError) issues.push(...error.issues);
    else throw error;
  }
  const options = validateOptions(protocol, input.options, issues);
  const weightNeeded = protocolNeedsWeight(protocol, options.route);
  if (weightNeeded || input.weightKg !== undefined) {
    const w = input.weightKg;
    if (typeof w !== 'number' || !Number.isFinite(w) || w < 1 || w > 400) {
      issues.push({
        field: 'weightKg',
        message: weightNeeded ? `is needed for ${protocol.id} and must be 1-400 kg` : 'must be 1-400 kg',
      });
    }
  }
  if (issues.length > 0) throw new DomainValidationError(issues);

  const warnings: PlanWarning[] = [];
  const { blocks, dosing, minDaysBetween, kap } = planBlocks(protocol, options, input.weightKg, warnings);

  const fits = (day: number, minutes: number): boolean => openMinutesOn(fromDayNumber(day), hours) >= minutes;
  const longEnough = ([0, 1, 2, 3, 4, 5, 6] as const).filter((d: Weekday) => {
    const h = hours[d];
    return h !== undefined && h !== 'closed' && toMinuteOfDay(h.close) - toMinuteOfDay(h.open) >= dosing.maxChairMin;
  });
  if (longEnough.length === 0) {
    throw new RuleViolationError(
      'no-clinic-day-long-enough',
      `No weekday is open for ${dosing.maxChairMin} minutes, the chair time a ${protocol.id} session needs`,
      'clinicHours',
    );
  }
  /** First day on or after `day` (and before `before`, when given) open long enough. */
  const nextOpen = (day: number, minutes: number, before?: number): number | undefined => {
    for (let d = day; d < (before ?? day + 14); d++) if (fits(d, minutes)) return d;
    return undefined;
  };

  const sessions: PlannedSession[] = [];
  const therapySessions: TherapySession[] = [];
  let previous: number | undefined;
  const place = (day: number, phase: PhaseName): void => {
    const number = sessions.length + 1;
    const { doseMg, durationMin } = dosing.dose(number, phase);
    sessions.push({
      number,
      date: fromDayNumber(day),
      week: Math.floor((day - startDay) / 7) + 1,
      phase,
      doseMg,
      route: dosing.route,
      durationMin,
      monitoringMin: dosing.monitoringMin,
    });
    previous = day;
  };

  let firstSeriesDay = startDay;
  if (kap) {
    const prep = nextOpen(startDay, THERAPY_MIN) as number;
    therapySessions.push({ date: fromDayNumber(prep), kind: 'preparation' });
    firstSeriesDay = prep + kap.prepLead;
  }

  for (const block of blocks) {
    if (block.kind === 'weekly') {
      const offsets = WEEK_OFFSETS[block.perWeek] ?? [0];
      for (let week = block.fromWeek; week <= block.toWeek; week += block.everyNWeeks) {
        const weekStart = startDay + 7 * (week - 1);
        let placed = 0;
        for (const offset of offsets) {
          const earliest =
            previous === undefined ? weekStart + offset : Math.max(weekStart + offset, previous + minDaysBetween);
          const day = nextOpen(earliest, dosing.maxChairMin, weekStart + 7);
          if (day !== undefined) {
            place(day, block.phase);
            placed++;
          }
        }
        if (placed < offsets.length) {
          warnings.push({
            code: 'week-short',
            message: `Week ${week} (from ${WEEKDAY_NAMES[weekdayOf(fromDayNumber(weekStart))]} ${fromDayNumber(weekStart)}): only ${placed} of ${offsets.length} sessions fit the clinic's open days with at least ${minDaysBetween} day(s) between sessions`,
          });
        }
      }
    } else {
      const first = sessions.length;
      for (let i = 0; i < block.sessions; i++) {
        const earliest = previous === undefined ? firstSeriesDay : previous + Math.max(block.everyDays, minDaysBetween);
        const before = previous;
        const day = nextOpen(earliest, dosing.maxChairMin) as number;
        place(day, block.phase);
        if (block.daily && before !== undefined && day - before > block.everyDays) {
          warnings.push({
            code: 'course-gap',
            sessionNumber: sessions.length,
            message: `Session ${sessions.length} is ${day - before} days after the previous one: the clinic is closed in between, so the daily course is interrupted`,
          });
        }
      }
      const placedHere = sessions.slice(first);
      if (block.withinDays !== undefined && placedHere.length > 1) {
        const span =
          toDayNumber((placedHere.at(-1) as PlannedSession).date) -
          toDayNumber((placedHere[0] as PlannedSession).date) +
          1;
        if (span > block.withinDays) {
          warnings.push({
            code: 'course-window-exceeded',
            message: `The ${placedHere.length} sessions span ${span} days, more than the protocol's ${block.withinDays}`,
          });
        }
      }
    }
  }

  if (kap) {
    for (const session of sessions) {
      const day = nextOpen(toDayNumber(session.date) + kap.integrationAfter, THERAPY_MIN) as number;
      therapySessions.push({ date: fromDayNumber(day), kind: 'integration', afterSession: session.number });
    }
  }

  return {
    protocolId: protocol.id,
    protocolVersion: protocol.version,
    modality: protocol.modality,
    sessions,
    therapySessions,
    warnings,
    sources: protocol.sources,
    reviews: reviewGates(protocol, sessions, []),
    missedSessions: protocol.missedSessions ?? [],
  };
}
