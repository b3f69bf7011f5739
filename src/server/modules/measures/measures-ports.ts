/**
 * What the measures module reads from other modules (issue 13): each read comes from the module that owns the table,
 * through just the methods named here, so measures' repository queries only measures' tables. Scheduling does not
 * depend on measures; this is a type-only import and app.ts passes the owner in.
 */
import type { SchedulingRepository } from '../scheduling/scheduling.repository.js';

export interface MeasuresPorts {
  /**
   * Scheduling's sessions: a patient's sessions (the time axis of their measures, and the session a measure names),
   * the patients with a session soon (the clinic's due list) with the sessions that can still make a measure due,
   * and past sessions recorded for demo data and imports.
   */
  readonly scheduling: Pick<
    SchedulingRepository,
    | 'sessionsForPatient'
    | 'sessionBelongsToPatient'
    | 'insertPastSession'
    | 'patientsWithSessionsBetween'
    | 'dueHistorySessions'
  >;
}
