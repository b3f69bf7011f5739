/**
 * Revoking a clinic's machine credential (an API token, a backend client): the first revocation is audited and
 * answers the revoked row; revoking again changes nothing and answers the row as it is; an id the clinic does not
 * have is a 404.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';

/** The two queries a credential's repository answers for revoking one of a clinic's rows. */
export interface RevocableCredentials<Row> {
  /** Revokes a live row of the clinic; undefined when there is none (unknown, other clinic, already revoked). */
  revoke(trx: Transaction<Database>, clinicId: string, id: string, by: string, at: Date): Promise<Row | undefined>;
  find(trx: Transaction<Database>, clinicId: string, id: string): Promise<Row | undefined>;
}

export async function revokeCredential<Row>(
  ctx: RequestContext,
  id: string,
  deps: { repository: RevocableCredentials<Row>; audit: AuditService; transact: Transact; now: Date },
  names: { resourceType: string; notFound: string },
): Promise<Row> {
  const { repository, audit, transact, now } = deps;
  return transact(async (trx) => {
    const row = await repository.revoke(trx, ctx.principal.clinicId, id, ctx.principal.userId, now);
    if (!row) {
      const existing = await repository.find(trx, ctx.principal.clinicId, id);
      if (!existing) throw new NotFoundError(names.notFound);
      return existing; // already revoked: revoking again changes nothing
    }
    await audit.record(
      ctx,
      { action: 'revoke', resourceType: names.resourceType, resourceId: id, occurredAt: now },
      trx,
    );
    return row;
  });
}
