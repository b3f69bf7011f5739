/**
 * What the treatment day tells other modules about its sessions, read from this module's own tables: the ledger
 * (what a session record says was given, which sessions were dosed, each session's phase) and scheduling (REMS
 * enrolments and check-ins for the reminders). It depends on nothing but this module's repository, the clinic's
 * settings and the clock, so the modules the treatment day itself uses (the ledger's lots) can use it without a cycle (issue 13).
 * No audit here: each caller audits the read it serves.
 */
import type { Transaction } from 'kysely';
import { chairStatus } from '../../../domain/monitoring/index.js';
import { isTreatmentModality, type SessionEvent } from '../../../domain/session/index.js';
import type { Database } from '../../db/schema.js';
import { NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { TreatmentDayReader } from '../ledger/ledger-session-record.js';
import { administrationOfRecord, type RecordedAdministration } from './treatment-day-administration.js';
import { readSessionRecord } from './treatment-day-record.js';
import type { AlertRow, EntryRow, TreatmentDayRepository } from './treatment-day.repository.js';
import { resolveTreatmentDaySettings } from './treatment-day-settings.js';
import type { Loaded } from './treatment-day.types.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';
import { resolveClinicSettings } from '../clinics/clinic-settings.js';

/** A session with its journal, alerts and the clinic's settings; given a transaction, the session is locked first. */
export async function loadTreatmentSession(
  repo: TreatmentDayRepository,
  clinics: TreatmentDayPorts['clinics'],
  clinicId: string,
  sessionId: string,
  trx?: Transaction<Database>,
): Promise<Loaded> {
  const session = trx
    ? await repo.findSessionForUpdate(trx, clinicId, sessionId)
    : await repo.findSession(clinicId, sessionId);
  if (!session) throw new NotFoundError('No such session in this clinic.');
  if (!isTreatmentModality(session.modality)) {
    throw new RuleRefusedError(
      `The treatment day supports IV ketamine and esketamine sessions; this session is ${session.modality}.`,
      'modality-not-supported',
    );
  }
  const [entries, alerts, clinic] = await Promise.all([
    repo.entries(clinicId, sessionId, trx),
    repo.alerts(clinicId, sessionId, trx),
    clinics.findById(clinicId, trx),
  ]);
  if (!clinic) throw new NotFoundError('No such clinic.');
  return {
    session,
    modality: session.modality,
    record: readSessionRecord(entries),
    alerts,
    timeZone: clinic.timeZone,
    clinicName: clinic.name,
    locale: resolveClinicSettings(clinic.settings).locale,
    settings: resolveTreatmentDaySettings(clinic.settings),
  };
}

/**
 * The session as a write to it leaves it: what the write loaded under the session's lock, with the entry it added
 * and the session's alerts as read inside it. This is the state the write commits, so its answer can show the
 * session without reading it again (issue 11: the board's write path).
 */
export function afterEntryAdded(s: Loaded, entry: EntryRow, alerts: readonly AlertRow[]): Loaded {
  return { ...s, record: readSessionRecord([...s.record.entries, entry]), alerts };
}

export class TreatmentDayRecords implements TreatmentDayReader {
  constructor(
    private readonly repo: TreatmentDayRepository,
    private readonly clinics: TreatmentDayPorts['clinics'],
    private readonly clock: () => Date,
  ) {}

  /** The record of a session, or null when the session has no treatment-day record (other modalities, unknown id). */
  async administration(clinicId: string, sessionId: string): Promise<RecordedAdministration | null> {
    try {
      const loaded = await loadTreatmentSession(this.repo, this.clinics, clinicId, sessionId);
      return administrationOfRecord(loaded.modality, loaded.record);
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      if (error instanceof RuleRefusedError && error.code === 'modality-not-supported') return null;
      throw error;
    }
  }

  /** Sessions with a dose given (infusion started or device given), for the ledger's reconciliation (no audit: the ledger audits its read). */
  async dosedSessions(clinicId: string) {
    const rows = await this.repo.dosedSessions(clinicId);
    return rows.map((r) => ({
      sessionId: r.sessionId,
      patientId: r.patientId,
      startsAt: r.startsAt,
      dosedAt: new Date(r.dosedAt as unknown as string | Date),
    }));
  }

  /**
   * Sessions starting in [from, to) with the phase their treatment-day record is in (the booking status stays
   * "scheduled" while the patient is dosed): `booked` before check-in, then the domain's phases; null for modalities
   * without a treatment-day record. For the ledger's session list, which audits the read.
   */
  async sessionsWithPhase(clinicId: string, from: Date, to: Date) {
    const clinic = await this.clinics.findById(clinicId);
    if (!clinic) throw new NotFoundError('No such clinic.');
    const settings = resolveTreatmentDaySettings(clinic.settings);
    const now = this.clock();
    const rows = await this.repo.sessionsStartingBetween(clinicId, from, to);
    const entries = await this.repo.entriesForSessions(
      clinicId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => {
      const record = readSessionRecord(entries.filter((e) => e.sessionId === r.id));
      const isDosed = record.events.some((e) => e.type === 'infusion-started' || e.type === 'device-administered');
      let phase: string | null = null;
      if (isTreatmentModality(r.modality)) {
        phase =
          record.checkIn || isDosed
            ? chairStatus({
                modality: r.modality,
                events: record.events as SessionEvent[],
                now,
                settings: settings.monitoring,
              }).phase
            : r.status === 'cancelled' || r.status === 'no-show'
              ? r.status
              : 'booked';
      } else if (r.status === 'completed') {
        phase = 'completed';
      }
      return {
        id: r.id,
        patientId: r.patientId,
        patient: { givenName: r.givenName, familyName: r.familyName, mrn: r.mrn },
        modality: r.modality,
        sessionNumber: r.sessionNumber,
        status: r.status,
        startsAt: r.startsAt.toISOString(),
        endsAt: r.endsAt.toISOString(),
        chair: r.chairId ? { id: r.chairId, name: r.chairName ?? '' } : null,
        doseMg: r.doseMg === null ? null : Number(r.doseMg),
        phase,
        isDosed,
      };
    });
  }

  /** The first recorded REMS enrolment of each of these patients (what the session checklist reads). */
  remsEnrolments(clinicId: string, patientIds: readonly string[]) {
    return this.repo.firstRemsEnrolments(clinicId, patientIds);
  }

  /** The sessions' check-in entries, oldest first (the last one stands): the ride home is recorded there. */
  checkIns(clinicId: string, sessionIds: readonly string[]) {
    return this.repo.checkIns(clinicId, sessionIds);
  }
}
