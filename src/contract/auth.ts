/** The /api/auth contract (issue 13): sign-in, the second factor, the session the app reads, password change. */
import { Type } from 'typebox';
import { HourCycleSchema } from './clinic.js';
import { StaffRoleSchema } from './common.js';

/**
 * Every permission name GET /api/auth/me may list (what each role is granted is the server's,
 * src/server/auth/permissions.ts; a unit test holds the two lists equal).
 */
export const PERMISSION_NAMES = [
  'patient:read',
  'patient:write',
  'clinical:read',
  'audit:read',
  'user:manage',
  'clinic:manage',
  'api-token:manage',
  'data:import',
  'data:export',
  'webhook:manage',
  'measure:read',
  'measure:write',
  'measure-link:send',
  'alert:read',
  'alert:acknowledge',
  'safety-plan:write',
  'intake:read',
  'intake:write',
  'registration:read',
  'registration:write',
  'eligibility:evaluate',
  'eligibility:decide',
  'consent:collect',
  'plan:read',
  'plan:write',
  'plan:sign',
  'dosing:calculate',
  'schedule:read',
  'schedule:write',
  'chair:manage',
  'ledger:read',
  'ledger:write',
  'ledger:admin',
  'session:read',
  'session:write',
  'session:override',
  'rems:manage',
  'board:read',
  'appointment:read',
  'appointment:write',
  'outbox:read',
  'therapy-note:read',
  'therapy-note:write',
  'dea-form:read',
  'dea-form:send',
] as const;
export type PermissionName = (typeof PERMISSION_NAMES)[number];

/** Where the session stands: complete, waiting for a second-factor code, or waiting for enrolment. */
export const MfaStateSchema = Type.Union([Type.Literal('complete'), Type.Literal('verify'), Type.Literal('enrol')]);

/** POST /api/auth/login */
export const SignInBodySchema = Type.Object(
  { email: Type.String({ minLength: 3, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 200 }) },
  { additionalProperties: false },
);
export const SignInResponseSchema = Type.Object({
  csrfToken: Type.String({ description: 'Send in the x-csrf-token header on every state-changing request.' }),
  mfa: MfaStateSchema,
  mustChangePassword: Type.Boolean({
    description:
      'A temporary password: only POST /api/auth/password (then MFA enrolment) is allowed until it is changed.',
  }),
  user: Type.Object({
    id: Type.String(),
    email: Type.String(),
    displayName: Type.String(),
    role: StaffRoleSchema,
    clinicId: Type.String(),
  }),
});

/** GET /api/auth/me */
export const MeResponseSchema = Type.Object({
  user: Type.Object({
    userId: Type.String(),
    clinicId: Type.String(),
    role: StaffRoleSchema,
    email: Type.String(),
    displayName: Type.String(),
    mfaEnabled: Type.Boolean(),
  }),
  clinic: Type.Object({
    id: Type.String(),
    name: Type.String(),
    isDemo: Type.Boolean(),
    locale: Type.String({ description: "The clinic's locale (BCP 47), for dates, times and numbers" }),
    timeZone: Type.String({
      description: "The clinic's IANA time zone: every date and time is shown on its wall clock",
    }),
    hourCycle: HourCycleSchema,
  }),
  permissions: Type.Array(Type.String()),
  mfa: MfaStateSchema,
  mustChangePassword: Type.Boolean(),
  csrfToken: Type.String(),
});

/** POST /api/auth/mfa/verify: a code from the authenticator or one recovery code. */
export const VerifySecondFactorBodySchema = Type.Object(
  {
    code: Type.Optional(Type.String({ pattern: '^\\d{6}$' })),
    recoveryCode: Type.Optional(Type.String({ maxLength: 40 })),
  },
  { additionalProperties: false },
);

/** POST /api/auth/password */
export const ChangePasswordBodySchema = Type.Object(
  {
    currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
    newPassword: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);
export const ChangePasswordResultSchema = Type.Object({
  endedSessions: Type.Integer({ description: 'How many of my other sessions were signed out' }),
});

/** POST /api/auth/mfa/enrol and /api/auth/mfa/enrol/confirm */
export const EnrolmentStartSchema = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
  qrCodeDataUrl: Type.String(),
});
export const ConfirmEnrolmentBodySchema = Type.Object(
  { code: Type.String({ pattern: '^\\d{6}$' }) },
  { additionalProperties: false },
);
export const RecoveryCodesSchema = Type.Object({ recoveryCodes: Type.Array(Type.String()) });
