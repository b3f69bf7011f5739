import { Type } from 'typebox';
import { StaffRoleSchema, errorResponses, requestContext, type App } from '../../http.js';
import type { UsersService } from './users.service.js';

const UserSchema = Type.Object({
  id: Type.String(), email: Type.String(), displayName: Type.String(), role: StaffRoleSchema, mfaEnabled: Type.Boolean(), isActive: Type.Boolean(),
});

export function usersRoutes(service: UsersService) {
  return async function register(app: App): Promise<void> {
    app.get('/api/users', {
      config: { access: { permission: 'user:manage' } },
      schema: { tags: ['users'], summary: "The clinic's staff accounts", response: { 200: Type.Object({ items: Type.Array(UserSchema) }), ...errorResponses } },
    }, async (request) => ({ items: await service.list(requestContext(request)) }));

    app.post('/api/users', {
      config: { access: { permission: 'user:manage' } },
      schema: {
        tags: ['users'], summary: 'Create a staff account',
        body: Type.Object({
          email: Type.String({ format: 'email', maxLength: 200 }),
          displayName: Type.String({ minLength: 1, maxLength: 100 }),
          role: StaffRoleSchema,
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }, { additionalProperties: false }),
        response: { 201: UserSchema, ...errorResponses },
      },
    }, async (request, reply) => {
      const ctx = requestContext(request);
      const user = await service.create(ctx.principal.clinicId, request.body, ctx);
      return reply.status(201).send(user);
    });
  };
}
