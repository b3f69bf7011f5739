import type { Kysely } from 'kysely';
import type { AppConfig } from './config/config.js';
import type { Database, StaffRole } from './db/schema.js';
import type { DatabaseHandle } from './db/database.js';
import type { RouteAccess } from './auth/permissions.js';
import type { ScopeInteraction, SmartScope } from './auth/smart-scopes.js';
import type { AuditEvent } from './modules/audit/audit.service.js';

/** The signed-in staff member a request acts for. */
export interface Principal {
  readonly userId: string;
  readonly clinicId: string;
  readonly role: StaffRole;
  readonly email: string;
  readonly displayName: string;
  readonly sessionId: string;
  /** Set when an API token acts (Authorization: Bearer): its id is the audit log's actor; `userId` is its creator. */
  readonly apiTokenId?: string;
  /** What kind of token `apiTokenId` names: an API token (the default) or a SMART backend client (its client id). */
  readonly actorKind?: 'backend-client';
  /**
   * The page view this request belongs to (the web's `x-ketaclinic-view` header): the reads of one page view of a
   * patient's record are one audit event (docs/adr/0005-audit-log-v2.md, "One page view, one event").
   */
  readonly viewId?: string;
  /** A token with patient/ scopes reaches this patient's records only. */
  readonly compartmentPatientId?: string;
  /** An API token's SMART scopes (what it may do on top of its role). */
  readonly tokenScopes?: readonly SmartScope[];
}

/** Everything buildApp needs from outside, passed in explicitly (no module-level singletons). */
export interface AppDeps {
  readonly database: DatabaseHandle;
  /** The clock. Tests pass a fixed or controllable one. */
  readonly clock: () => Date;
  /** Waits (sign-in throttling). Tests pass one that records instead of waiting. */
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** Where the request log goes (default: standard output); tests capture it to scan for secrets. */
  readonly logStream?: { write(line: string): unknown };
  /** Periodic jobs (alert escalation); tests turn them off and call the jobs themselves. */
  readonly runBackgroundJobs?: boolean;
  /** Validate every 2xx body against its route's response schema (default: KETACLINIC_CHECK_RESPONSES=1, set by the tests). */
  readonly checkResponses?: boolean;
}

export type Db = Kysely<Database>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Every route must declare who may call it. */
    access?: RouteAccess;
    /** A stream that stays open by design (Server-Sent Events): its length is not a slow answer. */
    longLived?: boolean;
    /**
     * Callable while the account still has a temporary password (sign-out, who am I, the second factor, the password
     * change itself). Every other route answers 403 `password-change-required` until the password is changed.
     */
    allowWithTemporaryPassword?: boolean;
    /**
     * The SMART scope an API token needs here (a FHIR type and interaction, `*` for routes over several types).
     * Routes without it refuse API tokens: only the FHIR server (and bulk export) accepts them.
     */
    tokenScope?: { readonly resourceType: string; readonly interaction: ScopeInteraction };
  }
  interface FastifyRequest {
    principal: Principal | undefined;
    /** The principal, or 401 when there is none (for routes that require sign-in). */
    requirePrincipal(): Principal;
    /** Appends an event to the audit log for this request's principal and client address. */
    audit(event: AuditEvent): Promise<void>;
  }
  interface FastifyInstance {
    config: AppConfig;
    deps: AppDeps;
  }
}
