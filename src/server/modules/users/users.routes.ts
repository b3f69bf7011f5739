import { errorResponses, requestContext, type App } from '../../http.js';
import { IdParamsSchema } from '../../../contract/patients.js';
import {
  ChangeRoleBodySchema,
  CreatedUserSchema,
  CreateUserBodySchema,
  TemporaryPasswordSchema,
  UserListSchema,
  UserSchema,
} from '../../../contract/users.js';
import type { UsersService } from './users.service.js';

const manage = { access: { permission: 'user:manage' } } as const;

export function usersRoutes(service: UsersService) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/users',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary: "The clinic's staff accounts",
          response: { 200: UserListSchema, ...errorResponses },
        },
      },
      async (request) => ({ items: await service.list(requestContext(request)) }),
    );

    app.post(
      '/api/users',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary:
            'Create a staff account with a temporary password (given, or generated and returned once); it must be changed at the first sign-in',
          body: CreateUserBodySchema,
          response: { 201: CreatedUserSchema, ...errorResponses },
        },
      },
      async (request, reply) => {
        const ctx = requestContext(request);
        const user = await service.create(ctx.principal.clinicId, request.body, ctx, { temporary: true });
        return reply.status(201).send(user);
      },
    );

    app.post(
      '/api/users/:id/deactivate',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary:
            'Deactivate: signs the user out everywhere at once (event streams too); they cannot sign in; their records stay',
          params: IdParamsSchema,
          response: { 200: UserSchema, ...errorResponses },
        },
      },
      (request) => service.deactivate(requestContext(request), request.params.id),
    );

    app.post(
      '/api/users/:id/reactivate',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary: 'Reactivate a deactivated account',
          params: IdParamsSchema,
          response: { 200: UserSchema, ...errorResponses },
        },
      },
      (request) => service.reactivate(requestContext(request), request.params.id),
    );

    app.put(
      '/api/users/:id/role',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary:
            "Change the account's role (applies to open sessions at once; the last active admin cannot be demoted)",
          params: IdParamsSchema,
          body: ChangeRoleBodySchema,
          response: { 200: UserSchema, ...errorResponses },
        },
      },
      (request) => service.changeRole(requestContext(request), request.params.id, request.body.role),
    );

    app.post(
      '/api/users/:id/password-reset',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary:
            "Set a temporary password (returned once) that must be changed at the next sign-in; ends the user's sessions",
          params: IdParamsSchema,
          response: { 200: TemporaryPasswordSchema, ...errorResponses },
        },
      },
      (request) => service.resetPassword(requestContext(request), request.params.id),
    );

    app.post(
      '/api/users/:id/mfa-reset',
      {
        config: manage,
        schema: {
          tags: ['users'],
          summary:
            'Remove the second factor (lost phone): the user enrols again at the next sign-in; ends their sessions',
          params: IdParamsSchema,
          response: { 200: UserSchema, ...errorResponses },
        },
      },
      (request) => service.resetMfa(requestContext(request), request.params.id),
    );
  };
}
