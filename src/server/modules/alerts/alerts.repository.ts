import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';

export interface NewAlert {
  clinicId: string;
  patientId: string;
  measureId: string | null;
  kind: string;
  severity: 'low' | 'moderate' | 'high';
  reasons: string[];
  source: string;
  createdAt: Date;
  escalationDueAt: Date;
}

const SEVERITY_ORDER = { high: 3, moderate: 2, low: 1 } as const;

export class AlertsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  insert(trx: Transaction<Database>, alert: NewAlert) {
    return trx
      .insertInto('safetyAlert')
      .values({ ...alert, reasons: JSON.stringify(alert.reasons) })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * For these measures: the treatment sessions of the same patient on the same calendar day (clinic time zone),
   * still live and not discharged, where no prescriber has evaluated the measure yet (issue 10 item 2). The caller
   * asks the domain whether the answer is a same-day suicide-risk signal.
   */
  async unevaluatedSameDaySessions(clinicId: string, measureIds: readonly string[]) {
    if (measureIds.length === 0) return [];
    const { rows } = await sql<{
      measureId: string;
      instrumentId: string;
      band: string | null;
      answers: Record<string, number | boolean>;
      observedAt: Date;
      sessionId: string;
      modality: string;
      startsAt: Date;
      chairName: string | null;
      timeZone: string;
    }>`
      select m.id as "measureId", m.instrument_id as "instrumentId", m.band as "band", m.answers as "answers", m.observed_at as "observedAt",
             s.id as "sessionId", s.modality as "modality", s.starts_at as "startsAt", ch.name as "chairName", c.time_zone as "timeZone"
      from measure m
      join clinic c on c.id = m.clinic_id
      join treatment_session s on s.clinic_id = m.clinic_id and s.patient_id = m.patient_id
        and s.status in ('scheduled', 'in-progress', 'completed')
        and (s.starts_at at time zone c.time_zone)::date = (m.observed_at at time zone c.time_zone)::date
      left join chair ch on ch.id = s.chair_id
      where m.clinic_id = ${clinicId} and m.id in (${sql.join([...measureIds])})
        and not exists (select 1 from suicide_risk_evaluation e where e.clinic_id = m.clinic_id and e.measure_id = m.id)
        and not exists (select 1 from treatment_day_entry d where d.clinic_id = s.clinic_id and d.session_id = s.id and d.kind = 'discharged')
      order by s.starts_at`.execute(this.db);
    return rows;
  }

  /** Alerts with their patient's name and MRN, open ones first, most severe first, oldest first. */
  async list(
    clinicId: string,
    filter: { status: 'open' | 'acknowledged' | 'all'; patientId?: string | undefined; limit: number },
  ) {
    let query = this.db
      .selectFrom('safetyAlert as a')
      .innerJoin('patient as p', (j) => j.onRef('p.id', '=', 'a.patientId').onRef('p.clinicId', '=', 'a.clinicId'))
      .leftJoin('appUser as u', 'u.id', 'a.acknowledgedBy')
      .selectAll('a')
      .select(['p.givenName', 'p.familyName', 'p.mrn', 'u.displayName as acknowledgedByName'])
      .where('a.clinicId', '=', clinicId);
    if (filter.status === 'open') query = query.where('a.acknowledgedAt', 'is', null);
    if (filter.status === 'acknowledged') query = query.where('a.acknowledgedAt', 'is not', null);
    if (filter.patientId) query = query.where('a.patientId', '=', filter.patientId);
    const rows = await query.orderBy('a.createdAt', 'desc').limit(filter.limit).execute();
    return rows.sort((x, y) => {
      const openX = x.acknowledgedAt === null ? 1 : 0;
      const openY = y.acknowledgedAt === null ? 1 : 0;
      if (openX !== openY) return openY - openX;
      if (openX === 1) {
        const bySeverity = SEVERITY_ORDER[y.severity] - SEVERITY_ORDER[x.severity];
        return bySeverity !== 0 ? bySeverity : x.createdAt.getTime() - y.createdAt.getTime();
      }
      return y.createdAt.getTime() - x.createdAt.getTime();
    });
  }

  findById(clinicId: string, id: string, trx?: Transaction<Database>) {
    return (trx ?? this.db)
      .selectFrom('safetyAlert')
      .selectAll()
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Acknowledges an open alert; undefined when it was already acknowledged (first acknowledgement wins). */
  acknowledge(
    trx: Transaction<Database>,
    clinicId: string,
    id: string,
    by: string,
    at: Date,
    note: string,
    actions: string[],
  ) {
    return trx
      .updateTable('safetyAlert')
      .set({ acknowledgedAt: at, acknowledgedBy: by, acknowledgementNote: note, actions: JSON.stringify(actions) })
      .where('clinicId', '=', clinicId)
      .where('id', '=', id)
      .where('acknowledgedAt', 'is', null)
      .returningAll()
      .executeTakeFirst();
  }

  /** Open alerts past their escalation time, across all clinics. */
  dueForEscalation(now: Date) {
    return this.db
      .selectFrom('safetyAlert')
      .select(['id', 'clinicId', 'patientId', 'severity'])
      .where('acknowledgedAt', 'is', null)
      .where('escalatedAt', 'is', null)
      .where('escalationDueAt', '<=', now)
      .orderBy('escalationDueAt')
      .limit(500)
      .execute();
  }

  /** Marks one alert escalated; false when another process (or an acknowledgement) got there first. */
  async markEscalated(trx: Transaction<Database>, id: string, at: Date): Promise<boolean> {
    const result = await trx
      .updateTable('safetyAlert')
      .set({ escalatedAt: at })
      .where('id', '=', id)
      .where('escalatedAt', 'is', null)
      .where('acknowledgedAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async notify(
    trx: Transaction<Database>,
    rows: Array<{ clinicId: string; userId: string; alertId: string; kind: string; message: string; createdAt: Date }>,
  ): Promise<void> {
    if (rows.length > 0) await trx.insertInto('staffNotification').values(rows).execute();
  }

  notificationsFor(userId: string, unreadOnly: boolean) {
    let query = this.db.selectFrom('staffNotification').selectAll().where('userId', '=', userId);
    if (unreadOnly) query = query.where('readAt', 'is', null);
    return query.orderBy('createdAt', 'desc').limit(100).execute();
  }

  async markNotificationRead(userId: string, id: string, at: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('staffNotification')
      .set({ readAt: at })
      .where('userId', '=', userId)
      .where('id', '=', id)
      .where('readAt', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }
}
