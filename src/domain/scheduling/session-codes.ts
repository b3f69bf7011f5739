/**
 * The codes a booked session's workflow speaks: why it was cancelled, and which pre-session reminders staff confirm
 * by hand. Workflow vocabulary, not clinical rules; the server validates against these lists and the web app shows
 * them, both from here.
 */
import type { RequirementCode } from '../protocols/index.js';

/** Why a session is cancelled ('other' needs a note). */
export const CANCEL_REASONS = [
  'no-ride-home',
  'not-fasting',
  'patient-request',
  'patient-unwell',
  'blood-pressure',
  'clinic-closure',
  'staff-unavailable',
  'plan-discontinued',
  'other',
] as const;
export type CancelReason = (typeof CANCEL_REASONS)[number];

/** The reminders staff confirm by hand (consent never is: it comes from the patient's signature). */
export const CONFIRMABLE_REQUIREMENTS = [
  'ride-home',
  'fasting',
  'nasal-medication-timing',
  'rems-enrolled',
] as const satisfies readonly RequirementCode[];
export type ConfirmableRequirement = (typeof CONFIRMABLE_REQUIREMENTS)[number];
