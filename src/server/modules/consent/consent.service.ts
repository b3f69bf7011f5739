/**
 * Consent: the versioned plain-language documents (src/domain/consent) and patients' signatures. A signature
 * stores the document id, version and SHA-256 of the exact text shown, the typed name and the time; it is
 * current for a modality while it matches the modality's current document (`consentStatus`).
 */
import type { Transaction } from 'kysely';
import {
  CONSENT_DOCUMENTS,
  consentDocumentSha256,
  consentStatus,
  currentConsentFor,
  type ConsentDocument,
  type ConsentStatus,
} from '../../../domain/consent/index.js';
import { MODALITIES, type Modality } from '../../../domain/protocols/index.js';
import type { Database } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { NotFoundError, RuleRefusedError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditContext, AuditService } from '../audit/audit.service.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import type { ConsentRepository, NewSignature } from './consent.repository.js';
import { noSuchPatient } from '../patients/patient-lookup.js';
import { staffRef } from '../../../contract/common.js';

export interface SignInput {
  readonly modality: Modality;
  readonly documentId: string;
  readonly version: string;
  readonly sha256: string;
  readonly typedName: string;
  readonly agreed: true;
}

type SignatureRow = Awaited<ReturnType<ConsentRepository['forPatient']>>[number];

function summary(document: ConsentDocument, current: ConsentDocument) {
  return {
    id: document.id,
    modality: document.modality,
    version: document.version,
    effectiveDate: document.effectiveDate,
    title: document.title,
    sha256: consentDocumentSha256(document),
    isCurrent: document === current,
  };
}

function normalisedName(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim();
}

type RefusedSignatureReason = Extract<ConsentStatus, { current: false }>['reason'];

/**
 * The modality's current document, when the signer was shown exactly that text; otherwise a 422 whose message ends
 * with `nextStep` (what the signer should do) and names the field `fieldFor` picks.
 */
function currentDocumentToSign(
  input: SignInput,
  documents: readonly ConsentDocument[],
  nextStep: (current: ConsentDocument) => string,
  fieldFor: (reason: RefusedSignatureReason) => string,
): ConsentDocument {
  const current = currentConsentFor(input.modality, documents);
  const status = consentStatus(
    input.modality,
    { documentId: input.documentId, version: input.version, sha256: input.sha256 },
    documents,
  );
  if (status.current) return current;
  const code =
    status.reason === 'hash-mismatch'
      ? 'consent-text-mismatch'
      : status.reason === 'outdated-version'
        ? 'consent-document-outdated'
        : 'consent-document-wrong';
  throw new RuleRefusedError(`${status.message}. ${nextStep(current)}`, code, [
    { field: fieldFor(status.reason), message: status.message },
  ]);
}

export class ConsentService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly patients: PatientsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
    private readonly documents: readonly ConsentDocument[] = CONSENT_DOCUMENTS,
  ) {}

  listDocuments() {
    return this.documents.map((d) => summary(d, currentConsentFor(d.modality, this.documents)));
  }

  getDocument(documentId: string, version?: string) {
    const versions = this.documents.filter((d) => d.id === documentId);
    if (versions.length === 0) throw new NotFoundError(`No consent document "${documentId}".`);
    const current = currentConsentFor(versions[0]!.modality, this.documents);
    const document = version ? versions.find((d) => d.version === version) : current;
    if (!document) throw new NotFoundError(`Consent document ${documentId} has no version ${version}.`);
    return { ...summary(document, current), body: document.body };
  }

  /**
   * Records a signature at the desk. The client sends back the id, version and SHA-256 of the text it showed: a
   * signature is refused (422) unless that is the modality's current document, so nobody signs an outdated text.
   */
  async sign(
    ctx: RequestContext,
    patientId: string,
    input: SignInput,
    via: 'desk' | 'link' = 'desk',
    linkId: string | null = null,
  ) {
    const { clinicId } = ctx.principal;
    const patient = await this.patients.findById(clinicId, patientId);
    if (!patient) throw noSuchPatient();
    const current = currentDocumentToSign(
      input,
      this.documents,
      (doc) => `Show the patient ${doc.id} version ${doc.version} and sign that.`,
      (reason) => (reason === 'hash-mismatch' ? 'sha256' : 'version'),
    );
    const now = this.clock();
    const id = await this.transact((trx) =>
      this.insertSignature(trx, ctx, input, current, now, {
        clinicId,
        patientId,
        via,
        recordedBy: via === 'desk' ? ctx.principal.userId : null,
        linkId,
      }),
    );
    const rows = await this.consents.forPatient(clinicId, patientId);
    const row = rows.find((r) => r.id === id)!;
    const nameMatches = normalisedName(row.typedName).includes(normalisedName(patient.familyName));
    return {
      signature: this.signatureDto(row),
      status: this.statusOf(input.modality, row),
      typedNameMatchesPatient: nameMatches,
    };
  }

  /** The current consent document for a modality, as a patient's link shows it (text, id, version, SHA-256). */
  currentDocument(modality: Modality) {
    const current = currentConsentFor(modality, this.documents);
    return { ...summary(current, current), body: current.body };
  }

  /**
   * Records a signature the patient gave through their own single-use link (self-intake), inside the caller's
   * transaction so the signature and the use of the link stand or fall together; `ctx` is the link's (the clinic, from
   * the patient's address). Same checks as at the desk.
   */
  async signThroughLink(
    trx: Transaction<Database>,
    ctx: AuditContext,
    link: { clinicId: string; patientId: string; linkId: string },
    input: SignInput,
    now: Date,
  ): Promise<string> {
    const current = currentDocumentToSign(
      input,
      this.documents,
      () => 'Reload the page to read the current consent and sign that.',
      () => 'consent.version',
    );
    return this.insertSignature(trx, ctx, input, current, now, {
      clinicId: link.clinicId,
      patientId: link.patientId,
      via: 'link',
      recordedBy: null,
      linkId: link.linkId,
    });
  }

  /**
   * Stores a signature of `document` and audits it, in the caller's transaction; `origin` says whose patient, at the
   * desk or through which link, and who recorded it. Answers the signature's id.
   */
  private async insertSignature(
    trx: Transaction<Database>,
    ctx: AuditContext,
    input: SignInput,
    document: ConsentDocument,
    now: Date,
    origin: Pick<NewSignature, 'clinicId' | 'patientId' | 'via' | 'recordedBy' | 'linkId'>,
  ): Promise<string> {
    const created = await this.consents.insert(trx, {
      clinicId: origin.clinicId,
      patientId: origin.patientId,
      modality: input.modality,
      documentId: document.id,
      documentVersion: document.version,
      documentSha256: consentDocumentSha256(document),
      typedName: input.typedName.trim(),
      agreed: input.agreed,
      signedAt: now,
      via: origin.via,
      recordedBy: origin.recordedBy,
      linkId: origin.linkId,
    });
    await this.audit.record(
      ctx,
      {
        action: 'sign',
        resourceType: 'Consent',
        resourceId: created.id,
        patientId: origin.patientId,
        occurredAt: now,
        detail: { modality: input.modality, documentId: document.id, version: document.version, via: origin.via },
      },
      trx,
    );
    return created.id;
  }

  async forPatient(ctx: RequestContext, patientId: string) {
    const { clinicId } = ctx.principal;
    if (!(await this.patients.findById(clinicId, patientId))) throw noSuchPatient();
    const rows = await this.consents.forPatient(clinicId, patientId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'Consent',
      patientId,
      detail: { results: rows.length },
    });
    const status = MODALITIES.map((modality) =>
      this.statusOf(
        modality,
        rows.find((r) => r.modality === modality),
      ),
    );
    return { status, signatures: rows.map((r) => this.signatureDto(r)) };
  }

  /** For plans and sessions: the patient's latest signature for a modality and whether it is current. */
  async currentFor(
    trx: Transaction<Database> | undefined,
    clinicId: string,
    patientId: string,
    modality: Modality,
  ): Promise<{ status: ConsentStatus; signatureId: string | null }> {
    const row = await this.consents.latestFor(clinicId, patientId, modality, trx);
    const status = consentStatus(
      modality,
      row ? { documentId: row.documentId, version: row.documentVersion, sha256: row.documentSha256 } : undefined,
      this.documents,
    );
    return { status, signatureId: row?.id ?? null };
  }

  private statusOf(
    modality: Modality,
    row: Pick<SignatureRow, 'id' | 'documentId' | 'documentVersion' | 'documentSha256' | 'signedAt'> | undefined,
  ) {
    const status = consentStatus(
      modality,
      row ? { documentId: row.documentId, version: row.documentVersion, sha256: row.documentSha256 } : undefined,
      this.documents,
    );
    const current = currentConsentFor(modality, this.documents);
    return {
      modality,
      current: status.current,
      reason: status.current ? null : status.reason,
      message: status.current ? `Signed ${current.id} version ${current.version}.` : status.message,
      currentDocument: { id: current.id, version: current.version },
      signatureId: row?.id ?? null,
      signedAt: row?.signedAt.toISOString() ?? null,
    };
  }

  private signatureDto(r: SignatureRow) {
    return {
      id: r.id,
      modality: r.modality,
      documentId: r.documentId,
      version: r.documentVersion,
      sha256: r.documentSha256,
      typedName: r.typedName,
      agreed: r.agreed,
      signedAt: r.signedAt.toISOString(),
      via: r.via,
      recordedBy: staffRef(r.recordedBy, r.recordedByName),
    };
  }
}
