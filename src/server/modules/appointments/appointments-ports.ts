/**
 * What the appointments module reads from other modules (issue 13): each read comes from the module that owns the
 * table, through just the methods named here, so appointments' repository queries only appointments' tables.
 * None of these modules depends on appointments; these are type-only imports and app.ts passes the owners in.
 */
import type { PatientLookup } from '../patients/patient-lookup.js';
import type { PlansRepository } from '../plans/plans.repository.js';
import type { SchedulingRepository } from '../scheduling/scheduling.repository.js';
import type { UsersRepository } from '../users/users.repository.js';

export interface AppointmentsPorts {
  /** The patient a booking is for. */
  readonly patients: PatientLookup;
  /** The clinician a booking names, and the staff the calendar offers. */
  readonly users: Pick<UsersRepository, 'findStaffMember' | 'bookableStaff'>;
  /**
   * Scheduling's chairs (a booking that holds a chair, and its name) and plan sessions: the calendar shows the sessions that hold
   * staff or chair time beside appointments, and the reminders' sweep reminds patients of upcoming sessions.
   */
  readonly scheduling: Pick<
    SchedulingRepository,
    'findChair' | 'activeChairs' | 'chairNames' | 'planSessionsHoldingTime' | 'upcomingPlanSessions'
  >;
  /** The protocol of each upcoming session's plan: what the reminder asks the patient to prepare. */
  readonly plans: Pick<PlansRepository, 'protocolsOf'>;
}

/** A plan session as the appointments calendar shows it. */
export type CalendarPlanSessionRow = Awaited<
  ReturnType<AppointmentsPorts['scheduling']['planSessionsHoldingTime']>
>[number];
