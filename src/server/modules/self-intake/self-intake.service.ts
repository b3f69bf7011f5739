/**
 * Patient self-intake (issue 14): staff create a single-use link (the same token scheme as the questionnaire
 * links: a random token shown once, only its SHA-256 stored); the patient fills in contacts, registration, health
 * history, medicines and prior trials on a phone and signs the consent; staff then accept it into the record in two
 * parts: the registration and contacts (the front desk may), the health history (a clinician). Accepting writes new
 * versions of the patient record and the intake (source 'patient-link'); nothing is overwritten.
 */
import type {
  SelfIntakeLink,
  SelfIntakeLinkList,
  SelfIntakePage,
  SelfIntakeSubmission,
  SelfReportedHealth,
} from '../../../contract/self-intake.js';
import { isModality, type Modality } from '../../../domain/protocols/index.js';
import { roleHas } from '../../auth/permissions.js';
import type { Transaction } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, ConflictError, GoneError, NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { clinicContext, type AuditService } from '../audit/audit.service.js';
import { resolveClinicSettings } from '../clinics/clinic-settings.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { ConsentService } from '../consent/consent.service.js';
import type { Intake, Registration } from '../../../contract/intake.js';
import { registrationOf, withRegistration, type IntakeService } from '../intake/intake.service.js';
import { newLinkToken } from '../../auth/link-token.js';
import { sha256 } from '../../auth/sha256.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import type { PatientsService } from '../patients/patients.service.js';
import type { SelfIntakeRepository } from './self-intake.repository.js';
import { noSuchPatient, requirePatient } from '../patients/patient-lookup.js';

type LinkRow = NonNullable<Awaited<ReturnType<SelfIntakeRepository['find']>>>;
type StoredSubmission = Pick<SelfIntakeSubmission, 'contact' | 'registration' | 'health'>;
type AcceptedPart = 'registration' | 'clinical';
/** How a refusal names each part to the person accepting it. */
const PART_NAMES: Readonly<Record<AcceptedPart, string>> = { registration: 'registration', clinical: 'health history' };

function statusOf(link: Pick<LinkRow, 'submittedAt' | 'expiresAt'>, now: Date): 'open' | 'expired' | 'submitted' {
  return link.submittedAt ? 'submitted' : link.expiresAt <= now ? 'expired' : 'open';
}

/**
 * The intake with the patient's health answers laid over it: lists the patient gave replace the intake's (the
 * clinician has read them), answers left out keep what was there, and what only a clinician documents (diagnoses,
 * acute suicidal ideation, blood pressure readings) is kept as it was.
 */
export function withSelfReportedHealth(intake: Intake | undefined, health: SelfReportedHealth): Intake {
  const next: Intake = { ...(intake ?? {}) };
  if (health.heightCm !== undefined) next.heightCm = health.heightCm;
  if (health.weightKg !== undefined) next.weightKg = health.weightKg;
  if (health.medications !== undefined) next.medications = health.medications;
  if (health.allergies !== undefined) next.allergies = health.allergies;
  if (health.trials !== undefined) next.trials = health.trials;
  const h = health.history;
  if (h) {
    const psychiatric = { ...(next.psychiatricHistory ?? {}) };
    if (h.psychosis !== undefined) psychiatric.psychosis = h.psychosis;
    if (h.mania !== undefined) psychiatric.mania = h.mania;
    if (h.substanceUse !== undefined) psychiatric.substanceUse = h.substanceUse;
    if (h.priorKetamine !== undefined)
      psychiatric.priorKetamine = { ...(psychiatric.priorKetamine ?? {}), received: h.priorKetamine };
    next.psychiatricHistory = psychiatric;
    const medical = { ...(next.medicalHistory ?? {}) };
    if (h.hypertensionDiagnosed !== undefined)
      medical.hypertension = { ...(medical.hypertension ?? {}), diagnosed: h.hypertensionDiagnosed };
    if (h.pregnancy !== undefined) medical.pregnancy = { ...(medical.pregnancy ?? {}), status: h.pregnancy };
    next.medicalHistory = medical;
  }
  return next;
}

export class SelfIntakeService {
  constructor(
    private readonly links: SelfIntakeRepository,
    private readonly patientsRepository: PatientsRepository,
    private readonly patients: PatientsService,
    private readonly intake: IntakeService,
    private readonly consent: ConsentService,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async createLink(
    ctx: RequestContext,
    patientId: string,
    input: { consentModality?: Modality | undefined; expiresInHours?: number | undefined },
  ) {
    const { clinicId } = ctx.principal;
    await requirePatient(this.patientsRepository, clinicId, patientId);
    const clinic = await this.clinics.findById(clinicId);
    const now = this.clock();
    const { token, tokenHash, expiresAt } = newLinkToken(
      now,
      input.expiresInHours ?? resolveClinicSettings(clinic?.settings).measureLinkHours,
    );
    const link = await this.links.insert({
      clinicId,
      patientId,
      tokenHash,
      consentModality: input.consentModality ?? null,
      createdBy: ctx.principal.userId,
      createdAt: now,
      expiresAt,
    });
    await this.audit.record(ctx, {
      action: 'create',
      resourceType: 'SelfIntakeLink',
      resourceId: link.id,
      patientId,
      occurredAt: now,
      detail: { consentModality: input.consentModality ?? null },
    });
    return {
      id: link.id,
      token,
      path: `/i/${token}`,
      expiresAt: expiresAt.toISOString(),
      consentModality: input.consentModality ?? null,
    };
  }

  async linksForPatient(ctx: RequestContext, patientId: string): Promise<SelfIntakeLinkList> {
    const { clinicId } = ctx.principal;
    await requirePatient(this.patientsRepository, clinicId, patientId);
    const now = this.clock();
    const isClinical = roleHas(ctx.principal.role, 'intake:read');
    const rows = await this.links.forPatient(clinicId, patientId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'SelfIntakeLink',
      patientId,
      occurredAt: now,
      detail: { results: rows.length, clinical: isClinical },
    });
    return {
      items: rows.map((r): SelfIntakeLink => {
        const submission = r.submission as StoredSubmission | null;
        return {
          id: r.id,
          createdAt: r.createdAt.toISOString(),
          expiresAt: r.expiresAt.toISOString(),
          consentModality: r.consentModality && isModality(r.consentModality) ? r.consentModality : null,
          status: statusOf(r, now),
          submittedAt: r.submittedAt?.toISOString() ?? null,
          consentSigned: r.consentSignatureId !== null,
          registrationAccepted: r.registrationAcceptedAt
            ? {
                at: r.registrationAcceptedAt.toISOString(),
                by: r.registrationAcceptedByName ?? '',
                intakeVersion: r.registrationIntakeVersion,
              }
            : null,
          clinicalAccepted: r.clinicalAcceptedAt
            ? {
                at: r.clinicalAcceptedAt.toISOString(),
                by: r.clinicalAcceptedByName ?? '',
                intakeVersion: r.clinicalIntakeVersion,
              }
            : null,
          submission: submission
            ? {
                contact: submission.contact ?? null,
                registration: submission.registration ?? null,
                health: isClinical ? (submission.health ?? null) : null,
                hasHealth: submission.health !== undefined,
              }
            : null,
        };
      }),
    };
  }

  /** The patient's page: the clinic's name, the link's state and the consent to read; nothing that identifies them. */
  async open(token: string, clientIp: string | null): Promise<SelfIntakePage> {
    const link = await this.links.findByTokenHash(sha256(token));
    if (!link) throw new NotFoundError('This link is not valid. Please check the link or contact your clinic.');
    const now = this.clock();
    const status = statusOf(link, now);
    await this.audit.record(clinicContext(link.clinicId, clientIp), {
      action: 'open-link',
      resourceType: 'SelfIntakeLink',
      resourceId: link.id,
      patientId: link.patientId,
      occurredAt: now,
      detail: { status },
    });
    const modality = link.consentModality && isModality(link.consentModality) ? link.consentModality : null;
    const document = modality && status === 'open' ? this.consent.currentDocument(modality) : null;
    return {
      status,
      clinicName: link.clinicName,
      expiresAt: link.expiresAt.toISOString(),
      message:
        status === 'submitted'
          ? 'Your answers have already been sent. Thank you.'
          : status === 'expired'
            ? 'This link has expired. Please ask your clinic for a new one.'
            : null,
      consent:
        document && modality
          ? {
              modality,
              documentId: document.id,
              version: document.version,
              sha256: document.sha256,
              title: document.title,
              body: document.body,
            }
          : null,
    };
  }

  /** Stores the patient's answers and their consent signature together, once. */
  async submit(token: string, input: SelfIntakeSubmission, clientIp: string | null) {
    const now = this.clock();
    return this.transact(async (trx) => {
      const link = await this.links.findByTokenHash(sha256(token), trx);
      if (!link) throw new NotFoundError('This link is not valid.');
      if (link.submittedAt) throw new GoneError('Your answers have already been sent.');
      if (link.expiresAt <= now) throw new GoneError('This link has expired. Please ask your clinic for a new one.');
      const modality = link.consentModality && isModality(link.consentModality) ? link.consentModality : null;
      if (input.consent && !modality)
        throw new BadRequestError('This link does not ask for a consent signature.', [
          { field: 'consent', message: 'is not asked for by this link' },
        ]);
      if (modality && !input.consent)
        throw new BadRequestError('Please read and sign the consent.', [
          { field: 'consent', message: 'is required by this link' },
        ]);
      const stored: StoredSubmission = {
        ...(input.contact ? { contact: input.contact } : {}),
        ...(input.registration ? { registration: input.registration } : {}),
        ...(input.health ? { health: input.health } : {}),
      };
      if (!(await this.links.submit(trx, link.id, stored as Record<string, unknown>, now)))
        throw new GoneError('Your answers have already been sent.');
      const ctx = clinicContext(link.clinicId, clientIp);
      let consentSigned = false;
      if (modality && input.consent) {
        const signatureId = await this.consent.signThroughLink(
          trx,
          ctx,
          { clinicId: link.clinicId, patientId: link.patientId, linkId: link.id },
          { ...input.consent, modality },
          now,
        );
        await this.links.setConsentSignature(trx, link.id, signatureId);
        consentSigned = true;
      }
      await this.audit.record(
        ctx,
        {
          action: 'submit-link',
          resourceType: 'SelfIntakeLink',
          resourceId: link.id,
          patientId: link.patientId,
          occurredAt: now,
          detail: { parts: Object.keys(stored), consentSigned },
        },
        trx,
      );
      return { submitted: true as const, consentSigned };
    });
  }

  /**
   * Accepts the registration part: the contacts become a new version of the patient record, the registration a new
   * intake version. The front desk may do this (registration:write).
   */
  async acceptRegistration(ctx: RequestContext, linkId: string) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    const link = await this.submittedLink(clinicId, linkId);
    const submission = link.submission as StoredSubmission;
    if (!submission.contact && !submission.registration)
      throw new BadRequestError('The patient sent no contacts or registration.', [
        { field: 'part', message: 'has nothing to accept' },
      ]);
    const saveIntake = await this.intake.prepareAcceptance(ctx, link.patientId, 'registration');
    return this.transact(async (trx) => {
      if (submission.contact && Object.keys(submission.contact).length > 0) {
        const patient = await this.patientsRepository.findById(clinicId, link.patientId, trx);
        if (!patient) throw noSuchPatient();
        await this.patients.update(ctx, link.patientId, { version: patient.version, ...submission.contact }, trx);
      }
      const registration: Registration = submission.registration ?? {};
      const version = await saveIntake(trx, (current) =>
        withRegistration(current, { ...(current ? registrationOf(current) : {}), ...registration }),
      );
      return this.recordAcceptance(trx, ctx, link, 'registration', version, now);
    });
  }

  /** Accepts the health history into the intake (a new version): clinicians only (intake:write). */
  async acceptClinical(ctx: RequestContext, linkId: string) {
    const { clinicId } = ctx.principal;
    const now = this.clock();
    const link = await this.submittedLink(clinicId, linkId);
    const health = (link.submission as StoredSubmission).health;
    if (!health)
      throw new BadRequestError('The patient sent no health history.', [
        { field: 'part', message: 'has nothing to accept' },
      ]);
    const saveIntake = await this.intake.prepareAcceptance(ctx, link.patientId, 'clinical');
    return this.transact(async (trx) => {
      const version = await saveIntake(trx, (current) => withSelfReportedHealth(current, health));
      return this.recordAcceptance(trx, ctx, link, 'clinical', version, now);
    });
  }

  /**
   * Marks a part of the submission accepted into intake version `intakeVersion`, and audits it; 409 when someone
   * accepted that part already.
   */
  private async recordAcceptance<Part extends AcceptedPart>(
    trx: Transaction<Database>,
    ctx: RequestContext,
    link: LinkRow,
    part: Part,
    intakeVersion: number,
    now: Date,
  ): Promise<{ part: Part; intakeVersion: number }> {
    const accepted = await this.links.markAccepted(
      trx,
      ctx.principal.clinicId,
      link.id,
      part,
      ctx.principal.userId,
      now,
      intakeVersion,
    );
    if (!accepted) {
      throw new ConflictError(`Someone accepted this ${PART_NAMES[part]} already.`, [
        { field: 'part', message: 'is already accepted' },
      ]);
    }
    await this.audit.record(
      ctx,
      {
        action: 'accept',
        resourceType: 'SelfIntakeLink',
        resourceId: link.id,
        patientId: link.patientId,
        occurredAt: now,
        detail: { part, intakeVersion },
      },
      trx,
    );
    return { part, intakeVersion };
  }

  private async submittedLink(clinicId: string, linkId: string): Promise<LinkRow> {
    const link = await this.links.find(clinicId, linkId);
    if (!link) throw new NotFoundError('No such self-intake link in this clinic.');
    if (!link.submittedAt || !link.submission)
      throw new ConflictError('The patient has not sent this intake yet.', [
        { field: 'part', message: 'nothing sent yet' },
      ]);
    return link;
  }
}
