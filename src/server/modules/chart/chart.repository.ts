/** The reads behind the chart at a glance: one patient's plans, sessions, scores, alerts, consents, REMS and intake. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { TreatmentDayTables } from '../treatment-day/treatment-day.tables.js';

type ChartDatabase = Database & TreatmentDayTables;

export class ChartRepository {
  private readonly db: Kysely<ChartDatabase>;

  constructor(db: Kysely<Database>) {
    this.db = db.withTables<TreatmentDayTables>();
  }

  clinic(clinicId: string) {
    return this.db
      .selectFrom('clinic')
      .select(['id', 'timeZone', 'settings'])
      .where('id', '=', clinicId)
      .executeTakeFirst();
  }

  patient(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('patient')
      .select(['id', 'mrn', 'givenName', 'familyName', 'dateOfBirth', 'sex'])
      .where('clinicId', '=', clinicId)
      .where('id', '=', patientId)
      .executeTakeFirst();
  }

  plans(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('treatmentPlan')
      .select(['id', 'modality', 'protocolId', 'status', 'startDate', 'signedAt', 'sessions', 'createdAt'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('createdAt', 'desc')
      .execute();
  }

  /** Every session of the patient, oldest first, with its chair, its staff member and whether a note was signed. */
  sessions(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('treatmentSession as s')
      .leftJoin('chair as c', 'c.id', 's.chairId')
      .leftJoin('appUser as u', 'u.id', 's.staffId')
      .select((eb) => [
        's.id',
        's.startsAt',
        's.endsAt',
        's.modality',
        's.sessionNumber',
        's.phase',
        's.status',
        's.planId',
        'c.name as chairName',
        'u.displayName as staffName',
        eb
          .exists(
            eb
              .selectFrom('sessionNote as n')
              .select('n.id')
              .whereRef('n.sessionId', '=', 's.id')
              .where('n.clinicId', '=', clinicId)
              .where('n.kind', '=', 'signed'),
          )
          .as('hasSignedNote'),
      ])
      .where('s.clinicId', '=', clinicId)
      .where('s.patientId', '=', patientId)
      .orderBy('s.startsAt')
      .orderBy('s.id')
      .execute();
  }

  scores(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('measure')
      .select(['instrumentId', 'total', 'band', 'observedAt'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .where('total', 'is not', null)
      .orderBy('observedAt')
      .orderBy('recordedAt')
      .execute();
  }

  latestMeasurementSchedule(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('measurementSchedule')
      .select('rules')
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  openAlerts(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('safetyAlert')
      .select(['severity'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .where('acknowledgedAt', 'is', null)
      .execute();
  }

  consents(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('consentSignature')
      .select(['modality', 'documentId', 'documentVersion', 'documentSha256', 'signedAt'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('signedAt', 'desc')
      .execute();
  }

  latestRemsEnrolment(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('remsPatientEnrolment')
      .select(['enrolledOn'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('recordedAt', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  latestIntake(clinicId: string, patientId: string) {
    return this.db
      .selectFrom('patientIntake')
      .select(['data'])
      .where('clinicId', '=', clinicId)
      .where('patientId', '=', patientId)
      .orderBy('version', 'desc')
      .limit(1)
      .executeTakeFirst();
  }
}
