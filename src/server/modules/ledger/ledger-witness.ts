/**
 * Witness signing. A second staff member signs a waste (a receipt, a destruction...) by re-entering their own
 * password, or a code from their authenticator app, in the same request. Only after the server has checked
 * those credentials (same clinic, active account, a role that handles controlled substances, not the person
 * recording the entry) does it build the domain's WitnessSignature with `authenticated: true`.
 *
 * Wrong credentials are throttled like sign-in (a wait that grows, reserved atomically before the hash), but
 * on the witness's own counter (`witness:<email>`), so failed witness signatures never slow or lock the
 * witness's sign-in (src/server/auth/throttle.ts). Each failure is audited.
 */
import { decoyPasswordHash, verifyPassword } from '../../auth/password.js';
import { roleHas } from '../../auth/permissions.js';
import { WITNESS_THROTTLE, tarpitMs } from '../../auth/throttle.js';
import { matchTotpStep } from '../../auth/totp.js';
import { TooManyRequestsError, UnauthorizedError, type ProblemField } from '../../errors/http-errors.js';
import { RuleViolationError } from '../../../domain/shared/validation.js';
import type { WitnessSignature } from '../../../domain/inventory/index.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { AuthRepository } from '../auth/auth.repository.js';
import type { LedgerPorts } from './ledger-ports.js';
import type { WitnessCredentials } from '../../../contract/ledger.js';

/** 401 naming the witness field; `code` lets the web page tell it from an expired session. */
export class WitnessRefusedError extends UnauthorizedError {
  readonly code = 'witness-credentials-invalid';
  constructor(message: string, fields: readonly ProblemField[]) {
    super(message, fields);
  }
}

export interface VerifiedWitness {
  readonly signature: WitnessSignature;
  readonly role: string;
}

export class WitnessVerifier {
  constructor(
    private readonly auth: Pick<AuthRepository, 'reserveAttempt' | 'clearThrottle'>,
    /** The witness's account, from the users module (ledger-ports.ts). */
    private readonly users: LedgerPorts['users'],
    private readonly audit: AuditService,
    private readonly clock: () => Date,
    private readonly delay: (ms: number) => Promise<unknown>,
  ) {}

  /**
   * Checks one witness's credentials; `field` is the request field to name ("witness", "witnesses.1").
   * `signedAt` is the instant written into the signature (the clinic's offset).
   */
  async verify(
    ctx: RequestContext,
    credentials: WitnessCredentials,
    field: string,
    signedAt: string,
    entryKind: string,
  ): Promise<VerifiedWitness> {
    const email = credentials.email.trim().toLowerCase();
    const hasPassword = credentials.password !== undefined;
    const hasCode = credentials.totpCode !== undefined;
    if (hasPassword === hasCode) {
      throw new WitnessRefusedError(
        'The witness signs with their password or with a code from their authenticator app (one of them).',
        [
          {
            field: `${field}.${hasPassword ? 'totpCode' : 'password'}`,
            message: hasPassword ? 'give the password or the code, not both' : 'is required (or totpCode)',
          },
        ],
      );
    }
    if (email === ctx.principal.email.trim().toLowerCase()) {
      throw new RuleViolationError(
        'witness-same-as-actor',
        `The witness must be a different person from ${ctx.principal.displayName}.`,
        field,
      );
    }
    const now = this.clock();
    const user = await this.users.findByEmailInAnyClinic(email);
    const key = `witness:${email}`;
    const reservation = await this.auth.reserveAttempt(key, now, WITNESS_THROTTLE);
    if (!reservation.allowed) {
      await this.audit.record(ctx, {
        action: 'witness-locked',
        resourceType: 'LedgerWitness',
        outcome: 'denied',
        occurredAt: now,
        detail: { entryKind },
      });
      throw new TooManyRequestsError(
        `Too many failed attempts for this witness. Try again in ${reservation.retryAfterSeconds} seconds.`,
        reservation.retryAfterSeconds,
      );
    }

    let ok: boolean;
    if (hasPassword) {
      // Unknown accounts cost the same scrypt as known ones, so timing does not tell which emails exist.
      ok = await verifyPassword(credentials.password ?? '', user?.passwordHash ?? (await decoyPasswordHash()));
    } else {
      // A code works once (RFC 6238 section 5.2), whether for signing in or for witnessing.
      const step =
        user?.mfaEnabled && user.mfaSecret ? matchTotpStep(user.mfaSecret, credentials.totpCode ?? '', now) : undefined;
      ok = user !== undefined && step !== undefined && (await this.users.claimTotpStep(user.id, step));
    }
    const isColleague = user !== undefined && user.isActive && user.clinicId === ctx.principal.clinicId;
    if (!ok || !isColleague || user === undefined) {
      const failures = reservation.attempt;
      await this.audit.record(ctx, {
        action: 'witness-failed',
        resourceType: 'LedgerWitness',
        outcome: 'failure',
        occurredAt: now,
        detail: { entryKind, method: hasPassword ? 'password' : 'totp', failures },
      });
      await this.delay(tarpitMs(failures, WITNESS_THROTTLE));
      throw new WitnessRefusedError(
        hasPassword
          ? 'The witness email or password is incorrect.'
          : 'The witness email or authenticator code is incorrect.',
        [{ field, message: 'could not be verified: the witness must re-enter their own credentials' }],
      );
    }
    await this.auth.clearThrottle(key);
    if (!roleHas(user.role, 'ledger:read')) {
      throw new RuleViolationError(
        'witness-role-not-allowed',
        `${user.displayName} (${user.role}) does not handle controlled substances and cannot witness.`,
        field,
      );
    }
    return {
      signature: {
        userId: user.id,
        name: user.displayName,
        authenticated: true,
        method: hasPassword ? 'password' : 'totp',
        signedAt,
      },
      role: user.role,
    };
  }
}
