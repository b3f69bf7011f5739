import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  ChangePasswordBodySchema,
  ChangePasswordResultSchema,
  ConfirmEnrolmentBodySchema,
  EnrolmentStartSchema,
  MeResponseSchema,
  RecoveryCodesSchema,
  SignInBodySchema,
  SignInResponseSchema,
  VerifySecondFactorBodySchema,
} from '../../../contract/auth.js';
import { errorResponses, type App } from '../../http.js';
import { UnauthorizedError } from '../../errors/http-errors.js';
import { SESSION_COOKIE, type AuthService, type AuthenticatedSession } from './auth.service.js';

function sessionOf(request: FastifyRequest): AuthenticatedSession {
  if (!request.authSession) throw new UnauthorizedError('Sign in first.');
  return request.authSession;
}

export function authRoutes(service: AuthService, options: { secureCookies: boolean }) {
  // Max-Age beside Expires: browsers go by Max-Age (RFC 6265 5.3), counted on their own clock from now, so a
  // workstation whose clock is off (or a test browser on a controlled clock) neither drops nor overkeeps the session.
  const setCookie = (reply: FastifyReply, token: string, expires: Date, maxAge: number) =>
    reply.setCookie(SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'strict',
      secure: options.secureCookies,
      path: '/',
      expires,
      maxAge,
    });

  return async function register(app: App): Promise<void> {
    app.post(
      '/api/auth/login',
      {
        config: { access: 'public' },
        schema: {
          tags: ['auth'],
          summary: 'Sign in with email and password; sets the session cookie',
          body: SignInBodySchema,
          response: { 200: SignInResponseSchema, 429: errorResponses[400], ...errorResponses },
        },
      },
      async (request, reply) => {
        const result = await service.signIn(request.body.email, request.body.password, request.ip ?? null);
        setCookie(reply, result.token, result.expiresAt, result.maxAgeSeconds);
        return {
          csrfToken: result.csrfToken,
          mfa: result.mfa,
          mustChangePassword: result.mustChangePassword,
          user: result.user,
        };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
        schema: {
          tags: ['auth'],
          summary: 'Sign out (ends the session)',
          response: { 204: Type.Null(), ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.signOut(request.requirePrincipal(), request.ip ?? null);
        reply.clearCookie(SESSION_COOKIE, { path: '/' });
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/api/auth/me',
      {
        config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
        schema: {
          tags: ['auth'],
          summary: 'The signed-in user, clinic, permissions and the CSRF token',
          response: { 200: MeResponseSchema, ...errorResponses },
        },
      },
      (request) => {
        const { user, ...rest } = service.describe(sessionOf(request));
        const { sessionId: _sessionId, ...publicUser } = user;
        return { ...rest, user: publicUser };
      },
    );

    app.post(
      '/api/auth/mfa/verify',
      {
        config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
        schema: {
          tags: ['auth'],
          summary: 'Second sign-in step: TOTP code or a recovery code',
          body: VerifySecondFactorBodySchema,
          response: { 204: Type.Null(), 429: errorResponses[400], ...errorResponses },
        },
      },
      async (request, reply) => {
        await service.verifySecondFactor(sessionOf(request), request.body, request.ip ?? null);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/api/auth/password',
      {
        config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
        schema: {
          tags: ['auth'],
          summary: 'Change my own password (clears a temporary one); ends my other sessions',
          body: ChangePasswordBodySchema,
          response: { 200: ChangePasswordResultSchema, ...errorResponses },
        },
      },
      (request) => service.changeOwnPassword(sessionOf(request), request.body, request.ip ?? null),
    );

    app.post(
      '/api/auth/mfa/enrol',
      {
        config: { access: 'mfa-pending' },
        schema: {
          tags: ['auth'],
          summary: 'Start TOTP enrolment: returns the secret and a QR code to scan',
          response: { 200: EnrolmentStartSchema, ...errorResponses },
        },
      },
      (request) => service.beginEnrolment(sessionOf(request)),
    );

    app.post(
      '/api/auth/mfa/enrol/confirm',
      {
        config: { access: 'mfa-pending' },
        schema: {
          tags: ['auth'],
          summary: 'Finish TOTP enrolment with a first code; returns one-time recovery codes',
          body: ConfirmEnrolmentBodySchema,
          response: { 200: RecoveryCodesSchema, ...errorResponses },
        },
      },
      (request) => service.confirmEnrolment(sessionOf(request), request.body.code, request.ip ?? null),
    );
  };
}
