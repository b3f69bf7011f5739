/**
 * A clinic's own settings (stored as JSON on the clinic row), with defaults. Security settings live here;
 * clinical parameters live beside their rules in src/domain with citations.
 */
import { DEFAULT_OUTCOME_SETTINGS, type OutcomeSettings } from '../../../domain/outcomes/index.js';
import {
  DEFAULT_CRISIS_RESOURCES,
  DEFAULT_ESCALATION_SETTINGS,
  DEFAULT_SUICIDE_RISK_ALERT_SETTINGS,
  type CrisisResourceSettings,
  type EscalationSettings,
  type SuicideRiskAlertSettings,
} from '../../../domain/safety/index.js';
import type { ClinicOverrides } from '../../../domain/eligibility/index.js';
import type { WeightBasis } from '../../../domain/dosing/index.js';
import type { ClinicHours } from '../../../domain/scheduling/index.js';
import type { StaffRole } from '../../db/schema.js';

export type HourCycle = 'h12' | 'h23';
export const HOUR_CYCLES: readonly HourCycle[] = ['h12', 'h23'];

export interface ClinicSettings {
  /** Sign-out after this many minutes without a request. */
  readonly sessionIdleMinutes: number;
  /** Sign-out this many hours after sign-in, whatever the activity. */
  readonly sessionAbsoluteHours: number;
  /** Roles that must use a second factor (TOTP). */
  readonly mfaRequiredRoles: readonly StaffRole[];
  /** The clinic's locale (BCP 47, e.g. 'en-US', 'de-DE'): how staff type dates (05/14/1990 or 14.05.1990). */
  readonly locale: string;
  /** How times are shown: 'h12' (9:42 PM) or 'h23' (21:42). Dates and times are shown in the clinic's time zone. */
  readonly hourCycle: HourCycle;
  /** Medical record numbers are this prefix and a six-digit number. */
  readonly mrnPrefix: string;
  /** Home questionnaire links expire after this many hours (clinic default 72). */
  readonly measureLinkHours: number;
  /** Suicide-risk alerts: when they escalate to every prescriber, counted in clinic hours. */
  readonly escalation: EscalationSettings;
  readonly suicideRiskAlerts: SuicideRiskAlertSettings;
  /** Shown with every suicide-risk alert, and at once to a patient who answers positively at home. */
  readonly crisisResources: CrisisResourceSettings;
  readonly outcomes: OutcomeSettings;
  /** Opening hours by weekday ('0' Sunday .. '6' Saturday), local wall clock in the clinic's time zone. */
  readonly clinicHours: ClinicHours;
  /** Which weight mg/kg doses use: actual, ideal (Devine) or adjusted body weight. */
  readonly dosingWeightBasis: WeightBasis;
  /** The clinic's edits to the eligibility rules (`applyClinicOverrides`); empty = the shipped, cited defaults. */
  readonly eligibilityRuleOverrides: ClinicOverrides;
  /** Counts saved changes to `eligibilityRuleOverrides`: the clinic's rule set is `<shipped>+clinic.<revision>`. */
  readonly eligibilityRuleSetRevision: number;
  /** Per protocol id, the clinic's changed settings (`applyProtocolSettings`); empty = the shipped defaults. */
  readonly protocolSettings: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Clinic default: weekdays 08:00-18:00, closed at weekends. An admin sets the real hours. */
export const DEFAULT_CLINIC_HOURS: ClinicHours = {
  1: { open: '08:00', close: '18:00' },
  2: { open: '08:00', close: '18:00' },
  3: { open: '08:00', close: '18:00' },
  4: { open: '08:00', close: '18:00' },
  5: { open: '08:00', close: '18:00' },
};

export const DEFAULT_CLINIC_SETTINGS: ClinicSettings = {
  sessionIdleMinutes: 15,
  sessionAbsoluteHours: 12,
  mfaRequiredRoles: ['admin', 'prescriber'],
  locale: 'en-US',
  hourCycle: 'h12',
  mrnPrefix: 'KC',
  measureLinkHours: 72,
  escalation: DEFAULT_ESCALATION_SETTINGS,
  suicideRiskAlerts: DEFAULT_SUICIDE_RISK_ALERT_SETTINGS,
  crisisResources: DEFAULT_CRISIS_RESOURCES,
  outcomes: DEFAULT_OUTCOME_SETTINGS,
  clinicHours: DEFAULT_CLINIC_HOURS,
  dosingWeightBasis: 'actual',
  eligibilityRuleOverrides: {},
  eligibilityRuleSetRevision: 0,
  protocolSettings: {},
};

export function resolveClinicSettings(stored: Record<string, unknown> | null | undefined): ClinicSettings {
  const s = stored ?? {};
  const positive = (value: unknown, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    sessionIdleMinutes: positive(s.sessionIdleMinutes, DEFAULT_CLINIC_SETTINGS.sessionIdleMinutes),
    sessionAbsoluteHours: positive(s.sessionAbsoluteHours, DEFAULT_CLINIC_SETTINGS.sessionAbsoluteHours),
    mfaRequiredRoles: Array.isArray(s.mfaRequiredRoles)
      ? (s.mfaRequiredRoles as StaffRole[])
      : DEFAULT_CLINIC_SETTINGS.mfaRequiredRoles,
    locale: typeof s.locale === 'string' && isKnownLocale(s.locale) ? s.locale : DEFAULT_CLINIC_SETTINGS.locale,
    hourCycle: s.hourCycle === 'h23' || s.hourCycle === 'h12' ? s.hourCycle : DEFAULT_CLINIC_SETTINGS.hourCycle,
    mrnPrefix:
      typeof s.mrnPrefix === 'string' && /^[A-Z]{1,6}$/.test(s.mrnPrefix)
        ? s.mrnPrefix
        : DEFAULT_CLINIC_SETTINGS.mrnPrefix,
    measureLinkHours: positive(s.measureLinkHours, DEFAULT_CLINIC_SETTINGS.measureLinkHours),
    // Structured clinical settings are stored whole (validated when an admin saves them) or not at all.
    escalation: (s.escalation as EscalationSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.escalation,
    suicideRiskAlerts:
      (s.suicideRiskAlerts as SuicideRiskAlertSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.suicideRiskAlerts,
    crisisResources:
      (s.crisisResources as CrisisResourceSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.crisisResources,
    outcomes: (s.outcomes as OutcomeSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.outcomes,
    clinicHours: (s.clinicHours as ClinicHours | undefined) ?? DEFAULT_CLINIC_SETTINGS.clinicHours,
    dosingWeightBasis:
      s.dosingWeightBasis === 'ideal' || s.dosingWeightBasis === 'adjusted' ? s.dosingWeightBasis : 'actual',
    eligibilityRuleOverrides: (s.eligibilityRuleOverrides as ClinicOverrides | undefined) ?? {},
    eligibilityRuleSetRevision:
      typeof s.eligibilityRuleSetRevision === 'number' && Number.isInteger(s.eligibilityRuleSetRevision)
        ? s.eligibilityRuleSetRevision
        : 0,
    protocolSettings: (s.protocolSettings as ClinicSettings['protocolSettings'] | undefined) ?? {},
  };
}

export function isKnownLocale(tag: string): boolean {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([tag]).length > 0;
  } catch {
    return false;
  }
}
