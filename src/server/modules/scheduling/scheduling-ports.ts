/**
 * What scheduling reads from other modules (issue 13): each read comes from the module that owns the table, through
 * just the methods named here, so scheduling's repository queries only scheduling's tables (it still joins staff
 * and patient names, and the clinic, for display). The clinic's care settings are written through clinics
 * (care-settings.service.ts). These are type-only imports and app.ts passes the owners in.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ConsentRepository } from '../consent/consent.repository.js';
import type { PlansRepository } from '../plans/plans.repository.js';
import type { UsersRepository } from '../users/users.repository.js';

export interface SchedulingPorts {
  /** The clinic's staff (the calendar's list, whose shifts), and the one staff member a shift or booking names. */
  readonly users: Pick<UsersRepository, 'staffMembers' | 'findStaffMember'>;
  /** The protocol of the plan each session is booked from (its reminders, the spacing a move keeps). */
  readonly plans: Pick<PlansRepository, 'protocolsOf'>;
  /** Each patient's latest consent per modality (the reminders: is the signed document the current one). */
  readonly consent: Pick<ConsentRepository, 'latestSignatures'>;
}

/** The protocol a session follows: its plan's, or none for a session of no plan. */
export interface SessionProtocol {
  readonly protocolId: string | null;
  readonly protocolSettings: Record<string, unknown> | null;
}

/** These sessions, each with the protocol of its plan (read from plans in one query, in `trx` when given). */
export async function withPlanProtocols<T extends { planId: string | null }>(
  plans: SchedulingPorts['plans'],
  clinicId: string | null,
  rows: readonly T[],
  trx?: Transaction<Database>,
): Promise<Array<T & SessionProtocol>> {
  const protocols = await plans.protocolsOf(
    clinicId,
    rows.flatMap((r) => (r.planId ? [r.planId] : [])),
    trx,
  );
  return rows.map((r) => {
    const plan = r.planId ? protocols.get(r.planId) : undefined;
    return { ...r, protocolId: plan?.protocolId ?? null, protocolSettings: plan?.protocolSettings ?? null };
  });
}
