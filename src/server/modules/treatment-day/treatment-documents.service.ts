/**
 * What the treatment day produces on paper: the session note (composed by the domain, edited, signed, then only
 * addenda), the billing codes for a superbill, and the SPRAVATO REMS Patient Monitoring Form (data, status with its
 * 7-day deadline, submission date, PDF). Loads through TreatmentDayService, computes in src/domain, appends.
 */
import type { Transaction } from 'kysely';
import { billingCodesForSession, type SessionBilling } from '../../../domain/billing/index.js';
import { infusionRunningMinutes } from '../../../domain/pk/index.js';
import {
  readTimeline,
  composeSessionNote,
  type SessionEvent,
  type SessionNoteRecord,
} from '../../../domain/session/index.js';
import {
  buildMonitoringForm,
  formObservationsFromSession,
  formStatus,
  remsRulesFor,
  remsSessionEnd,
  CONCOMITANT_CLASS_LABELS,
  type RemsSessionEnd,
  type ConcomitantMedicationClass,
  type MonitoringForm,
  type MonitoringFormInput,
} from '../../../domain/rems/index.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { renderTablePdf } from '../ledger/ledger-pdf.js';
import { clinicTimestampText } from '../ledger/ledger-time.js';
import { localDateOf, localToInstant } from '../scheduling/clinic-time.js';
import { preDoseReading, readSessionRecord, type SessionRecord } from './treatment-day-record.js';
import type { TreatmentDayRepository } from './treatment-day.repository.js';
import {
  TreatmentConflictError,
  type Loaded,
  type OnBoardChange,
  type TreatmentDayService,
} from './treatment-day.service.js';
import type { EntryKind } from './treatment-day.tables.js';
import type { TreatmentDayPorts } from './treatment-day-ports.js';

const MINUTE = 60_000;

function splitName(displayName: string | undefined): { firstName: string; lastName: string } {
  const name = (displayName ?? '').trim();
  const cut = name.lastIndexOf(' ');
  return cut > 0 ? { firstName: name.slice(0, cut), lastName: name.slice(cut + 1) } : { firstName: name, lastName: '' };
}

/** Billable minutes of a stopped infusion (pauses excluded, domain `infusionRunningMinutes`); undefined while it runs. */
export function billableInfusionMinutes(events: readonly SessionEvent[]): number | undefined {
  const stoppedAt = readTimeline('iv-ketamine', events).infusionEndedAt;
  return stoppedAt ? Math.round(infusionRunningMinutes(events, stoppedAt)) : undefined;
}

/** The end of the clinic day a session was booked on (the next local midnight). */
function clinicDayEnd(startsAt: Date, timeZone: string): Date {
  const day = new Date(`${localDateOf(startsAt, timeZone)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return localToInstant(`${day.toISOString().slice(0, 10)}T00:00`, timeZone);
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

export class TreatmentDocumentsService {
  constructor(
    private readonly sessions: TreatmentDayService,
    private readonly repo: TreatmentDayRepository,
    private readonly ports: TreatmentDayPorts,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    private readonly onChange?: OnBoardChange,
  ) {}

  private async read(ctx: RequestContext, sessionId: string, view: string): Promise<Loaded> {
    const s = await this.sessions.load(ctx.principal.clinicId, sessionId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'TreatmentSession',
      resourceId: sessionId,
      patientId: s.session.patientId,
      detail: { view },
    });
    return s;
  }

  private async write<T>(
    ctx: RequestContext,
    sessionId: string,
    action: string,
    work: (trx: Transaction<Database>, s: Loaded, now: Date) => Promise<T>,
  ): Promise<T> {
    const now = this.clock();
    return this.transact(async (trx) => {
      const s = await this.sessions.load(ctx.principal.clinicId, sessionId, trx);
      const result = await work(trx, s, now);
      await this.audit.record(
        ctx,
        {
          action,
          resourceType: 'TreatmentSession',
          resourceId: sessionId,
          patientId: s.session.patientId,
          occurredAt: now,
        },
        trx,
      );
      if (this.onChange) await this.onChange(trx, ctx.principal.clinicId, { topic: 'board', sessionId });
      return result;
    });
  }

  private append(
    trx: Transaction<Database>,
    ctx: RequestContext,
    s: Loaded,
    kind: EntryKind,
    data: Record<string, unknown>,
    at: Date,
    now: Date,
  ) {
    return this.repo.insertEntry(trx, {
      clinicId: s.session.clinicId,
      sessionId: s.session.id,
      patientId: s.session.patientId,
      kind,
      data,
      occurredAt: at,
      recordedAt: now,
      recordedBy: ctx.principal.userId,
    });
  }

  // The session note -------------------------------------------------------------------------------------------------------

  private async composedNote(s: Loaded, clinicianName: string, trx?: Transaction<Database>): Promise<string | null> {
    const r = s.record;
    const doseMg = r.dose?.data.doseMg ?? (s.session.doseMg === null ? undefined : Number(s.session.doseMg));
    if (!doseMg) return null;
    const names = await this.ports.users.displayNames(
      s.session.clinicId,
      s.alerts.flatMap((a) => (a.ackBy ? [a.ackBy] : [])),
      trx,
    );
    const preDose = preDoseReading(r.checkIn?.data);
    const override = r.discharge?.data.override as { by?: string; reason?: string } | undefined;
    const weightKg = r.dose?.data.weightKg;
    const record: SessionNoteRecord = {
      modality: s.modality,
      patientName: `${s.session.givenName} ${s.session.familyName}`,
      clinicianName,
      dose: {
        doseMg,
        ...(weightKg ? { weightKg, mgPerKg: Math.round((doseMg / weightKg) * 100) / 100 } : {}),
        ...(r.dose?.data.plannedDurationMin ? { plannedDurationMin: r.dose.data.plannedDurationMin } : {}),
        ...(r.dose ? { lotNumbers: [r.dose.data.lotNumber] } : {}),
      },
      events: r.events,
      ...(preDose ? { preDoseVitals: preDose } : {}),
      readings: r.readings,
      moaas: r.moaas,
      cadss: r.cadss,
      adverseEvents: r.adverseEvents,
      alerts: s.alerts.map((a) => ({
        message: a.message,
        raisedAt: a.raisedAt,
        ...(a.ackBy ? { acknowledgedBy: names.get(a.ackBy) ?? '' } : {}),
        ...(a.ackAction ? { action: a.ackAction } : {}),
      })),
      ...(override?.by && override.reason ? { dischargeOverride: { by: override.by, reason: override.reason } } : {}),
    };
    return composeSessionNote(record, { timeZone: s.timeZone });
  }

  async note(ctx: RequestContext, sessionId: string) {
    const s = await this.read(ctx, sessionId, 'note');
    const rows = await this.repo.notes(s.session.clinicId, sessionId);
    const names = await this.ports.users.displayNames(
      s.session.clinicId,
      rows.map((r) => r.createdBy),
    );
    const dto = (r: (typeof rows)[number]) => ({
      version: r.version,
      kind: r.kind,
      body: r.body,
      createdAt: r.createdAt.toISOString(),
      createdBy: { id: r.createdBy, displayName: names.get(r.createdBy) ?? '' },
    });
    const signed = rows.find((r) => r.kind === 'signed');
    const drafts = rows.filter((r) => r.kind === 'draft');
    // A draft is the clinician's text: it does not follow the record. If anything was recorded after it was saved
    // (a late vital sign, a correction, an adverse event), say so, so that nobody signs a note that misses it.
    const lastDraft = drafts.at(-1);
    const lastRecorded = s.record.entries.reduce((latest, e) => Math.max(latest, e.recordedAt.getTime()), 0);
    const recordChangedSinceDraft = !signed && lastDraft !== undefined && lastRecorded > lastDraft.createdAt.getTime();
    return {
      composed: await this.composedNote(s, ctx.principal.displayName),
      latestVersion: rows.at(-1)?.version ?? 0,
      isSigned: signed !== undefined,
      draft: lastDraft ? dto(lastDraft) : null,
      recordChangedSinceDraft,
      signed: signed ? dto(signed) : null,
      addenda: rows.filter((r) => r.kind === 'addendum').map(dto),
      versions: drafts.map((r) => ({
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        createdBy: names.get(r.createdBy) ?? '',
      })),
    };
  }

  async saveNote(ctx: RequestContext, sessionId: string, input: { body: string; baseVersion: number }) {
    await this.write(ctx, sessionId, 'edit-note', async (trx, s, now) => {
      const rows = await this.repo.notes(s.session.clinicId, sessionId, trx);
      if (rows.some((r) => r.kind === 'signed'))
        throw new TreatmentConflictError('The note is signed: add an addendum instead.', 'note-signed');
      const latest = rows.at(-1)?.version ?? 0;
      if (input.baseVersion !== latest)
        throw new TreatmentConflictError(
          `The note is at version ${latest}; reload before saving.`,
          'note-version-conflict',
          [{ field: 'baseVersion', message: `is not the latest (${latest})` }],
        );
      await this.repo.insertNote(trx, {
        clinicId: s.session.clinicId,
        sessionId,
        patientId: s.session.patientId,
        version: latest + 1,
        kind: 'draft',
        body: input.body,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
    });
    return this.note(ctx, sessionId);
  }

  async signNote(ctx: RequestContext, sessionId: string) {
    await this.write(ctx, sessionId, 'sign-note', async (trx, s, now) => {
      const rows = await this.repo.notes(s.session.clinicId, sessionId, trx);
      if (rows.some((r) => r.kind === 'signed'))
        throw new TreatmentConflictError('The note is already signed.', 'note-signed');
      const body =
        rows.filter((r) => r.kind === 'draft').at(-1)?.body ??
        (await this.composedNote(s, ctx.principal.displayName, trx));
      if (!body) throw new RuleRefusedError('There is nothing to sign yet: the session has no dose.', 'note-empty');
      const latest = rows.at(-1)?.version ?? 0;
      await this.repo.insertNote(trx, {
        clinicId: s.session.clinicId,
        sessionId,
        patientId: s.session.patientId,
        version: latest + 1,
        kind: 'signed',
        body,
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
    });
    return this.note(ctx, sessionId);
  }

  async addendum(ctx: RequestContext, sessionId: string, input: { text: string }) {
    await this.write(ctx, sessionId, 'add-note-addendum', async (trx, s, now) => {
      const rows = await this.repo.notes(s.session.clinicId, sessionId, trx);
      if (!rows.some((r) => r.kind === 'signed'))
        throw new TreatmentConflictError('Addenda follow a signed note: edit the draft instead.', 'note-not-signed');
      await this.repo.insertNote(trx, {
        clinicId: s.session.clinicId,
        sessionId,
        patientId: s.session.patientId,
        version: (rows.at(-1)?.version ?? 0) + 1,
        kind: 'addendum',
        body: input.text.trim(),
        createdAt: now,
        createdBy: ctx.principal.userId,
      });
    });
    return this.note(ctx, sessionId);
  }

  // Billing ---------------------------------------------------------------------------------------------------------------

  private billingInput(s: Loaded, diagnoses: readonly string[], now: Date) {
    const t = readTimeline(s.modality, s.record.events, now);
    if (s.modality === 'esketamine-nasal') {
      const end = t.dischargedAt ?? now;
      return {
        modality: s.modality,
        diagnoses,
        ...(t.devicesAdministeredAt.length > 0 ? { esketamineDoseMg: t.devicesAdministeredAt.length * 28 } : {}),
        ...(t.lastDeviceAt && t.isDosingComplete
          ? { observationMinutes: Math.floor((end.getTime() - t.lastDeviceAt.getTime()) / MINUTE) }
          : {}),
      };
    }
    const minutes = billableInfusionMinutes(s.record.events);
    return { modality: s.modality, diagnoses, ...(minutes !== undefined ? { infusionMinutes: minutes } : {}) };
  }

  async billing(ctx: RequestContext, sessionId: string) {
    const s = await this.read(ctx, sessionId, 'billing');
    const diagnoses = await this.ports.intake.latestDiagnoses(s.session.clinicId, s.session.patientId);
    let computed: ReturnType<typeof billingCodesForSession> | null = null;
    let problems: ReadonlyArray<{ field: string; message: string }> = [];
    try {
      computed = billingCodesForSession(this.billingInput(s, diagnoses, this.clock()));
    } catch (error) {
      if (!(error instanceof DomainValidationError)) throw error;
      problems = error.issues;
    }
    // The entry holds the SessionBilling captured (line 234).
    const captured = s.record.billing
      ? {
          ...(s.record.billing.data as unknown as SessionBilling),
          capturedAt: s.record.billing.recordedAt.toISOString(),
        }
      : null;
    return { computed, problems, captured };
  }

  async captureBilling(ctx: RequestContext, sessionId: string, input: { diagnoses?: string[] | undefined }) {
    return this.write(ctx, sessionId, 'capture-billing', async (trx, s, now) => {
      const diagnoses =
        input.diagnoses ?? (await this.ports.intake.latestDiagnoses(s.session.clinicId, s.session.patientId, trx));
      const result = billingCodesForSession(this.billingInput(s, diagnoses, now));
      await this.append(
        trx,
        ctx,
        s,
        'billing-captured',
        JSON.parse(JSON.stringify(result)) as Record<string, unknown>,
        now,
        now,
      );
      return { ...result, capturedAt: now.toISOString() };
    });
  }

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
      doseMg: t.devicesAdministeredAt.length * 28,
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
    const endOfDay = new Date(localToInstant(`${submittedOn}T23:59`, s.timeZone, 'submittedOn').getTime() + 59_999);
    return endOfDay.getTime() < monitoringEndedAt.getTime() ? monitoringEndedAt : endOfDay;
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
    const s = await this.read(ctx, sessionId, 'rems-form');
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
    await this.write(ctx, sessionId, 'edit-rems-form', async (trx, s, now) => {
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
      await this.append(trx, ctx, s, 'rems-form', merged, now, now);
    });
    return this.remsForm(ctx, sessionId);
  }

  async markRemsSubmitted(ctx: RequestContext, sessionId: string, input: { submittedOn: string }) {
    await this.write(ctx, sessionId, 'mark-rems-form-submitted', async (trx, s, now) => {
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
      if (input.submittedOn > localDateOf(now, s.timeZone))
        throw new BadRequestError('submittedOn is in the future.', [
          { field: 'submittedOn', message: 'is in the future' },
        ]);
      if (input.submittedOn < form.treatmentDate)
        throw new BadRequestError('submittedOn is before the session.', [
          { field: 'submittedOn', message: 'is before the treatment date' },
        ]);
      await this.append(
        trx,
        ctx,
        s,
        'rems-submitted',
        { submittedOn: input.submittedOn, ruleVersion: form.ruleVersion },
        now,
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
        const submittedAt = submittedOn
          ? (() => {
              const endOfDay = new Date(localToInstant(`${submittedOn}T23:59`, tz).getTime() + 59_999);
              return endOfDay.getTime() < end.endedAt.getTime() ? end.endedAt : endOfDay;
            })()
          : undefined;
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
    const s = await this.read(ctx, sessionId, 'rems-form-pdf');
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
    const yes = (b: boolean | undefined) => (b === undefined ? '' : b ? 'Yes' : 'No');
    const bp = (v: { systolic: number; diastolic: number }) => `${v.systolic}/${v.diastolic} mmHg`;
    // Every time on the form names the clinic's zone ("10:05 EST"), as the deadline and the generation time do.
    const clock = (d: Date) =>
      new Intl.DateTimeFormat('en-US', {
        timeZone: s.timeZone,
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'short',
      }).format(d);
    const rules = remsRulesFor(form.treatmentDate);
    const rows: string[][] = [
      [
        'Patient',
        `${form.patient.firstName} ${form.patient.lastName}, born ${form.patient.birthDate}, ${form.patient.sex}`,
      ],
      ['First treatment', yes(form.isFirstTreatment)],
      ['Patient enrolled in the REMS', yes(form.patientEnrolled)],
      ['Prescriber', `${form.prescriber.firstName} ${form.prescriber.lastName}`],
      [
        'Monitoring provider',
        `${form.monitoringProvider.firstName} ${form.monitoringProvider.lastName}, ${form.monitoringProvider.phone}, ${form.monitoringProvider.email}`,
      ],
      [
        'Healthcare setting',
        [
          form.healthcareSetting.name,
          form.healthcareSetting.address1,
          form.healthcareSetting.address2,
          `${form.healthcareSetting.city}, ${form.healthcareSetting.state} ${form.healthcareSetting.zip}`,
        ]
          .filter(Boolean)
          .join(', '),
      ],
      ['Treatment date', form.treatmentDate],
      ['Dose', `${form.doseMg} mg`],
      ['Lot number(s)', form.lotNumbers.join(', ')],
      ['First / last device', `${clock(form.firstDeviceAt)} / ${clock(form.lastDeviceAt)}`],
      ['Monitoring ended', clock(form.monitoringEndedAt)],
      ['Total treatment time', `${form.treatmentDurationMin} min`],
      ['Monitoring after the last device', `${form.monitoringAfterLastDeviceMin} min`],
      ['Blood pressure before administration', bp(form.bloodPressure.beforeAdministration)],
      ['Blood pressure ~40 min after', bp(form.bloodPressure.fortyMinutesAfter)],
      ['Blood pressure before completion', bp(form.bloodPressure.beforeCompletion)],
      [
        'Vital signs acceptable before administration / completion',
        `${yes(form.vitalSignsAcceptable.beforeAdministration)} / ${yes(form.vitalSignsAcceptable.beforeCompletion)}`,
      ],
      ['Sedation', yes(form.sedation)],
      ['Dissociation', yes(form.dissociation)],
      ...(form.respiratory
        ? [
            ['Respiratory depression', yes(form.respiratory.respiratoryDepression)],
            ['Pulse oximetry used', yes(form.respiratory.pulseOximetryUsed)],
            ['Lowest SpO2', form.respiratory.lowestSpo2 === undefined ? '' : `${form.respiratory.lowestSpo2}%`],
          ]
        : []),
      ...rules.concomitantMedicationClasses.map((c) => [
        `Concomitant: ${CONCOMITANT_CLASS_LABELS[c]}`,
        yes(form.concomitantMedications[c]),
      ]),
      [
        'Serious adverse events',
        form.seriousAdverseEvents.occurred ? `Yes: ${form.seriousAdverseEvents.description ?? ''}` : 'No',
      ],
      ['Submission deadline', clinicTimestampText(form.submissionDeadline, s.timeZone)],
      ...form.warnings.map((w) => ['Warning', w]),
    ];
    return renderTablePdf({
      title: 'SPRAVATO REMS Patient Monitoring Form (data)',
      clinicName: s.clinicName,
      scope: `Session of ${form.treatmentDate}, rules ${form.ruleVersion}`,
      generatedAt: clinicTimestampText(now, s.timeZone),
      timeZone: s.timeZone,
      ...(s.locale ? { lang: s.locale } : {}),
      citation: rules.citations.map((c) => c.source).join('; '),
      columns: [
        { header: 'Field', weight: 2 },
        { header: 'Value', weight: 5 },
      ],
      rows,
    });
  }
}
