import { Type } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { StaffRoleSchema, errorResponses, type App } from '../../http.js';
import { UnauthorizedError } from '../../errors/http-errors.js';
import { SESSION_COOKIE, type AuthService, type AuthenticatedSession } from './auth.service.js';

const MfaStateSchema = Type.Union([Type.Literal('complete'), Type.Literal('verify'), Type.Literal('enrol')]);

const SignInResponse = Type.Object({
  csrfToken: Type.String({ description: 'Send in the x-csrf-token header on every state-changing request.' }),
  mfa: MfaStateSchema,
  mustChangePassword: Type.Boolean({ description: 'A temporary password: only POST /api/auth/password (then MFA enrolment) is allowed until it is changed.' }),
  user: Type.Object({ id: Type.String(), email: Type.String(), displayName: Type.String(), role: StaffRoleSchema, clinicId: Type.String() }),
});

const MeResponse = Type.Object({
  user: Type.Object({ userId: Type.String(), clinicId: Type.String(), role: StaffRoleSchema, email: Type.String(), displayName: Type.String(), mfaEnabled: Type.Boolean() }),
  clinic: Type.Object({
    id: Type.String(), name: Type.String(), isDemo: Type.Boolean(),
    locale: Type.String({ description: "The clinic's locale (BCP 47), for dates, times and numbers" }),
    timeZone: Type.String({ description: "The clinic's IANA time zone: every date and time is shown on its wall clock" }),
    hourCycle: Type.Union([Type.Literal('h12'), Type.Literal('h23')], { description: '12-hour (9:42 PM) or 24-hour (21:42) clock' }),
  }),
  permissions: Type.Array(Type.String()),
  mfa: MfaStateSchema,
  mustChangePassword: Type.Boolean(),
  csrfToken: Type.String(),
});

function sessionOf(request: FastifyRequest): AuthenticatedSession {
  if (!request.authSession) throw new UnauthorizedError('Sign in first.');
  return request.authSession;
}

export function authRoutes(service: AuthService, options: { secureCookies: boolean }) {
  // Max-Age beside Expires: browsers go by Max-Age (RFC 6265 5.3), counted on their own clock from now, so a
  // workstation whose clock is off (or a test browser on a controlled clock) neither drops nor overkeeps the session.
  const setCookie = (reply: FastifyReply, token: string, expires: Date, maxAge: number) =>
    reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'strict', secure: options.secureCookies, path: '/', expires, maxAge });

  return async function register(app: App): Promise<void> {
    app.post('/api/auth/login', {
      config: { access: 'public' },
      schema: {
        tags: ['auth'], summary: 'Sign in with email and password; sets the session cookie',
        body: Type.Object({ email: Type.String({ minLength: 3, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
        response: { 200: SignInResponse, 429: errorResponses[400], ...errorResponses },
      },
    }, async (request, reply) => {
      const result = await service.signIn(request.body.email, request.body.password, request.ip ?? null);
      setCookie(reply, result.token, result.expiresAt, result.maxAgeSeconds);
      return { csrfToken: result.csrfToken, mfa: result.mfa, mustChangePassword: result.mustChangePassword, user: result.user };
    });

    app.post('/api/auth/logout', {
      config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
      schema: { tags: ['auth'], summary: 'Sign out (ends the session)', response: { 204: Type.Null(), ...errorResponses } },
    }, async (request, reply) => {
      await service.signOut(request.requirePrincipal(), request.ip ?? null);
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    });

    app.get('/api/auth/me', {
      config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
      schema: { tags: ['auth'], summary: 'The signed-in user, clinic, permissions and the CSRF token', response: { 200: MeResponse, ...errorResponses } },
    }, (request) => {
      const { user, ...rest } = service.describe(sessionOf(request));
      const { sessionId: _sessionId, ...publicUser } = user;
      return { ...rest, user: publicUser };
    });

    app.post('/api/auth/mfa/verify', {
      config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
      schema: {
        tags: ['auth'], summary: 'Second sign-in step: TOTP code or a recovery code',
        body: Type.Object({ code: Type.Optional(Type.String({ pattern: '^\\d{6}$' })), recoveryCode: Type.Optional(Type.String({ maxLength: 40 })) }, { additionalProperties: false }),
        response: { 204: Type.Null(), 429: errorResponses[400], ...errorResponses },
      },
    }, async (request, reply) => {
      await service.verifySecondFactor(sessionOf(request), request.body, request.ip ?? null);
      return reply.status(204).send(null);
    });

    app.post('/api/auth/password', {
      config: { access: 'mfa-pending', allowWithTemporaryPassword: true },
      schema: {
        tags: ['auth'], summary: 'Change my own password (clears a temporary one); ends my other sessions',
        body: Type.Object({
          currentPassword: Type.String({ minLength: 1, maxLength: 200 }),
          newPassword: Type.String({ minLength: 1, maxLength: 200 }),
        }, { additionalProperties: false }),
        response: { 200: Type.Object({ endedSessions: Type.Integer({ description: 'How many of my other sessions were signed out' }) }), ...errorResponses },
      },
    }, (request) => service.changeOwnPassword(sessionOf(request), request.body, request.ip ?? null));

    app.post('/api/auth/mfa/enrol', {
      config: { access: 'mfa-pending' },
      schema: {
        tags: ['auth'], summary: 'Start TOTP enrolment: returns the secret and a QR code to scan',
        response: { 200: Type.Object({ secret: Type.String(), otpauthUri: Type.String(), qrCodeDataUrl: Type.String() }), ...errorResponses },
      },
    }, (request) => service.beginEnrolment(sessionOf(request)));

    app.post('/api/auth/mfa/enrol/confirm', {
      config: { access: 'mfa-pending' },
      schema: {
        tags: ['auth'], summary: 'Finish TOTP enrolment with a first code; returns one-time recovery codes',
        body: Type.Object({ code: Type.String({ pattern: '^\\d{6}$' }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ recoveryCodes: Type.Array(Type.String()) }), ...errorResponses },
      },
    }, (request) => service.confirmEnrolment(sessionOf(request), request.body.code, request.ip ?? null));
  };
}
