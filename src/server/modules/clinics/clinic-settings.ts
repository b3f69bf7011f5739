/**
 * A clinic's own settings (stored as JSON on the clinic row), with defaults. Security settings live here;
 * clinical parameters live beside their rules in src/domain with citations.
 */
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
}

export const DEFAULT_CLINIC_SETTINGS: ClinicSettings = {
  sessionIdleMinutes: 15,
  sessionAbsoluteHours: 12,
  mfaRequiredRoles: ['admin', 'prescriber'],
  mrnPrefix: 'KC',
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
  };
}
