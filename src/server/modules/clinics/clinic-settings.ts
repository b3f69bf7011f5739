/**
 * A clinic's own settings (stored as JSON on the clinic row), with defaults. Security settings live here;
 * clinical parameters live beside their rules in src/domain with citations.
 */
import { DEFAULT_OUTCOME_SETTINGS, type OutcomeSettings } from '../../../domain/outcomes/index.js';
import {
  DEFAULT_CRISIS_RESOURCES, DEFAULT_ESCALATION_SETTINGS, DEFAULT_SUICIDE_RISK_ALERT_SETTINGS,
  type CrisisResourceSettings, type EscalationSettings, type SuicideRiskAlertSettings,
} from '../../../domain/safety/index.js';
import type { StaffRole } from '../../db/schema.js';

export interface ClinicSettings {
  /** Sign-out after this many minutes without a request. */
  readonly sessionIdleMinutes: number;
  /** Sign-out this many hours after sign-in, whatever the activity. */
  readonly sessionAbsoluteHours: number;
  /** Roles that must use a second factor (TOTP). */
  readonly mfaRequiredRoles: readonly StaffRole[];
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
}

export const DEFAULT_CLINIC_SETTINGS: ClinicSettings = {
  sessionIdleMinutes: 15,
  sessionAbsoluteHours: 12,
  mfaRequiredRoles: ['admin', 'prescriber'],
  mrnPrefix: 'KC',
  measureLinkHours: 72,
  escalation: DEFAULT_ESCALATION_SETTINGS,
  suicideRiskAlerts: DEFAULT_SUICIDE_RISK_ALERT_SETTINGS,
  crisisResources: DEFAULT_CRISIS_RESOURCES,
  outcomes: DEFAULT_OUTCOME_SETTINGS,
};

export function resolveClinicSettings(stored: Record<string, unknown> | null | undefined): ClinicSettings {
  const s = stored ?? {};
  const positive = (value: unknown, fallback: number): number =>
    typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;
  return {
    sessionIdleMinutes: positive(s.sessionIdleMinutes, DEFAULT_CLINIC_SETTINGS.sessionIdleMinutes),
    sessionAbsoluteHours: positive(s.sessionAbsoluteHours, DEFAULT_CLINIC_SETTINGS.sessionAbsoluteHours),
    mfaRequiredRoles: Array.isArray(s.mfaRequiredRoles) ? (s.mfaRequiredRoles as StaffRole[]) : DEFAULT_CLINIC_SETTINGS.mfaRequiredRoles,
    mrnPrefix: typeof s.mrnPrefix === 'string' && /^[A-Z]{1,6}$/.test(s.mrnPrefix) ? s.mrnPrefix : DEFAULT_CLINIC_SETTINGS.mrnPrefix,
    measureLinkHours: positive(s.measureLinkHours, DEFAULT_CLINIC_SETTINGS.measureLinkHours),
    // Structured clinical settings are stored whole (validated when an admin saves them) or not at all.
    escalation: (s.escalation as EscalationSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.escalation,
    suicideRiskAlerts: (s.suicideRiskAlerts as SuicideRiskAlertSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.suicideRiskAlerts,
    crisisResources: (s.crisisResources as CrisisResourceSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.crisisResources,
    outcomes: (s.outcomes as OutcomeSettings | undefined) ?? DEFAULT_CLINIC_SETTINGS.outcomes,
  };
}
