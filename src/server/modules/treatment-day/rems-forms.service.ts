/**
 * The SPRAVATO REMS Patient Monitoring Form of an esketamine session: its data (prefilled from the record, the
 * clinic's REMS settings and the clinician's answers), its status with the 7-day deadline, the submission date, the
 * clinic's list of ended sessions and the PDF (rems-form.pdf.ts). The rules are the domain's (`src/domain/rems`).
 */
import type { Transaction } from 'kysely';
import { ESKETAMINE_MG_PER_DEVICE } from '../../../domain/dosing/index.js';
import { readTimeline } from '../../../domain/session/index.js';
import {
  buildMonitoringForm,
  formObservationsFromSession,
  formStatus,
  remsRulesFor,
  remsSessionEnd,
  submissionDateProblem,
  submittedAtFor,
  CONCOMITANT_CLASS_LABELS,
  type RemsSessionEnd,
  type ConcomitantMedicationClass,
  type MonitoringForm,
  type MonitoringFormInput,
} from '../../../domain/rems/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { Database } from '../../db/schema.js';
import { BadRequestError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { localDateOf, localToInstant } from '../clinics/clinic-time.js';
import { preDoseReading, readSessionRecord, type SessionRecord } from './treatment-day-record.js';
import type { TreatmentDayRepository } from './treatment-day.repository.js';
import { TreatmentConflictError, type Loaded } from './treatment-day.types.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';
import type { TreatmentDocumentJournal } from './treatment-document-journal.js';
import { renderRemsFormPdf } from './rems-form.pdf.js';

function splitName(displayName: string | undefined): { firstName: string; lastName: string } {
  const name = (displayName ?? '').trim();
  const cut = name.lastIndexOf(' ');
  return cut > 0 ? { firstName: name.slice(0, cut), lastName: name.slice(cut + 1) } : { firstName: name, lastName: '' };
}

/** The end of the clinic day a session was booked on (the next local midnight). */
function clinicDayEnd(startsAt: Date, timeZone: string): Date {
  const day = new Date(`${localDateOf(startsAt, timeZone)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return localToInstant(`${day.toISOString().slice(0, 10)}T00:00`, timeZone);
}

/** The last moment (to the millisecond) of a clinic day, YYYY-MM-DD. */
function endOfClinicDay(day: string, timeZone: string, field?: string): Date {
  return new Date(localToInstant(`${day}T23:59`, timeZone, field).getTime() + 59_999);
}

/** Whether and when an esketamine session ended for the REMS (domain `remsSessionEnd`), from its record and booking. */
function remsEndOf(
  record: SessionRecord,
  session: { status: string; startsAt: Date; endsAt: Date },
  timeZone: string,
  now: Date,
): RemsSessionEnd {
  const t = readTimeline('esketamine-nasal', record.events, now);
  const lastRecordedAt = record.entries.reduce<Date | undefined>(
    (m, e) => (m === undefined || e.occurredAt.getTime() > m.getTime() ? e.occurredAt : m),
    undefined,
  );
  return remsSessionEnd({
    ...(t.dischargedAt ? { dischargedAt: t.dischargedAt } : {}),
    devicesAdministeredAt: t.devicesAdministeredAt,
    scheduleStatus: session.status,
    scheduledEndsAt: session.endsAt,
    ...(lastRecordedAt ? { lastRecordedAt } : {}),
    clinicDayEndsAt: clinicDayEnd(session.startsAt, timeZone),
    now,
  });
}

export interface RemsAnswers {
  isFirstTreatment?: boolean | undefined;
  concomitantMedications?: Record<string, boolean> | undefined;
  sedation?: boolean | undefined;
  dissociation?: boolean | undefined;
  respiratoryDepression?: boolean | undefined;
  pulseOximetryUsed?: boolean | undefined;
  vitalSignsAcceptable?: { beforeAdministration: boolean; beforeCompletion: boolean } | undefined;
  readyToLeaveMinutes?: number | undefined;
  seriousAdverseEventDescription?: string | undefined;
}

export class RemsFormsService {
  constructor(
    private readonly journal: TreatmentDocumentJournal,
    private readonly repo: TreatmentDayRepository,
    private readonly ports: Pick<TreatmentDayPorts, 'clinics' | 'users' | 'scheduling'>,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
  ) {}

  // SPRAVATO REMS ---------------------------------------------------------------------------------------------------------------

  private requireEsketamine(s: Loaded): void {
    if (s.modality !== 'esketamine-nasal')
      throw new RuleRefusedError('REMS Patient Monitoring Forms are for esketamine sessions.', 'not-esketamine');
  }

  /** The form input from the record, the clinic's REMS settings and the clinician's answers (missing parts left out). */
  private async formInput(
    s: Loaded,
    now: Date,
    trx?: Transaction<Database>,
  ): Promise<{ input: MonitoringFormInput; answers: RemsAnswers; monitoringEndedAt?: Date }> {
    const r = s.record;
    const answers = (r.remsForm?.data ?? {}) as RemsAnswers;
    const t = readTimeline(s.modality, r.events, now);
    // Every ended session has a form, however it ended (issue 10 item 15): a session stopped after some devices
    // reports the devices given and ends at the last thing recorded.
    const end = remsEndOf(r, s.session, s.timeZone, now);
    const lastDeviceAt = t.isDosingComplete || end.ended ? t.lastDeviceAt : undefined;
    const monitoringEndedAt = end.ended ? end.endedAt : undefined;
    const names = await this.ports.users.displayNames(
      s.session.clinicId,
      [s.session.prescriberId ?? '', r.discharge?.recordedBy ?? ''],
      trx,
    );
    const observations = lastDeviceAt
      ? formObservationsFromSession({
          ...(preDoseReading(r.checkIn?.data) ? { preDoseVitals: preDoseReading(r.checkIn?.data)! } : {}),
          readings: r.readings,
          moaasRatings: r.moaas,
          lastDeviceAt,
        })
      : undefined;
    const serious = r.adverseEvents.filter((e) => e.serious);
    const treatmentDate = localDateOf(t.devicesAdministeredAt[0] ?? s.session.startsAt, s.timeZone);
    const rules = remsRulesFor(treatmentDate);
    const patientSex = s.session.sex === 'male' || s.session.sex === 'female' ? s.session.sex : 'other';
    const setting = s.settings.rems;
    const concomitant: Partial<Record<ConcomitantMedicationClass, boolean>> = {};
    for (const cls of rules.concomitantMedicationClasses) {
      const value = answers.concomitantMedications?.[cls];
      if (typeof value === 'boolean') concomitant[cls] = value;
    }
    const spo2Recorded =
      r.readings.some((v) => v.spo2 !== undefined) || r.checkIn?.data.preDoseVitals?.spo2 !== undefined;
    const input = {
      setting: setting.setting,
      patient: {
        firstName: s.session.givenName,
        lastName: s.session.familyName,
        birthDate: s.session.dateOfBirth,
        sex: patientSex,
      },
      isFirstTreatment: answers.isFirstTreatment ?? s.session.sessionNumber === 1,
      patientEnrolled:
        (await this.repo.remsEnrolments(s.session.clinicId, s.session.patientId, trx)).length > 0 ||
        (await this.ports.scheduling.hasRemsConfirmation(s.session.clinicId, s.session.id, trx)),
      concomitantMedications: concomitant,
      prescriber: splitName(names.get(s.session.prescriberId ?? '')),
      monitoringProvider: {
        ...splitName(names.get(r.discharge?.recordedBy ?? '') ?? s.session.staffName ?? ''),
        phone: setting.monitoringContact.phone ?? '',
        email: setting.monitoringContact.email ?? '',
      },
      healthcareSetting: {
        name: setting.healthcareSetting.name ?? s.clinicName,
        address1: setting.healthcareSetting.address1 ?? '',
        ...(setting.healthcareSetting.address2 ? { address2: setting.healthcareSetting.address2 } : {}),
        city: setting.healthcareSetting.city ?? '',
        state: setting.healthcareSetting.state ?? '',
        zip: setting.healthcareSetting.zip ?? '',
      },
      treatmentDate,
      doseMg: t.devicesAdministeredAt.length * ESKETAMINE_MG_PER_DEVICE,
      lotNumbers: r.dose ? [r.dose.data.lotNumber] : [],
      ...(t.devicesAdministeredAt[0] ? { firstDeviceAt: t.devicesAdministeredAt[0] } : {}),
      ...(lastDeviceAt ? { lastDeviceAt } : {}),
      ...(monitoringEndedAt ? { monitoringEndedAt } : {}),
      ...(answers.readyToLeaveMinutes !== undefined ? { readyToLeaveMinutes: answers.readyToLeaveMinutes } : {}),
      ...(answers.vitalSignsAcceptable ? { vitalSignsAcceptable: answers.vitalSignsAcceptable } : {}),
      bloodPressure: {
        ...(observations?.beforeAdministration ? { beforeAdministration: observations.beforeAdministration } : {}),
        ...(observations?.fortyMinutesAfter ? { fortyMinutesAfter: observations.fortyMinutesAfter } : {}),
        ...(observations?.beforeCompletion ? { beforeCompletion: observations.beforeCompletion } : {}),
      },
      ...(answers.sedation !== undefined ? { sedation: answers.sedation } : {}),
      ...(answers.dissociation !== undefined ? { dissociation: answers.dissociation } : {}),
      respiratory: {
        respiratoryDepression:
          answers.respiratoryDepression ?? r.adverseEvents.some((e) => e.type === 'respiratory-depression'),
        pulseOximetryUsed: answers.pulseOximetryUsed ?? spo2Recorded,
        ...(observations?.lowestSpo2 !== undefined ? { lowestSpo2: observations.lowestSpo2 } : {}),
      },
      seriousAdverseEvents: {
        occurred: serious.length > 0,
        ...(serious.length > 0
          ? {
              description:
                answers.seriousAdverseEventDescription ??
                serious.map((e) => `${e.type}${e.description ? `: ${e.description}` : ''} (${e.outcome})`).join('; '),
            }
          : {}),
      },
    } as unknown as MonitoringFormInput;
    return { input, answers, ...(monitoringEndedAt ? { monitoringEndedAt } : {}) };
  }

  private statusOf(s: Loaded, monitoringEndedAt: Date | undefined, now: Date) {
    if (!monitoringEndedAt) return null;
    const submittedOn = s.record.remsSubmitted?.data.submittedOn as string | undefined;
    const submittedAt = submittedOn ? this.submittedInstant(s, submittedOn, monitoringEndedAt) : undefined;
    const status = formStatus(
      monitoringEndedAt,
      submittedAt,
      now,
      remsRulesFor(localDateOf(monitoringEndedAt, s.timeZone)),
    );
    return {
      status: status.status,
      deadline: status.deadline.toISOString(),
      submittedOn: submittedOn ?? null,
      submittedLate: status.submittedLate ?? null,
      msUntilDeadline: status.msUntilDeadline ?? null,
      ruleVersion: status.ruleVersion,
    };
  }

  /** A submission date as an instant: the end of that clinic day, or the session's end if later (never before it). */
  private submittedInstant(s: Loaded, submittedOn: string, monitoringEndedAt: Date): Date {
    return submittedAtFor(endOfClinicDay(submittedOn, s.timeZone, 'submittedOn'), monitoringEndedAt);
  }

  private tryBuild(input: MonitoringFormInput): {
    form: MonitoringForm | null;
    missing: ReadonlyArray<{ field: string; message: string }>;
  } {
    try {
      return { form: buildMonitoringForm(input), missing: [] };
    } catch (error) {
      if (error instanceof DomainValidationError) return { form: null, missing: error.issues };
      throw error;
    }
  }

  async remsForm(ctx: RequestContext, sessionId: string) {
    const s = await this.journal.read(ctx, sessionId, 'rems-form');
    this.requireEsketamine(s);
    const now = this.clock();
    const { input, answers, monitoringEndedAt } = await this.formInput(s, now);
    const { form, missing } = this.tryBuild(input);
    return {
      sessionId,
      answers,
      prefilled: input,
      form,
      missing,
      isComplete: form !== null,
      concomitantClasses: remsRulesFor(input.treatmentDate).concomitantMedicationClasses.map((c) => ({
        code: c,
        label: CONCOMITANT_CLASS_LABELS[c],
      })),
      status: this.statusOf(s, monitoringEndedAt, now),
    };
  }

  async saveRemsForm(ctx: RequestContext, sessionId: string, input: RemsAnswers) {
    await this.journal.write(ctx, sessionId, 'edit-rems-form', async (trx, s, now) => {
      this.requireEsketamine(s);
      if (s.record.remsSubmitted)
        throw new TreatmentConflictError(
          'The form was submitted; it can no longer change here.',
          'rems-form-submitted',
        );
      const previous = (s.record.remsForm?.data ?? {}) as RemsAnswers;
      const merged = JSON.parse(
        JSON.stringify({
          ...previous,
          ...input,
          concomitantMedications: { ...previous.concomitantMedications, ...input.concomitantMedications },
        }),
      ) as Record<string, unknown>;
      await this.journal.append(trx, ctx, s, { kind: 'rems-form', data: merged }, now);
    });
    return this.remsForm(ctx, sessionId);
  }

  async markRemsSubmitted(ctx: RequestContext, sessionId: string, input: { submittedOn: string }) {
    await this.journal.write(ctx, sessionId, 'mark-rems-form-submitted', async (trx, s, now) => {
      this.requireEsketamine(s);
      if (s.record.remsSubmitted)
        throw new TreatmentConflictError('The form is already marked submitted.', 'rems-form-submitted');
      const { input: formInput, monitoringEndedAt } = await this.formInput(s, now, trx);
      if (!monitoringEndedAt)
        throw new TreatmentConflictError(
          'The session has not ended (no discharge yet): the form is not finished.',
          'session-not-discharged',
        );
      const { form, missing } = this.tryBuild(formInput);
      if (!form)
        throw new RuleRefusedError(
          `The form is incomplete: ${missing.map((m) => m.field).join(', ')}.`,
          'rems-form-incomplete',
          missing,
        );
      const problem = submissionDateProblem(input.submittedOn, {
        today: localDateOf(now, s.timeZone),
        treatmentDate: form.treatmentDate,
      });
      if (problem)
        throw new BadRequestError(
          problem === 'is in the future' ? 'submittedOn is in the future.' : 'submittedOn is before the session.',
          [{ field: 'submittedOn', message: problem }],
        );
      await this.journal.append(
        trx,
        ctx,
        s,
        { kind: 'rems-submitted', data: { submittedOn: input.submittedOn, ruleVersion: form.ruleVersion } },
        now,
      );
    });
    return this.remsForm(ctx, sessionId);
  }

  /**
   * Every ended esketamine session with its Patient Monitoring Form status and 7-day deadline, whichever way it ended
   * (discharged, stopped early, completed on the schedule; issue 10 item 15), newest first.
   */
  async remsSessions(ctx: RequestContext) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    const rows = await this.repo.remsCandidateSessions(clinicId, 500);
    const entries = await this.repo.entriesForSessions(
      clinicId,
      rows.map((r) => r.id),
    );
    const clinic = await this.ports.clinics.findById(clinicId);
    const tz = clinic?.timeZone ?? 'UTC';
    const items = rows
      .flatMap((r) => {
        const record = readSessionRecord(entries.filter((e) => e.sessionId === r.id));
        const end = remsEndOf(record, r, tz, now);
        if (!end.ended) return [];
        const submittedOn = record.remsSubmitted?.data.submittedOn as string | undefined;
        const submittedAt = submittedOn ? submittedAtFor(endOfClinicDay(submittedOn, tz), end.endedAt) : undefined;
        const status = formStatus(end.endedAt, submittedAt, now, remsRulesFor(localDateOf(end.endedAt, tz)));
        return [
          {
            sessionId: r.id,
            patient: { id: r.patientId, name: `${r.givenName} ${r.familyName}`, mrn: r.mrn },
            date: localDateOf(end.endedAt, tz),
            // `dischargedAt` keeps its name for existing clients: the end of the session (the discharge when there was one).
            dischargedAt: end.endedAt.toISOString(),
            endedAt: end.endedAt.toISOString(),
            endedHow: end.how,
            isDischarged: end.how === 'discharged',
            status: status.status,
            deadline: status.deadline.toISOString(),
            submittedOn: submittedOn ?? null,
            submittedLate: status.submittedLate ?? null,
            ruleVersion: status.ruleVersion,
          },
        ];
      })
      .sort((a, b) => b.endedAt.localeCompare(a.endedAt));
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'RemsMonitoringForm',
      occurredAt: now,
      detail: { sessions: items.length },
    });
    return { generatedAt: now.toISOString(), items };
  }

  async remsFormPdf(ctx: RequestContext, sessionId: string): Promise<Buffer> {
    const s = await this.journal.read(ctx, sessionId, 'rems-form-pdf');
    this.requireEsketamine(s);
    const now = this.clock();
    const { input } = await this.formInput(s, now);
    const { form, missing } = this.tryBuild(input);
    if (!form)
      throw new RuleRefusedError(
        `The form is incomplete: ${missing.map((m) => m.field).join(', ')}.`,
        'rems-form-incomplete',
        missing,
      );
    return renderRemsFormPdf(form, {
      clinicName: s.clinicName,
      timeZone: s.timeZone,
      ...(s.locale ? { locale: s.locale } : {}),
      generatedAt: now,
    });
  }
}
