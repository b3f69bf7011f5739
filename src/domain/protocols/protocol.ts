import type { Citation } from '../shared/citation.js';
import type { Modality } from './modality.js';

export const PROTOCOL_IDS = [
  'iv-ketamine-induction',
  'iv-ketamine-maintenance',
  'esketamine-trd',
  'esketamine-mdsi',
  'kap',
  'iv-ketamine-pain',
] as const;
export type ProtocolId = (typeof PROTOCOL_IDS)[number];

export type Route = 'intravenous' | 'intramuscular' | 'intranasal' | 'sublingual';
export type PhaseName = 'induction' | 'maintenance' | 'acute' | 'course';

/** Something the patient must have done or confirmed before a session. */
export const REQUIREMENT_CODES = [
  'consent-current',
  'rems-enrolled',
  'ride-home',
  'fasting',
  'nasal-medication-timing',
] as const;
export type RequirementCode = (typeof REQUIREMENT_CODES)[number];

export interface PreSessionRequirement {
  readonly code: RequirementCode;
  /** Short label for the day view, e.g. 'Ride home confirmed'. */
  readonly label: string;
  /** What the patient is told. */
  readonly instructions: string;
  /** `first-session`: needed once, before the first session of the plan. */
  readonly scope: 'every-session' | 'first-session';
  readonly fasting?: { readonly noFoodHours: number; readonly noLiquidsMinutes: number };
  readonly source: Citation;
}

/** A numeric protocol setting: its value, the range a clinic may set, and where the default comes from. */
export interface ProtocolSetting {
  readonly value: number;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** Why `min` is what it is when a source fixes it (e.g. the label's 2-hour monitoring). */
  readonly minReason?: string;
  /** Why `max` is what it is when a source fixes it (e.g. the antidepressant range ends where anaesthetic dosing starts). */
  readonly maxReason?: string;
  /** The source of the range `min`-`max`, when it is not the default's source. */
  readonly rangeSource?: Citation;
  /** Fixed by the label: a clinic cannot change it. */
  readonly locked?: boolean;
  readonly description: string;
  readonly source: Citation;
}

export type OptionSpec =
  | { readonly kind: 'enum'; readonly values: readonly (string | number)[]; readonly description: string }
  | {
      readonly kind: 'number';
      readonly min: number;
      readonly max: number;
      readonly integer?: boolean;
      readonly description: string;
    };

/**
 * A point in the plan where a prescriber must record a review before the sessions after it may be booked, e.g.
 * the SPRAVATO end-of-induction review: evaluate therapeutic benefit before continuing into weeks 5-8.
 */
export interface ProtocolReview {
  readonly code: 'end-of-induction';
  readonly title: string;
  /** The review is due after the last session of this phase and holds every later session. */
  readonly afterPhase: PhaseName;
  readonly instructions: string;
  readonly source: Citation;
}

/** What to do when sessions of a phase are missed. */
export interface MissedSessionRule {
  readonly phase: PhaseName;
  readonly rule: string;
  readonly source: Citation;
}

export interface Protocol {
  readonly id: ProtocolId;
  readonly version: string;
  readonly title: string;
  readonly modality: Modality;
  /** The default route (KAP lets the plan choose sublingual or intramuscular). */
  readonly route: Route;
  readonly summary: string;
  readonly sources: readonly Citation[];
  /** Numeric settings read by the planner; clinic-editable within their ranges (see `applyProtocolSettings`). */
  readonly settings: Readonly<Record<string, ProtocolSetting>>;
  /** Weight-based protocols: the steps a prescriber may titrate through, mg/kg (or mg/kg/h for pain). */
  readonly titrationSteps?: readonly number[];
  /** Options a plan preview accepts, with their ranges. */
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly preSession: readonly PreSessionRequirement[];
  /** Whether a weight is needed to plan doses (true for mg/kg protocols). */
  readonly needsWeight: boolean | 'for-intramuscular';
  /** Reviews a prescriber records before later sessions may be booked. */
  readonly reviews?: readonly ProtocolReview[];
  /** Missed-session rules, per phase. */
  readonly missedSessions?: readonly MissedSessionRule[];
}

/** Reads a setting's value; throws if a protocol lacks it (a programming error, not user input). */
export function setting(protocol: Protocol, name: string): number {
  const s = protocol.settings[name];
  if (!s) throw new Error(`protocol ${protocol.id} has no setting ${name}`);
  return s.value;
}
