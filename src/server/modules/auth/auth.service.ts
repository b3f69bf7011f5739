import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256 } from '../../auth/sha256.js';
import QRCode from 'qrcode';
import { MIN_PASSWORD_LENGTH, decoyPasswordHash, hashPassword, verifyPassword } from '../../auth/password.js';
import {
  ACCOUNT_THROTTLE,
  IP_THROTTLE,
  MFA_CODE_THROTTLE,
  SIGN_IN_THROTTLE,
  tarpitMs,
  type AttemptReservation,
  type AttemptThrottle,
  type ThrottlePolicy,
} from '../../auth/throttle.js';
import { generateTotpSecret, matchTotpStep, otpauthUri } from '../../auth/totp.js';
import { permissionsOf, type Permission } from '../../auth/permissions.js';
import type { Transaction } from 'kysely';
import type { Database, MfaState, StaffRole } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import {
  BadRequestError,
  CodedForbiddenError,
  ConflictError,
  TooManyRequestsError,
  UnauthorizedError,
} from '../../errors/http-errors.js';
import type { Principal } from '../../types.js';
import { anonymousContext, type AuditService } from '../audit/audit.service.js';
import { resolveClinicSettings, type HourCycle } from '../clinics/clinic-settings.js';
import type { AuthPorts } from './auth-ports.js';
import type { AuthRepository } from './auth.repository.js';
import { SessionCache } from './session-cache.js';

export const SESSION_COOKIE = 'kc_session';
const SESSION_TOUCH_AFTER_MS = 30_000;
const BAD_CREDENTIALS = 'Email or password is incorrect.';

export interface SignInResult {
  readonly token: string;
  readonly csrfToken: string;
  readonly mfa: MfaState;
  readonly mustChangePassword: boolean;
  readonly expiresAt: Date;
  /** Seconds from now to `expiresAt`: the cookie's Max-Age, which a browser prefers to Expires (RFC 6265 5.3), so a
   * device whose clock is wrong keeps the session for as long as the server does. */
  readonly maxAgeSeconds: number;
  readonly user: { id: string; email: string; displayName: string; role: StaffRole; clinicId: string };
}

export interface AuthenticatedSession {
  readonly principal: Principal;
  readonly csrfToken: string;
  readonly mfaState: MfaState;
  readonly mfaEnabled: boolean;
  /** The account has a temporary password: nothing but changing it (then MFA enrolment) is allowed. */
  readonly mustChangePassword: boolean;
  readonly clinicName: string;
  readonly isDemo: boolean;
  /** The clinic's IANA time zone: every date and time the app shows is on this wall clock. */
  readonly clinicTimeZone: string;
  /** The clinic's stored settings, read with the session. */
  readonly clinicSettings: Record<string, unknown> | null;
}

/** How the clinic shows dates and times: its locale, its time zone, a 12- or 24-hour clock. */
export interface ClinicDisplay {
  readonly locale: string;
  readonly timeZone: string;
  readonly hourCycle: HourCycle;
}

function clinicDisplayOf(session: AuthenticatedSession): ClinicDisplay {
  const settings = resolveClinicSettings(session.clinicSettings);
  return { locale: settings.locale, timeZone: session.clinicTimeZone, hourCycle: settings.hourCycle };
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface AuthServiceOptions {
  /** The sign-in throttle's wait (tests record it instead). */
  readonly delay: (ms: number) => Promise<unknown>;
  /** Milliseconds on a monotonic clock, for the session cache's age (performance.now unless a test holds it). */
  readonly monotonic?: () => number;
}

export class AuthService implements AttemptThrottle {
  private readonly sessions: SessionCache;

  constructor(
    private readonly repository: AuthRepository,
    /** The account (users) and the clinic (clinics), from the modules that own them (auth-ports.ts). */
    private readonly ports: AuthPorts,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    private readonly options: AuthServiceOptions = { delay: wait },
  ) {
    this.sessions = new SessionCache(options.monotonic ?? (() => performance.now()));
  }

  /**
   * Signs a user out everywhere, in the caller's transaction (an account deactivated, its password or second factor
   * reset): every open session is revoked and the clinic's event streams re-check theirs. Returns how many ended.
   */
  endAllSessions(trx: Transaction<Database>, clinicId: string, userId: string, at: Date): Promise<number> {
    return this.repository.endAllSessions(trx, clinicId, userId, at);
  }

  /** Throttling for other modules' credential checks (the token endpoint): the same atomic reservations. */
  reserveAttempt(key: string, now: Date, policy: ThrottlePolicy): Promise<AttemptReservation> {
    return this.repository.reserveAttempt(key, now, policy);
  }

  releaseAttempt(key: string): Promise<void> {
    return this.repository.releaseAttempt(key);
  }

  async signIn(emailInput: string, password: string, clientIp: string | null): Promise<SignInResult> {
    const email = emailInput.trim().toLowerCase();
    const key = `login:${email}`;
    const now = this.clock();
    // Reserve the attempt before the slow hash (src/server/auth/throttle.ts): per client address, then per account.
    const ipKey = clientIp ? `ip:${clientIp}` : undefined;
    const byIp = ipKey ? await this.repository.reserveAttempt(ipKey, now, IP_THROTTLE) : undefined;
    const byAccount = byIp?.allowed === false ? byIp : await this.repository.reserveAttempt(key, now, ACCOUNT_THROTTLE);
    if (!byAccount.allowed) {
      await this.audit.record(anonymousContext(clientIp), {
        action: 'login-locked',
        resourceType: 'Session',
        outcome: 'denied',
        occurredAt: now,
        detail: { by: byIp?.allowed === false ? 'address' : 'account' },
      });
      throw new TooManyRequestsError(
        `Too many failed sign-in attempts. Try again in ${byAccount.retryAfterSeconds} seconds.`,
        byAccount.retryAfterSeconds,
      );
    }

    const user = await this.ports.users.findByEmailInAnyClinic(email);
    const passwordOk = await verifyPassword(password, user?.passwordHash ?? (await decoyPasswordHash()));
    if (!user || !passwordOk || !user.isActive) {
      const failures = byAccount.attempt;
      await this.audit.record(
        { principal: user ? { userId: user.id, clinicId: user.clinicId, role: user.role } : undefined, clientIp },
        {
          action: 'login-failed',
          resourceType: 'Session',
          outcome: 'failure',
          occurredAt: now,
          detail: { failures },
        },
      );
      await this.options.delay(tarpitMs(failures, ACCOUNT_THROTTLE));
      throw new UnauthorizedError(BAD_CREDENTIALS);
    }
    await this.repository.clearThrottle(key);
    if (ipKey) await this.repository.releaseAttempt(ipKey);

    const clinic = await this.ports.clinics.findById(user.clinicId);
    const settings = resolveClinicSettings(clinic?.settings);
    const mfaRequired = !clinic?.isDemo && settings.mfaRequiredRoles.includes(user.role);
    const mfa: MfaState = user.mfaEnabled ? 'verify' : mfaRequired ? 'enrol' : 'complete';

    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(now.getTime() + settings.sessionAbsoluteHours * 3_600_000);
    const sessionId = sha256(token);
    await this.repository.createSession({
      id: sessionId,
      userId: user.id,
      clinicId: user.clinicId,
      csrfToken,
      mfaState: mfa,
      createdAt: now,
      lastSeenAt: now,
      expiresAt,
      clientIp,
    });
    await this.audit.record(
      { principal: { userId: user.id, clinicId: user.clinicId, role: user.role }, clientIp },
      {
        action: mfa === 'complete' ? 'login' : 'login-password-ok',
        resourceType: 'Session',
        resourceId: sessionId.slice(0, 16),
        occurredAt: now,
      },
    );
    return {
      token,
      csrfToken,
      mfa,
      expiresAt,
      maxAgeSeconds: settings.sessionAbsoluteHours * 3_600,
      mustChangePassword: user.passwordMustChange,
      user: { id: user.id, email: user.email, displayName: user.displayName, role: user.role, clinicId: user.clinicId },
    };
  }

  /**
   * The session behind a cookie token, or undefined when it is unknown, revoked, expired or idle too long.
   * `fresh` reads it from the database even when cached (a live stream re-checking after "sessions ended").
   */
  async authenticate(
    token: string | undefined,
    options: { fresh?: boolean } = {},
  ): Promise<AuthenticatedSession | undefined> {
    if (!token || token.length > 200) return undefined;
    const now = this.clock();
    const id = sha256(token);
    const writes = this.repository.sessionSourceWrites();
    let row = options.fresh ? undefined : this.sessions.get(id, writes);
    if (!row) {
      row = await this.repository.findSession(id);
      if (row) this.sessions.set(id, row, writes);
    }
    if (!row || row.revokedAt || !row.isActive || row.expiresAt <= now) return undefined;
    const settings = resolveClinicSettings(row.clinicSettings);
    if (now.getTime() - row.lastSeenAt.getTime() > settings.sessionIdleMinutes * 60_000) {
      this.sessions.forget(id);
      await this.repository.revokeSession(row.id, now);
      return undefined;
    }
    if (now.getTime() - row.lastSeenAt.getTime() > SESSION_TOUCH_AFTER_MS) {
      await this.repository.touchSession(row.id, now);
      this.sessions.set(id, { ...row, lastSeenAt: now }, this.repository.sessionSourceWrites());
    }
    return {
      principal: {
        userId: row.userId,
        clinicId: row.clinicId,
        role: row.role,
        email: row.email,
        displayName: row.displayName,
        sessionId: row.id,
      },
      csrfToken: row.csrfToken,
      mfaState: row.mfaState,
      mfaEnabled: row.mfaEnabled,
      mustChangePassword: row.passwordMustChange,
      clinicName: row.clinicName,
      isDemo: row.isDemo,
      clinicTimeZone: row.clinicTimeZone,
      clinicSettings: row.clinicSettings,
    };
  }

  /**
   * Drops every cached session, so the next request of each reads its session, user and clinic afresh. Called
   * whenever this service ends a session, and before the answer to a request that wrote what sessions are read
   * from (`forgetCachedSessionsIfChanged`).
   */
  forgetCachedSessions(): void {
    this.sessions.forget();
  }

  /**
   * A mark to take when a request starts and give to `forgetCachedSessionsIfChanged` before its answer is sent:
   * the number of writes this process has sent to the session, user and clinic tables.
   */
  sessionSourcesMark(): number | undefined {
    return this.repository.sessionSourceWrites();
  }

  /**
   * Empties the session cache when the session, user or clinic tables were written since `mark` (by this request,
   * or by another running beside it): sign-out, password, role, deactivation and clinic-setting changes then take
   * effect at once on this instance, once their transaction has committed. A request that changed none of them (a
   * patient registered, a dose recorded) leaves the cache alone (issue 11: under load, emptying it on every write
   * made every request read its session again). Where writes are not counted (`mark` undefined), any
   * state-changing request empties it.
   */
  forgetCachedSessionsIfChanged(mark: number | undefined, stateChanging: boolean): void {
    const now = this.repository.sessionSourceWrites();
    if (mark === undefined || now === undefined ? stateChanging : now !== mark) this.sessions.forget();
  }

  csrfMatches(session: AuthenticatedSession, header: string | undefined): boolean {
    return typeof header === 'string' && safeEqual(header, session.csrfToken);
  }

  async signOut(principal: Principal, clientIp: string | null): Promise<void> {
    const now = this.clock();
    await this.repository.revokeSession(principal.sessionId, now);
    this.sessions.forget();
    await this.audit.record({ principal, clientIp }, { action: 'logout', resourceType: 'Session', occurredAt: now });
  }

  /**
   * The user's own password change: the current password, then a new one. It clears a temporary password and ends
   * every other session of the user (a password someone else may know stops working everywhere but here).
   * With a second factor enrolled, it needs the second factor first (a temporary password alone is not enough).
   */
  async changeOwnPassword(
    session: AuthenticatedSession,
    input: { currentPassword: string; newPassword: string },
    clientIp: string | null,
  ): Promise<{ endedSessions: number }> {
    const now = this.clock();
    const { principal } = session;
    if (session.mfaState === 'verify') {
      throw new CodedForbiddenError(
        'Enter the code from your authenticator app first, then change the password.',
        'mfa-verification-required',
      );
    }
    const user = await this.ports.users.findById(principal.userId);
    if (!user || !user.isActive) throw new UnauthorizedError('Sign in first.');
    if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
      await this.audit.record(
        { principal, clientIp },
        {
          action: 'password-change-failed',
          resourceType: 'User',
          resourceId: user.id,
          outcome: 'failure',
          occurredAt: now,
        },
      );
      throw new BadRequestError('The current password is not correct.', [
        { field: 'currentPassword', message: 'is not correct' },
      ]);
    }
    if (input.newPassword.length < MIN_PASSWORD_LENGTH) {
      throw new BadRequestError(`The new password must have at least ${MIN_PASSWORD_LENGTH} characters.`, [
        { field: 'newPassword', message: `must have at least ${MIN_PASSWORD_LENGTH} characters` },
      ]);
    }
    if (input.newPassword === input.currentPassword) {
      throw new BadRequestError('Choose a new password, different from the current one.', [
        { field: 'newPassword', message: 'must differ from the current password' },
      ]);
    }
    const passwordHash = await hashPassword(input.newPassword);
    // The new password and the end of the user's other sessions commit together.
    const endedSessions = await this.transact(async (trx) => {
      await this.ports.users.setOwnPassword(trx, user.id, passwordHash, now);
      return this.repository.endOtherSessions(trx, user.clinicId, user.id, principal.sessionId, now);
    });
    this.sessions.forget();
    await this.audit.record(
      { principal, clientIp },
      {
        action: 'password-change',
        resourceType: 'User',
        resourceId: user.id,
        occurredAt: now,
        detail: { wasTemporary: user.passwordMustChange, endedSessions },
      },
    );
    return { endedSessions };
  }

  /** Second step of sign-in: a TOTP code or a one-time recovery code. */
  async verifySecondFactor(
    session: AuthenticatedSession,
    input: { code?: string | undefined; recoveryCode?: string | undefined },
    clientIp: string | null,
  ): Promise<void> {
    const now = this.clock();
    const { principal } = session;
    if (session.mfaState !== 'verify') throw new ConflictError('This sign-in is not waiting for a second factor.');
    const key = `mfa:${principal.userId}`;
    const user = await this.ports.users.findById(principal.userId);
    const byTotp = Boolean(input.code && user?.mfaSecret);
    if (!byTotp && !input.recoveryCode)
      throw new BadRequestError('Give the 6-digit code from your authenticator app, or a recovery code.', [
        { field: 'code', message: 'is required' },
      ]);
    // Reserved before the code is checked (src/server/auth/throttle.ts), so parallel guesses cannot outrun the count.
    const reservation = await this.repository.reserveAttempt(key, now, MFA_CODE_THROTTLE);
    if (!reservation.allowed)
      throw new TooManyRequestsError('Too many wrong codes. Try again later.', reservation.retryAfterSeconds);
    let ok = false;
    if (byTotp && input.code && user?.mfaSecret) ok = await this.acceptTotp(user.id, user.mfaSecret, input.code, now);
    else if (input.recoveryCode)
      ok = await this.ports.users.consumeRecoveryCode(
        principal.userId,
        sha256(input.recoveryCode.trim().toUpperCase()),
        now,
      );
    if (!ok) {
      if (reservation.attempt >= SIGN_IN_THROTTLE.lockAfterFailures) {
        await this.repository.revokeSession(principal.sessionId, now);
        this.sessions.forget();
      }
      await this.audit.record(
        { principal, clientIp },
        { action: 'mfa-failed', resourceType: 'Session', outcome: 'failure', occurredAt: now },
      );
      throw new UnauthorizedError('That code is not valid.');
    }
    await this.repository.clearThrottle(key);
    await this.repository.setSessionMfaState(principal.sessionId, 'complete');
    await this.audit.record(
      { principal, clientIp },
      { action: input.recoveryCode ? 'login-recovery-code' : 'login', resourceType: 'Session', occurredAt: now },
    );
  }

  /** A TOTP code that matches and has not been used before (RFC 6238 section 5.2). */
  async acceptTotp(userId: string, secret: string, code: string, now: Date): Promise<boolean> {
    const step = matchTotpStep(secret, code, now);
    return step !== undefined && (await this.ports.users.claimTotpStep(userId, step));
  }

  /** Starts TOTP enrolment: a new secret, shown once as text and as a QR code. */
  async beginEnrolment(
    session: AuthenticatedSession,
  ): Promise<{ secret: string; otpauthUri: string; qrCodeDataUrl: string }> {
    if (session.mfaState === 'verify')
      throw new ConflictError('Finish signing in with your current second factor first.');
    if (session.mfaEnabled) throw new ConflictError('A second factor is already enrolled for this account.');
    this.refuseWithTemporaryPassword(session);
    const secret = generateTotpSecret();
    await this.ports.users.setMfaSecret(session.principal.userId, secret, this.clock());
    const uri = otpauthUri(secret, session.principal.email);
    return { secret, otpauthUri: uri, qrCodeDataUrl: await QRCode.toDataURL(uri) };
  }

  /** Confirms enrolment with a first code; returns ten one-time recovery codes, shown once. */
  async confirmEnrolment(
    session: AuthenticatedSession,
    code: string,
    clientIp: string | null,
  ): Promise<{ recoveryCodes: string[] }> {
    const now = this.clock();
    if (session.mfaState === 'verify')
      throw new ConflictError('Finish signing in with your current second factor first.');
    this.refuseWithTemporaryPassword(session);
    const user = await this.ports.users.findById(session.principal.userId);
    if (!user?.mfaSecret) throw new ConflictError('Start enrolment first.');
    if (user.mfaEnabled) throw new ConflictError('A second factor is already enrolled for this account.');
    if (!(await this.acceptTotp(user.id, user.mfaSecret, code, now)))
      throw new BadRequestError('That code is not valid.', [
        { field: 'code', message: 'does not match the authenticator' },
      ]);
    const recoveryCodes = Array.from({ length: 10 }, () => randomBytes(5).toString('hex').toUpperCase());
    await this.ports.users.enableMfa(user.id, recoveryCodes.map(sha256), now);
    await this.repository.setSessionMfaState(session.principal.sessionId, 'complete');
    await this.audit.record(
      { principal: session.principal, clientIp },
      { action: 'mfa-enrolled', resourceType: 'User', resourceId: user.id, occurredAt: now },
    );
    return { recoveryCodes };
  }

  /**
   * The first enrolment belongs to whoever set the account's own password: with a temporary password (which an
   * admin, or anyone who saw it, knows) the second factor cannot be set up. The access hook already refuses these
   * routes; this keeps the rule in the service for other callers.
   */
  private refuseWithTemporaryPassword(session: AuthenticatedSession): void {
    if (session.mustChangePassword) {
      throw new CodedForbiddenError(
        'Change the temporary password first, then set up the second factor.',
        'password-change-required',
      );
    }
  }

  describe(session: AuthenticatedSession): {
    user: Principal & { mfaEnabled: boolean };
    clinic: ClinicDisplay & { id: string; name: string; isDemo: boolean };
    permissions: Permission[];
    mfa: MfaState;
    mustChangePassword: boolean;
    csrfToken: string;
  } {
    return {
      mustChangePassword: session.mustChangePassword,
      user: { ...session.principal, mfaEnabled: session.mfaEnabled },
      clinic: {
        id: session.principal.clinicId,
        name: session.clinicName,
        isDemo: session.isDemo,
        ...clinicDisplayOf(session),
      },
      permissions: permissionsOf(session.principal.role),
      mfa: session.mfaState,
      csrfToken: session.csrfToken,
    };
  }
}
