/**
 * Messages staff send to a patient through the outbox (issue 14): a questionnaire link by mail or text (the token
 * goes into the message and never back to the browser), and the patient's own copy of a consent they signed.
 * The address comes from the patient's registration; every message queued is audited with the patient.
 */
import { CONSENT_DOCUMENTS } from '../../../domain/consent/index.js';
import type { MeasureContext, OutboxChannel } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { ConsentRepository } from '../consent/consent.repository.js';
import type { MeasureLinksService } from '../measures/measure-links.service.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import type { NewOutboxMessage, OutboxRepository } from './outbox.repository.js';
import { noSuchPatient } from '../patients/patient-lookup.js';

type Contact = { email: string | null; phone: string | null };

export class PatientMessagesService {
  constructor(
    private readonly outbox: OutboxRepository,
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly consents: ConsentRepository,
    private readonly measures: MeasureLinksService,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  /** Creates a single-use questionnaire link and queues it to the patient on the chosen channels. */
  async sendQuestionnaireLink(
    ctx: RequestContext,
    patientId: string,
    input: {
      instruments: string[];
      context: MeasureContext;
      expiresInHours?: number | undefined;
      channels: OutboxChannel[];
    },
    baseUrl: string,
  ) {
    const { patient, clinicName } = await this.load(ctx, patientId);
    requireAddresses(patient, input.channels);
    const link = await this.measures.createLink(ctx, patientId, {
      instruments: input.instruments,
      context: input.context,
      expiresInHours: input.expiresInHours,
    });
    const url = `${baseUrl.replace(/\/+$/, '')}${link.path}`;
    const expires = new Intl.DateTimeFormat('en-US', {
      timeZone: (await this.clinics.findById(ctx.principal.clinicId))?.timeZone ?? 'UTC',
      dateStyle: 'long',
      timeStyle: 'short',
    }).format(new Date(link.expiresAt));
    const rows = input.channels.map((channel): NewOutboxMessage => ({
      clinicId: ctx.principal.clinicId,
      patientId,
      kind: 'questionnaire-link',
      channel,
      recipient: channel === 'email' ? patient.email! : patient.phone!,
      subject: channel === 'email' ? `${clinicName}: a short questionnaire for you` : null,
      body:
        channel === 'email'
          ? [
              `Hello ${patient.givenName},`,
              '',
              `${clinicName} asks you to answer a short questionnaire before your next visit. Open this link on your phone or computer:`,
              '',
              url,
              '',
              `The link works once and expires ${expires}. Please do not forward it.`,
              '',
              clinicName,
            ].join('\n')
          : `${clinicName}: please answer a short questionnaire: ${url} (works once, expires ${expires})`,
      dedupeKey: `measure-link:${link.id}:${channel}`,
      createdBy: ctx.principal.userId,
    }));
    const queued = await this.queue(ctx, patientId, rows, { kind: 'questionnaire-link', linkId: link.id });
    return { link: { id: link.id, expiresAt: link.expiresAt, instruments: link.instruments }, queued };
  }

  /** Queues the patient's own copy of a consent they signed (the text, who signed, when, and its SHA-256), by mail. */
  async sendConsentCopy(ctx: RequestContext, patientId: string, signatureId: string) {
    const { patient, clinicName } = await this.load(ctx, patientId);
    requireAddresses(patient, ['email']);
    const signature = (await this.consents.forPatient(ctx.principal.clinicId, patientId)).find(
      (s) => s.id === signatureId,
    );
    if (!signature) throw new NotFoundError('No such consent signature for this patient.');
    const document = CONSENT_DOCUMENTS.find(
      (d) => d.id === signature.documentId && d.version === signature.documentVersion,
    );
    if (!document)
      throw new NotFoundError('The signed document text is not available in this version of the software.');
    const body = [
      `Hello ${patient.givenName},`,
      '',
      `Here is your copy of the consent you signed at ${clinicName}.`,
      '',
      `Document: ${document.title} (${document.id}, version ${document.version})`,
      `Signed by: ${signature.typedName}`,
      `Signed at: ${signature.signedAt.toISOString()}`,
      `Document fingerprint (SHA-256): ${signature.documentSha256}`,
      '',
      '---',
      '',
      document.body,
      '',
      '---',
      '',
      clinicName,
    ].join('\n');
    const queued = await this.queue(
      ctx,
      patientId,
      [
        {
          clinicId: ctx.principal.clinicId,
          patientId,
          kind: 'consent-copy',
          channel: 'email',
          recipient: patient.email!,
          subject: `${clinicName}: your copy of ${document.title}`,
          body,
          dedupeKey: null,
          createdBy: ctx.principal.userId,
        },
      ],
      { kind: 'consent-copy', signatureId },
    );
    return { queued };
  }

  private async load(ctx: RequestContext, patientId: string) {
    const patient = await this.patients.findById(ctx.principal.clinicId, patientId);
    if (!patient) throw noSuchPatient();
    const clinic = await this.clinics.findById(ctx.principal.clinicId);
    return { patient, clinicName: clinic?.name ?? 'Your clinic' };
  }

  private async queue(
    ctx: RequestContext,
    patientId: string,
    rows: NewOutboxMessage[],
    detail: Record<string, string>,
  ) {
    const now = this.clock();
    return this.transact(async (trx) => {
      const queued = await this.outbox.enqueue(trx, rows, now);
      for (const row of queued) {
        await this.audit.record(
          ctx,
          {
            action: 'queue-message',
            resourceType: 'Outbox',
            resourceId: row.id,
            patientId,
            occurredAt: now,
            detail: { ...detail, channel: row.channel },
          },
          trx,
        );
      }
      return queued;
    });
  }
}

function requireAddresses(patient: Contact, channels: readonly OutboxChannel[]): void {
  if (channels.includes('email') && !patient.email) {
    throw new RuleRefusedError(
      'The patient has no email address on file: add it to the registration first.',
      'no-email-on-file',
      [{ field: 'channels', message: 'no email address on file' }],
    );
  }
  if (channels.includes('sms') && !patient.phone) {
    throw new RuleRefusedError(
      'The patient has no phone number on file: add it to the registration first.',
      'no-phone-on-file',
      [{ field: 'channels', message: 'no phone number on file' }],
    );
  }
}
