/** The /api/users contract (issue 13): staff accounts as the API answers them. */
import { Type } from 'typebox';
import { StaffRoleSchema } from './common.js';

export const UserSchema = Type.Object({
  id: Type.String(),
  email: Type.String(),
  displayName: Type.String(),
  role: StaffRoleSchema,
  mfaEnabled: Type.Boolean(),
  isActive: Type.Boolean(),
  mustChangePassword: Type.Boolean({
    description: 'The account has a temporary password, to be changed at the next sign-in',
  }),
  deactivatedAt: Type.Union([Type.String(), Type.Null()]),
});

export const CreatedUserSchema = Type.Object({
  ...UserSchema.properties,
  temporaryPassword: Type.Optional(
    Type.String({ description: 'Generated when no password was given: shown this once only' }),
  ),
});

export const TemporaryPasswordSchema = Type.Object({
  ...UserSchema.properties,
  temporaryPassword: Type.String({ description: 'Shown this once only; the user must change it at the next sign-in' }),
});

export const UserListSchema = Type.Object({ items: Type.Array(UserSchema) });

/** POST /api/users: without a password the server generates a temporary one and returns it once. */
export const CreateUserBodySchema = Type.Object(
  {
    email: Type.String({ format: 'email', maxLength: 200 }),
    displayName: Type.String({ minLength: 1, maxLength: 100 }),
    role: StaffRoleSchema,
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** PUT /api/users/:id/role */
export const ChangeRoleBodySchema = Type.Object({ role: StaffRoleSchema }, { additionalProperties: false });
