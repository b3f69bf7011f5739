/**
 * What the clinic is told when a module's write commits: the live channel (boards and session screens refetch) and,
 * for three events, a webhook delivery. The alerts, measures and treatment-day modules each declare the notices
 * they give (`AlertNotices`, `MeasureNotices`, `TreatmentDayNotices`) and never import this folder or the webhooks
 * module; app.ts hands them this one object. Every notice runs inside the writer's transaction, so it goes out only
 * if the write commits, and carries ids and the time only, never patient data.
 */
import type { Transaction } from 'kysely';
import type { Database } from '../db/schema.js';
import type { AlertNotices, RaisedAlert } from '../modules/alerts/alerts.service.js';
import type { MeasureNotices, StoredMeasure } from '../modules/measures/measure-recorder.js';
import type { BoardChange, Discharge, TreatmentDayNotices } from '../modules/treatment-day/treatment-day.types.js';
import type { WebhookEvents } from '../modules/webhooks/webhook-events.js';
import { publishClinicEvent } from './clinic-events.repository.js';

export class ClinicNotices implements AlertNotices, MeasureNotices, TreatmentDayNotices {
  constructor(private readonly webhooks: Pick<WebhookEvents, 'emit'>) {}

  /** A raised suicide-risk alert names no session: every board and session screen refetches, so a chair waiting for
   * a prescriber's evaluation shows at once (issue 10 item 2). */
  async alertRaised(trx: Transaction<Database>, clinicId: string, alert: RaisedAlert): Promise<void> {
    await publishClinicEvent(trx, clinicId, { topic: 'alert', sessionId: null });
    await this.webhooks.emit(trx, {
      type: 'alert.raised',
      clinicId,
      patientId: alert.patientId,
      resourceId: alert.id,
      measureId: alert.measureId,
      occurredAt: alert.raisedAt,
    });
  }

  async measureStored(trx: Transaction<Database>, measure: StoredMeasure): Promise<void> {
    await this.webhooks.emit(trx, {
      type: 'measure.stored',
      clinicId: measure.clinicId,
      patientId: measure.patientId,
      resourceId: measure.id,
      occurredAt: measure.recordedAt,
    });
  }

  async boardChanged(trx: Transaction<Database>, clinicId: string, change: BoardChange): Promise<void> {
    await publishClinicEvent(trx, clinicId, change);
  }

  async sessionDischarged(trx: Transaction<Database>, discharge: Discharge): Promise<void> {
    await this.webhooks.emit(trx, {
      type: 'session.discharged',
      clinicId: discharge.clinicId,
      patientId: discharge.patientId,
      resourceId: discharge.sessionId,
      occurredAt: discharge.at,
    });
  }
}
