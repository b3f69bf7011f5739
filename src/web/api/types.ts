/**
 * Shapes shared across features, mirroring the server's response schemas (the route schemas under src/server/modules).
 * Feature-specific shapes live beside their feature (features/<name>/<name>.api.ts).
 */

import type { Static } from 'typebox';
import type { StaffRoleSchema } from '../../contract/common';

/** The staff roles (src/contract/common.ts StaffRoleSchema). */
export type StaffRole = Static<typeof StaffRoleSchema>;

export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'prescriber', 'nurse', 'therapist', 'front_desk'];

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  admin: 'Admin',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  front_desk: 'Front desk',
};

/** Permissions the server grants by role (src/server/auth/permissions.ts); /api/auth/me lists the user's own. */
export type Permission =
  | 'patient:read' | 'patient:write' | 'clinical:read' | 'audit:read' | 'user:manage' | 'clinic:manage' | 'api-token:manage' | 'data:import' | 'data:export' | 'webhook:manage'
  | 'measure:read' | 'measure:write' | 'measure-link:send' | 'alert:read' | 'alert:acknowledge' | 'safety-plan:write'
  | 'intake:read' | 'intake:write' | 'registration:read' | 'registration:write' | 'eligibility:evaluate' | 'eligibility:decide' | 'consent:collect' | 'plan:read' | 'plan:write' | 'plan:sign'
  | 'dosing:calculate' | 'schedule:read' | 'schedule:write' | 'chair:manage'
  | 'ledger:read' | 'ledger:write' | 'ledger:admin'
  | 'session:read' | 'session:write' | 'session:override' | 'rems:manage'
  | 'board:read'
  | 'appointment:read' | 'appointment:write' | 'outbox:read'
  | 'therapy-note:read' | 'therapy-note:write' | 'dea-form:read' | 'dea-form:send';

export type MfaState = 'complete' | 'verify' | 'enrol';

/** GET /api/auth/me */
export interface Me {
  readonly user: {
    readonly userId: string;
    readonly clinicId: string;
    readonly role: StaffRole;
    readonly email: string;
    readonly displayName: string;
    readonly mfaEnabled: boolean;
  };
  readonly clinic: {
    readonly id: string; readonly name: string; readonly isDemo: boolean;
    /** How the clinic shows dates and times (issue 14): its locale, time zone and 12- or 24-hour clock. */
    readonly locale?: string; readonly timeZone?: string; readonly hourCycle?: 'h12' | 'h23';
  };
  readonly permissions: readonly string[];
  readonly mfa: MfaState;
  /** A temporary password: the user must choose their own before anything else (then enrol MFA if required). */
  readonly mustChangePassword?: boolean;
  readonly csrfToken: string;
}
