/** Scheduling's codes, its chair-conflict error and small helpers shared by its services. */
import type { Transact } from '../../db/transaction.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { ConflictError, NotFoundError, type ProblemField } from '../../errors/http-errors.js';
import { type ClinicContext } from '../clinics/clinic-context.js';
import { instantToLocal } from '../clinics/clinic-time.js';
import type { SchedulingRepository } from './scheduling.repository.js';
import { withPlanProtocols, type SchedulingPorts, type SessionProtocol } from './scheduling-ports.js';

/** A chair double-booking refused: 409 with a code the web app can recognise. */
export class ChairConflictError extends ConflictError {
  readonly code = 'chair-double-booked';
}

export {
  CANCEL_REASONS,
  CONFIRMABLE_REQUIREMENTS,
  type CancelReason,
  type ConfirmableRequirement,
} from '../../../domain/scheduling/index.js';

/** A booked session as scheduling reads it, with the protocol of its plan (from plans). */
export type SessionRow = NonNullable<Awaited<ReturnType<SchedulingRepository['findSession']>>> & SessionProtocol;
export type Trx = Parameters<Parameters<Transact>[0]>[0];

export interface Slot {
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly date: string;
  readonly chairMin: number;
}

/**
 * What the scheduling services that book and change sessions work with: scheduling's repository, the clinic's
 * settings, the audit log, transactions and the clock (app.ts builds it once).
 */
export interface SchedulingDeps {
  readonly scheduling: SchedulingRepository;
  readonly clinics: ClinicsRepository;
  readonly audit: AuditService;
  readonly transact: Transact;
  readonly clock: () => Date;
}

/** Internal only (the demo seed): book today's sessions whatever the hour or the day. Never exposed over HTTP. */
export interface BookingOptions {
  readonly ignoreClinicHoursAndPast?: boolean;
}

/** The booked session of the clinic with its plan's protocol, or 404. */
export async function requireSession(
  scheduling: Pick<SchedulingRepository, 'findSession'>,
  plans: SchedulingPorts['plans'],
  clinicId: string,
  sessionId: string,
  trx?: Trx,
): Promise<SessionRow> {
  const row = await scheduling.findSession(clinicId, sessionId, trx);
  if (!row) throw new NotFoundError('No such session in this clinic.');
  const [withProtocol] = await withPlanProtocols(plans, clinicId, [row], trx);
  return withProtocol!;
}

export function isDatabaseError(error: unknown, code: string): error is { code: string; constraint?: string } {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === code;
}

/**
 * What a write that names something unique (a chair, a room, an appointment type's code) throws when the database
 * refuses it as taken (23505): a 409 naming `field`; any other error as it was.
 */
export function takenConflict(error: unknown, message: string, field = 'name'): unknown {
  return isDatabaseError(error, '23505') ? new ConflictError(message, [{ field, message: 'is taken' }]) : error;
}

export function chairConflict(
  clinic: ClinicContext,
  chair: { id: string; name: string },
  slot: Slot,
  clashes: ReadonlyArray<{ startsAt: Date; endsAt: Date }>,
): ChairConflictError {
  const wanted = `${instantToLocal(slot.startsAt, clinic.timeZone).replace('T', ' ')}-${instantToLocal(slot.endsAt, clinic.timeZone).slice(11)}`;
  const taken = clashes
    .map(
      (c) =>
        `${instantToLocal(c.startsAt, clinic.timeZone).slice(11)}-${instantToLocal(c.endsAt, clinic.timeZone).slice(11)}`,
    )
    .join(', ');
  const fields: ProblemField[] = [
    { field: 'chairId', message: `${chair.name} is taken ${taken}` },
    { field: 'start', message: `overlaps ${taken}` },
  ];
  return new ChairConflictError(
    `${chair.name} is already booked ${taken} on ${slot.date}, so ${wanted} is not free. Choose another chair or time.`,
    fields,
  );
}

export function chairDto(c: {
  id: string;
  name: string;
  room: string | null;
  isActive: boolean;
  createdAt: Date;
  updatedAt: Date;
}) {
  return {
    id: c.id,
    name: c.name,
    room: c.room,
    isActive: c.isActive,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}
