/**
 * Who may do what. Deny by default: a route that declares no access does not start (plugins/access.ts),
 * and a permission not listed here is granted to nobody.
 */
import type { StaffRole } from '../db/schema.js';

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk'];

const ALL = STAFF_ROLES;
const CLINICAL: readonly StaffRole[] = ['admin', 'prescriber', 'nurse', 'therapist'];

export const PERMISSIONS = {
  'patient:read': ALL,
  'patient:write': ['admin', 'prescriber', 'nurse', 'front_desk'],
  'clinical:read': CLINICAL,
  'measure:read': CLINICAL,
  'measure:write': ['prescriber', 'nurse', 'therapist'],
  'measure-link:send': ['prescriber', 'nurse', 'therapist', 'front_desk'],
  /** Every staff member sees open suicide-risk alerts at the top of every page. */
  'alert:read': ALL,
  'alert:acknowledge': ['prescriber', 'nurse'],
  'safety-plan:write': ['prescriber', 'nurse', 'therapist'],
  'audit:read': ['admin'],
  'user:manage': ['admin'],
  'clinic:manage': ['admin'],
  /** API tokens for other systems (issue 15): create, list, revoke. */
  'api-token:manage': ['admin'],
  /** Bringing records in from another system (patients from CSV, a FHIR transaction Bundle) and the whole-clinic export (issue 15). */
  'data:import': ['admin'],
  'data:export': ['admin'],
  /** Webhook endpoints and their delivery log (issue 15): register, change, rotate the secret, read attempts. */
  'webhook:manage': ['admin'],
  /**
   * Intake, eligibility, consent, plans and scheduling (issue 4). The intake's clinical history (diagnoses,
   * psychiatric and medical history, the suicidal-ideation flag, medicines) and the eligibility built on it are
   * read by clinical staff and written by clinicians only; the front desk registers the patient's demographics,
   * contacts, insurance and ride (issue 10, item 16: minimum necessary, 45 CFR 164.502(b) and 164.514(d)).
   */
  'intake:read': CLINICAL,
  'intake:write': ['prescriber', 'nurse'],
  /** Evaluating made-up facts against the rules (no patient data): a calculator anyone on staff may use. */
  'eligibility:evaluate': ALL,
  'registration:read': ALL,
  'registration:write': ['admin', 'prescriber', 'nurse', 'front_desk'],
  'eligibility:decide': ['prescriber'],
  'consent:collect': ['prescriber', 'nurse', 'front_desk'],
  'plan:read': ALL,
  'plan:write': ['prescriber'],
  'plan:sign': ['prescriber'],
  'dosing:calculate': ['prescriber', 'nurse'],
  'schedule:read': ALL,
  'schedule:write': ['admin', 'prescriber', 'nurse', 'front_desk'],
  'chair:manage': ['admin'],
  /** The controlled-substance ledger: who may see it, record stock movements, and do what only an admin may. */
  'ledger:read': ['admin', 'prescriber', 'nurse'],
  'ledger:write': ['prescriber', 'nurse'],
  /** Discrepancy resolution, destruction, loss reports, initial/biennial inventory, products and safes, verify. */
  'ledger:admin': ['admin'],
  /** The treatment day (issue 5): session record, checklist, dose, monitoring, discharge, notes, REMS forms, board. */
  'session:read': CLINICAL,
  'session:write': ['prescriber', 'nurse'],
  /** Acknowledging checklist warnings and overriding discharge criteria. */
  'session:override': ['prescriber'],
  'rems:manage': ['admin', 'prescriber', 'nurse'],
  /** The clinic board and its live channel (GET /api/events): ids and topics of today's sessions, for every staff role. */
  'board:read': ALL,
  /**
   * Appointments beyond plan sessions (issue 14): everyone on staff sees the calendar; the front desk, clinicians and
   * admins book, move and cancel. The outbox (messages to patients, with their addresses) is the admin's.
   */
  'appointment:read': ALL,
  'appointment:write': ALL,
  'outbox:read': ['admin'],
  /**
   * Therapy notes (issue 14): the notes of KAP preparation, dosing-session support and integration sessions are read
   * and written by those who treat the patient, prescribers and therapists; not by the front desk, nurses or admins
   * (minimum necessary, 45 CFR 164.502(b); psychotherapy notes, 45 CFR 164.501).
   */
  'therapy-note:read': ['prescriber', 'therapist'],
  'therapy-note:write': ['prescriber', 'therapist'],
  /** DEA Form 41 / 106 records as PDF (those who see the ledger) and marking them as sent (the admin, as destruction and loss). */
  'dea-form:read': ['admin', 'prescriber', 'nurse'],
  'dea-form:send': ['admin'],
} as const satisfies Record<string, readonly StaffRole[]>;

export type Permission = keyof typeof PERMISSIONS;

/**
 * What a route declares:
 *  - `public`: anyone, signed in or not (health, sign-in, the patient's single-use questionnaire link);
 *  - `signed-in`: any staff member with a complete sign-in (their own profile, sign-out);
 *  - `mfa-pending`: a staff member who has given the password but not yet the second factor;
 *  - `patient-link`: public, but refused (403 `staff-session-on-patient-link`) when the request carries a live staff
 *    session: what arrives through a patient's link is recorded as patient-reported, so it must be the patient's;
 *  - a permission from the table above.
 */
export type RouteAccess = 'public' | 'patient-link' | 'signed-in' | 'mfa-pending' | { readonly permission: Permission };

export function roleHas(role: StaffRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly StaffRole[]).includes(role);
}

export function permissionsOf(role: StaffRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleHas(role, p));
}
