/** The /api/users contract (issue 13): staff accounts as the API answers them. */
import { Type } from 'typebox';
import { StaffRoleSchema } from './common.js';

export const UserSchema = Type.Object({
  id: Type.String(), email: Type.String(), displayName: Type.String(), role: StaffRoleSchema, mfaEnabled: Type.Boolean(), isActive: Type.Boolean(),
  mustChangePassword: Type.Boolean({ description: 'The account has a temporary password, to be changed at the next sign-in' }),
  deactivatedAt: Type.Union([Type.String(), Type.Null()]),
});

export const CreatedUserSchema = Type.Object({
  ...UserSchema.properties,
  temporaryPassword: Type.Optional(Type.String({ description: 'Generated when no password was given: shown this once only' })),
});

export const TemporaryPasswordSchema = Type.Object({
  ...UserSchema.properties,
  temporaryPassword: Type.String({ description: 'Shown this once only; the user must change it at the next sign-in' }),
});
