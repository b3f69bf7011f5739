/**
 * Shapes shared across features, mirroring the server's response schemas (the route schemas under src/server/modules).
 * Feature-specific shapes live beside their feature (features/<name>/<name>.api.ts).
 */

import type { Static } from 'typebox';
import type { MeResponseSchema, MfaStateSchema, PermissionName } from '../../contract/auth';
import type { StaffRoleSchema } from '../../contract/common';

/** The staff roles (src/contract/common.ts StaffRoleSchema). */
export type StaffRole = Static<typeof StaffRoleSchema>;

export const ROLE_LABELS: Readonly<Record<StaffRole, string>> = {
  admin: 'Admin',
  prescriber: 'Prescriber',
  nurse: 'Nurse',
  therapist: 'Therapist',
  front_desk: 'Front desk',
};

/** The roles in the server's order (the labels' keys, so the compiler holds the list to StaffRoleSchema). */
export const STAFF_ROLES = Object.keys(ROLE_LABELS) as readonly StaffRole[];

/** Permissions the server grants by role (src/contract/auth.ts PERMISSION_NAMES); /api/auth/me lists the user's own. */
export type Permission = PermissionName;

export type MfaState = Static<typeof MfaStateSchema>;

/** GET /api/auth/me (src/contract/auth.ts MeResponseSchema): the user, the clinic and how it shows dates and times
 * (issue 14), the user's permissions, where sign-in stands, and whether a temporary password must be changed first. */
export type Me = Static<typeof MeResponseSchema>;
