/**
 * Appointment reminders (issue 14): the outbox worker calls `queueDue(now)` each round; every booked appointment
 * and scheduled plan session starting within the next 48 hours gets the reminders due now (src/domain/messaging),
 * by mail when the patient has an email address and by text when they have a phone number. Each reminder has a
 * key (visit, start, reminder, channel), so it is queued once however often the sweep runs or how many servers run
 * it; a moved visit gets new keys (its old unsent reminders are withdrawn by the move).
 */
import {
  dueReminders,
  preparationFromProtocol,
  preparationSteps,
  reminderHorizonMin,
  type PreparationStep,
  type ReminderCode,
} from '../../../domain/messaging/reminders.js';
import { planProtocol } from '../plans/plans.service.js';
import type { Transact } from '../../db/transaction.js';
import { anonymousContext, type AuditService } from '../audit/audit.service.js';
import type { NewOutboxMessage, OutboxRepository } from '../outbox/outbox.repository.js';
import { instantToLocal } from '../clinics/clinic-time.js';
import { withPlanProtocols } from '../scheduling/scheduling-ports.js';
import { appointmentReminderKeyPrefix } from './appointments.service.js';
import type { AppointmentsPorts } from './appointments-ports.js';
import type { AppointmentsRepository } from './appointments.repository.js';

export interface Visit {
  readonly kind: 'appointment' | 'session';
  readonly id: string;
  readonly clinicId: string;
  readonly clinicName: string;
  readonly timeZone: string;
  readonly patientId: string;
  readonly givenName: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly startsAt: Date;
  /** 'Consultation', 'Esketamine treatment (session 3)'. */
  readonly title: string;
  /** What the patient does before the visit (a dosing session's fasting, nasal sprays, ride home). */
  readonly preparation: readonly PreparationStep[];
  readonly place: string | null;
  readonly videoLink: string | null;
}

const MODALITY_TITLES: Record<string, string> = {
  'esketamine-nasal': 'esketamine (SPRAVATO) treatment',
  'iv-ketamine': 'ketamine infusion',
  'iv-ketamine-pain': 'ketamine infusion',
  'im-ketamine': 'ketamine treatment',
  kap: 'ketamine-assisted therapy session',
};

/** The day and time of a visit in the clinic's zone, e.g. "Wednesday, November 4 at 10:00". */
export function visitWhen(at: Date, timeZone: string): string {
  const day = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric' }).format(at);
  return `${day} at ${instantToLocal(at, timeZone).slice(11)}`;
}

/** The mail and text of one reminder. */
export function reminderMessage(visit: Visit, code: ReminderCode): { subject: string; email: string; sms: string } {
  const when = visitWhen(visit.startsAt, visit.timeZone);
  const lead = code === '2h' ? 'today' : 'soon';
  const steps = visit.preparation;
  const lines = [
    `Hello ${visit.givenName},`,
    '',
    `This is a reminder of your ${visit.title} at ${visit.clinicName} ${lead}: ${when}${visit.place ? ` (${visit.place})` : ''}.`,
    ...(visit.videoLink ? ['', `Join by video: ${visit.videoLink}`] : []),
    ...(steps.length > 0 ? ['', 'Before your treatment:', ...steps.map((s) => `- ${s.text}`)] : []),
    '',
    'If you need to change or cancel, please call the clinic.',
    '',
    visit.clinicName,
  ];
  const sms = [
    `${visit.clinicName}: reminder of your ${visit.title} ${when}.`,
    ...steps.map((s) => s.text),
    ...(visit.videoLink ? [`Video: ${visit.videoLink}`] : []),
  ].join(' ');
  return { subject: `Reminder: your ${visit.title} on ${when}`, email: lines.join('\n'), sms };
}

/** The plan's protocol as the clinic set it, or the modality's defaults for a session without a known protocol. */
function sessionPreparation(s: {
  modality: string;
  protocolId: string | null;
  protocolSettings: Record<string, unknown> | null;
}): PreparationStep[] {
  if (s.protocolId) {
    try {
      return preparationFromProtocol(
        planProtocol({ protocolId: s.protocolId, protocolSettings: s.protocolSettings ?? {} }).preSession,
      );
    } catch {
      // A protocol this version does not know: fall back to the modality's defaults below.
    }
  }
  return preparationSteps(s.modality);
}

export class RemindersService {
  constructor(
    private readonly appointments: AppointmentsRepository,
    private readonly ports: AppointmentsPorts,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
  ) {}

  /** Queues every reminder due at `now` that is not queued yet; returns how many were queued. */
  async queueDue(now: Date): Promise<number> {
    const horizon = new Date(now.getTime() + reminderHorizonMin() * 60_000);
    const [appointments, sessions] = await Promise.all([
      this.appointments.upcomingAppointments(now, horizon),
      this.ports.scheduling
        .upcomingPlanSessions(now, horizon)
        .then((rows) => withPlanProtocols(this.ports.plans, null, rows)),
    ]);
    const visits: Visit[] = [
      ...appointments.map((a) => ({
        kind: 'appointment' as const,
        id: a.id,
        clinicId: a.clinicId,
        clinicName: a.clinicName,
        timeZone: a.timeZone,
        patientId: a.patientId,
        givenName: a.givenName,
        email: a.email,
        phone: a.phone,
        startsAt: a.startsAt,
        title: a.typeName,
        preparation: [],
        place: a.isTelehealth ? 'by video' : a.roomName,
        videoLink: a.videoLink,
      })),
      ...sessions.map((s) => ({
        kind: 'session' as const,
        id: s.id,
        clinicId: s.clinicId,
        clinicName: s.clinicName,
        timeZone: s.timeZone,
        patientId: s.patientId,
        givenName: s.givenName,
        email: s.email,
        phone: s.phone,
        startsAt: s.startsAt,
        title: MODALITY_TITLES[s.modality] ?? 'treatment',
        preparation: sessionPreparation(s),
        place: null,
        videoLink: null,
      })),
    ];
    const due = visits.map((visit) => ({
      visit,
      rows: dueReminders(visit.startsAt, now).flatMap((code) => this.messagesFor(visit, code)),
    }));
    // Most rounds find everything queued already: one read instead of a write per visit (the unique key still
    // decides when two servers race).
    const queuedKeys = await this.outbox.existingKeys(due.flatMap((d) => d.rows.map((r) => r.dedupeKey!)));
    let queued = 0;
    for (const { visit, rows: all } of due) {
      const rows = all.filter((r) => !queuedKeys.has(r.dedupeKey!));
      if (rows.length === 0) continue;
      queued += await this.transact(async (trx) => {
        const inserted = await this.outbox.enqueue(trx, rows, now);
        for (const row of inserted) {
          await this.audit.record(
            anonymousContext(),
            {
              action: 'queue-message',
              resourceType: 'Outbox',
              resourceId: row.id,
              patientId: visit.patientId,
              occurredAt: now,
              detail: { kind: 'appointment-reminder', channel: row.channel, visit: visit.kind },
            },
            trx,
          );
        }
        return inserted.length;
      });
    }
    return queued;
  }

  private messagesFor(visit: Visit, code: ReminderCode): NewOutboxMessage[] {
    const text = reminderMessage(visit, code);
    const prefix =
      visit.kind === 'appointment' ? appointmentReminderKeyPrefix(visit.id) : `reminder:session:${visit.id}:`;
    const key = (channel: string) => `${prefix}${visit.startsAt.toISOString()}:${code}:${channel}`;
    const base = { clinicId: visit.clinicId, patientId: visit.patientId, kind: `reminder-${code}`, createdBy: null };
    return [
      ...(visit.email
        ? [
            {
              ...base,
              channel: 'email' as const,
              recipient: visit.email,
              subject: text.subject,
              body: text.email,
              dedupeKey: key('email'),
            },
          ]
        : []),
      ...(visit.phone
        ? [
            {
              ...base,
              channel: 'sms' as const,
              recipient: visit.phone,
              subject: null,
              body: text.sms,
              dedupeKey: key('sms'),
            },
          ]
        : []),
    ];
  }
}
