/**
 * The chart at a glance (issue 14): where a patient stands, in one audited read, for the header on every patient
 * page; and the patient's sessions, past and upcoming. Clinical parts (scores, allergies, alert severity) are only
 * filled in for roles that may read clinical data (minimum necessary, 45 CFR 164.502(b)).
 */
import { consentStatus } from '../../../domain/consent/index.js';
import { getInstrument, isInstrumentId } from '../../../domain/instruments/index.js';
import { summarizeOutcomes } from '../../../domain/outcomes/index.js';
import { isModality, MODALITY_NAMES } from '../../../domain/protocols/index.js';
import type { PatientSessionList, PatientSummary } from '../../../contract/chart.js';
import { roleHas } from '../../auth/permissions.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { resolveClinicSettings } from '../clinics/clinic-settings.js';
import { localDateOf } from '../clinics/clinic-time.js';
import { ageInYears, currentPlanOf, nextSessionOf, planPhase, scoreDirection } from './chart-glance.js';
import type { ChartRepository } from './chart.repository.js';
import { noSuchPatient } from '../patients/patient-lookup.js';

/** The instrument every header shows when the patient has scores on it (the clinic's depression measure). */
const HEADLINE_INSTRUMENT = 'phq-9';
const RECENT_SCORES = 8;

const modalityName = (modality: string): string => (isModality(modality) ? MODALITY_NAMES[modality] : modality);

export class ChartService {
  constructor(
    private readonly chart: ChartRepository,
    private readonly audit: AuditService,
    private readonly clock: () => Date,
  ) {}

  async summary(ctx: RequestContext, patientId: string): Promise<PatientSummary> {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    const patient = await this.chart.patient(clinicId, patientId);
    if (!patient) throw noSuchPatient();
    const isClinical = roleHas(ctx.principal.role, 'clinical:read');
    const [clinic, plans, sessions, alerts, consents, rems] = await Promise.all([
      this.chart.clinic(clinicId),
      this.chart.plans(clinicId, patientId),
      this.chart.sessions(clinicId, patientId),
      this.chart.openAlerts(clinicId, patientId),
      this.chart.consents(clinicId, patientId),
      this.chart.latestRemsEnrolment(clinicId, patientId),
    ]);
    const [scores, schedule, intake] = isClinical
      ? await Promise.all([
          this.chart.scores(clinicId, patientId),
          this.chart.latestMeasurementSchedule(clinicId, patientId),
          this.chart.latestIntake(clinicId, patientId),
        ])
      : [[], undefined, undefined];

    const plan = currentPlanOf(plans);
    const next = nextSessionOf(sessions, now);
    const started = sessions.filter((s) => s.status === 'completed' || s.status === 'in-progress');
    const firstTreatmentAt = started[0]?.startsAt ?? null;
    const scheduleInstrument = schedule?.rules[0]?.instrument ?? HEADLINE_INSTRUMENT;
    const instruments = [...new Set([HEADLINE_INSTRUMENT, scheduleInstrument])].filter(isInstrumentId);
    const outcomeSettings = resolveClinicSettings(clinic?.settings).outcomes;

    const consentModalities = [
      ...new Set([...(plan ? [plan.modality] : []), ...consents.map((c) => c.modality)]),
    ].filter(isModality);
    const severityRank = { low: 1, moderate: 2, high: 3 } as const;
    const highest = alerts.reduce<'low' | 'moderate' | 'high' | null>(
      (worst, a) => (worst === null || severityRank[a.severity] > severityRank[worst] ? a.severity : worst),
      null,
    );
    const allergies = (intake?.data as { allergies?: Array<{ substance: string; reaction?: string }> } | undefined)
      ?.allergies;

    const result: PatientSummary = {
      patient: {
        id: patient.id,
        mrn: patient.mrn,
        givenName: patient.givenName,
        familyName: patient.familyName,
        dateOfBirth: patient.dateOfBirth,
        ageYears: ageInYears(patient.dateOfBirth, localDateOf(now, clinic?.timeZone ?? 'UTC')),
        sex: patient.sex,
      },
      clinicalVisible: isClinical,
      plan: plan
        ? {
            id: plan.id,
            modality: plan.modality,
            modalityName: modalityName(plan.modality),
            protocolId: plan.protocolId,
            status: plan.status,
            startDate: plan.startDate,
            signedAt: plan.signedAt?.toISOString() ?? null,
            phase: planPhase(plan.id, sessions, now),
            sessionsPlanned: plan.sessions.length,
            sessionsCompleted: sessions.filter((s) => s.planId === plan.id && s.status === 'completed').length,
          }
        : null,
      nextSession: next
        ? {
            id: next.id,
            startsAt: next.startsAt.toISOString(),
            endsAt: next.endsAt.toISOString(),
            modality: next.modality,
            sessionNumber: next.sessionNumber,
            phase: next.phase,
            status: next.status,
            chairName: next.chairName,
          }
        : null,
      scores: instruments.flatMap((instrument) => {
        const points = scores.filter((s) => s.instrumentId === instrument && s.total !== null);
        const last = points.at(-1);
        if (!last || last.total === null) return [];
        const totals = points.map((p) => p.total as number);
        const outcome = summarizeOutcomes(
          { instrument, scores: points.map((p) => ({ at: p.observedAt, total: p.total as number })), firstTreatmentAt },
          outcomeSettings,
        );
        return [
          {
            instrument,
            shortName: getInstrument(instrument).shortName,
            isScheduleInstrument: instrument === scheduleInstrument,
            latest: { total: last.total, band: last.band, at: last.observedAt.toISOString() },
            previousTotal: totals.length > 1 ? totals.at(-2)! : null,
            direction: scoreDirection(totals),
            recent: totals.slice(-RECENT_SCORES),
            baselineTotal: outcome.baseline?.total ?? null,
            changeFromBaseline: outcome.change,
            percentChangeFromBaseline: outcome.percentChange,
            isRespondingNow: outcome.isRespondingNow,
            isRemittedNow: outcome.isRemittedNow,
          },
        ];
      }),
      openAlerts: { count: alerts.length, highestSeverity: isClinical ? highest : null },
      consent: consentModalities.map((modality) => {
        const row = consents.find((c) => c.modality === modality);
        const status = consentStatus(
          modality,
          row ? { documentId: row.documentId, version: row.documentVersion, sha256: row.documentSha256 } : undefined,
        );
        return {
          modality,
          modalityName: MODALITY_NAMES[modality],
          current: status.current,
          message: status.current ? 'Signed, current version' : status.message,
          signedAt: row?.signedAt.toISOString() ?? null,
        };
      }),
      rems:
        plan?.modality === 'esketamine-nasal'
          ? { enrolled: rems !== undefined, enrolledOn: rems?.enrolledOn ?? null }
          : null,
      allergies:
        isClinical && Array.isArray(allergies)
          ? allergies.map((a) => ({ substance: a.substance, reaction: a.reaction ?? null }))
          : null,
    };
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'PatientSummary',
      resourceId: patientId,
      patientId,
      occurredAt: now,
      detail: { clinical: isClinical },
    });
    return result;
  }

  async sessions(ctx: RequestContext, patientId: string): Promise<PatientSessionList> {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    if (!(await this.chart.patient(clinicId, patientId))) throw noSuchPatient();
    const rows = await this.chart.sessions(clinicId, patientId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'PatientSessions',
      patientId,
      occurredAt: now,
      detail: { results: rows.length },
    });
    return {
      items: rows.map((s) => ({
        id: s.id,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        modality: s.modality,
        modalityName: modalityName(s.modality),
        sessionNumber: s.sessionNumber,
        phase: s.phase,
        status: s.status,
        planId: s.planId,
        chairName: s.chairName,
        staffName: s.staffName,
        isUpcoming: s.status === 'in-progress' || (s.status === 'scheduled' && s.startsAt.getTime() >= now.getTime()),
        hasSignedNote: Boolean(s.hasSignedNote),
      })),
    };
  }
}
