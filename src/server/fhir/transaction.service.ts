/**
 * `POST /fhir/R4` with a transaction Bundle (issue 15, "Import"): Patients, Conditions, MedicationStatements and
 * QuestionnaireResponses, all or nothing in one database transaction. Patients are created through PatientsService
 * (MRN, audit) with their identifiers kept (a Patient whose identifier is already known is the patient found, not a
 * second one); Conditions become the patient's intake diagnoses and MedicationStatements its current medicines (one
 * new intake version per patient, through IntakeService); QuestionnaireResponses go through the same mapping as
 * `POST QuestionnaireResponse` and are scored and stored by MeasuresService, raising the same alerts.
 */
import { randomUUID } from 'node:crypto';
import type { Bundle, BundleEntry } from '@medplum/fhirtypes';
import { medicationStatementId } from '../../domain/fhir/clinic-records.js';
import { importQuestionnaireResponse } from '../../domain/fhir/questionnaire-response-import.js';
import { readTransactionBundle, type BundleItem, type PatientRef } from '../../domain/fhir/transaction-bundle.js';
import { DomainValidationError, type FieldIssue } from '../../domain/shared/validation.js';
import type { Intake } from '../../contract/intake.js';
import type { Transact } from '../db/transaction.js';
import { BadRequestError, ForbiddenError, HttpError } from '../errors/http-errors.js';
import type { RequestContext } from '../http.js';
import { scopesAllow } from '../auth/smart-scopes.js';
import type { AuditService } from '../modules/audit/audit.service.js';
import { withClinicSettings } from '../modules/clinics/clinic-context.js';
import type { ClinicsRepository } from '../modules/clinics/clinics.repository.js';
import type { IntakeService } from '../modules/intake/intake.service.js';
import type { MeasuresService } from '../modules/measures/measures.service.js';
import type { PatientIdentifiersRepository } from '../modules/imports/patient-identifiers.repository.js';
import type { PatientsRepository } from '../modules/patients/patients.repository.js';
import type { PatientsService } from '../modules/patients/patients.service.js';

const MAX_DIAGNOSES = 30;
const MAX_MEDICATIONS = 40;

export class FhirTransactionService {
  constructor(
    private readonly patients: PatientsService,
    private readonly patientRows: PatientsRepository,
    private readonly identifiers: PatientIdentifiersRepository,
    private readonly intake: IntakeService,
    private readonly measures: MeasuresService,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async process(ctx: RequestContext, body: unknown): Promise<Bundle> {
    const reading = readTransactionBundle(body);
    if (!reading.ok)
      throw new BadRequestError(
        `The transaction Bundle cannot be processed: ${reading.issues.map((i) => `${i.field} ${i.message}`).join('; ')}.`,
        reading.issues,
      );
    this.checkScopes(ctx, reading.items);
    const { clinicId } = ctx.principal;
    // Everything read outside the transaction is read now; inside, only its own connection is used.
    const withSettings = await withClinicSettings(this.clinics, ctx);
    const recordMeasure = await this.measures.prepareRecord(ctx);
    const writeIntake = await this.intake.prepareImport(ctx);
    const now = this.clock();

    const responses = await this.transact(async (trx) => {
      const out = new Map<number, BundleEntry['response']>();
      const patientOfEntry = new Map<number, string>();
      const resolve = async (item: BundleItem & { subject: PatientRef }): Promise<string> => {
        if ('entry' in item.subject) return patientOfEntry.get(item.subject.entry)!;
        if (!(await this.patientRows.findById(clinicId, item.subject.id, trx)))
          throw new DomainValidationError([{ field: 'resource.subject', message: 'is not a patient of this clinic' }]);
        return item.subject.id;
      };
      const intakeChanges = new Map<
        string,
        {
          diagnoses: Array<{ code: string; name?: string }>;
          medications: Array<{ name: string; dose?: string }>;
          entries: number[];
        }
      >();
      const changesOf = (patientId: string) => {
        let c = intakeChanges.get(patientId);
        if (!c) {
          c = { diagnoses: [], medications: [], entries: [] };
          intakeChanges.set(patientId, c);
        }
        return c;
      };

      for (const item of [...reading.items].sort(
        (a, b) => Number(b.type === 'Patient') - Number(a.type === 'Patient'),
      )) {
        await inEntry(item.index, async () => {
          if (item.type === 'Patient') {
            const known = await this.identifiers.find(clinicId, item.patient.identifiers, trx);
            const existing = new Set(known.map((k) => k.patientId));
            if (existing.size > 1)
              throw new DomainValidationError([
                { field: 'resource.identifier', message: 'names two different patients of this clinic' },
              ]);
            if (known[0]) {
              patientOfEntry.set(item.index, known[0].patientId);
              out.set(item.index, { status: '200 OK', location: `Patient/${known[0].patientId}` });
              return;
            }
            const { identifiers, ...input } = item.patient;
            const created = await this.patients.create(withSettings, input, trx);
            for (const identifier of identifiers) {
              await this.identifiers.insert(trx, {
                id: randomUUID(),
                clinicId,
                patientId: created.id,
                ...identifier,
                source: 'fhir-transaction',
                createdAt: now,
                createdBy: ctx.principal.userId,
              });
            }
            patientOfEntry.set(item.index, created.id);
            out.set(item.index, {
              status: '201 Created',
              location: `Patient/${created.id}/_history/${created.version}`,
            });
          } else if (item.type === 'Condition') {
            const patientId = await resolve(item);
            changesOf(patientId).diagnoses.push({ code: item.code, ...(item.name ? { name: item.name } : {}) });
            changesOf(patientId).entries.push(item.index);
            out.set(item.index, { status: '201 Created', location: `Condition/${patientId}-${item.code}` });
          } else if (item.type === 'MedicationStatement') {
            const patientId = await resolve(item);
            const c = changesOf(patientId);
            c.medications.push({ name: item.name, ...(item.dose ? { dose: item.dose } : {}) });
            c.entries.push(item.index);
            out.set(item.index, {
              status: '201 Created',
              location: `MedicationStatement/${medicationStatementId(patientId, item.name)}`,
            });
          } else {
            const patientId = await resolve(item);
            const imported = importQuestionnaireResponse({
              ...item.resource,
              subject: { reference: `Patient/${patientId}` },
            });
            const recorded = await recordMeasure(trx, patientId, {
              instrument: imported.instrumentId,
              answers: imported.answers,
              context: 'other',
              ...(imported.authored ? { observedAt: imported.authored.toISOString() } : {}),
              ...(imported.encounterId ? { sessionId: imported.encounterId } : {}),
            });
            out.set(item.index, { status: '201 Created', location: `QuestionnaireResponse/${recorded.id}/_history/1` });
          }
        });
      }

      // One new intake version per patient, with the diagnoses and medicines added to what the intake held.
      for (const [patientId, change] of intakeChanges) {
        await inEntry(change.entries[0]!, () => writeIntake(trx, patientId, (current) => mergeIntake(current, change)));
      }
      await this.audit.record(
        ctx,
        {
          action: 'import',
          resourceType: 'Bundle',
          occurredAt: now,
          detail: { via: 'fhir-transaction', entries: reading.items.length, ...countByType(reading.items) },
        },
        trx,
      );
      return out;
    });

    return {
      resourceType: 'Bundle',
      type: 'transaction-response',
      entry: reading.items.map((_, i) => ({ response: responses.get(i)! })),
    };
  }

  /** An API token needs a scope granting create on every type in the Bundle; a patient-bound token cannot import. */
  private checkScopes(ctx: RequestContext, items: readonly BundleItem[]): void {
    const scopes = ctx.principal.tokenScopes;
    if (scopes === undefined) return;
    if (ctx.principal.compartmentPatientId !== undefined)
      throw new ForbiddenError('A token limited to one patient cannot import a transaction Bundle.');
    const refused = [...new Set(items.map((i) => i.type))].filter((type) => !scopesAllow(scopes, type, 'c'));
    if (refused.length > 0)
      throw new ForbiddenError(
        `The token's scopes do not allow creating ${refused.join(', ')} (needs e.g. system/*.cud or system/${refused[0]}.c).`,
      );
  }
}

/** Runs one entry's work; a failure names the entry (`Bundle.entry[i].…`) and the field. */
async function inEntry<T>(index: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const issues: readonly FieldIssue[] | undefined =
      error instanceof DomainValidationError
        ? error.issues
        : error instanceof BadRequestError
          ? error.fields
          : undefined;
    const prefix = `Bundle.entry[${index}]`;
    // The services name their own fields; the sender knows the FHIR ones.
    const FHIR_NAMES: Readonly<Record<string, string>> = {
      dateOfBirth: 'birthDate',
      observedAt: 'authored',
      sessionId: 'encounter',
      givenName: 'name[0].given',
      familyName: 'name[0].family',
    };
    if (issues) {
      const named = (issues.length > 0 ? issues : [{ field: 'resource', message: (error as Error).message }]).map(
        (i) => ({
          field: `${prefix}.${i.field.startsWith('resource') ? i.field : `resource.${FHIR_NAMES[i.field] ?? i.field}`}`,
          message: i.message,
        }),
      );
      throw new BadRequestError(
        `${prefix}: ${named.map((i) => `${i.field} ${i.message}`).join('; ')}. Nothing in the Bundle was stored.`,
        named,
      );
    }
    if (error instanceof HttpError && error.status < 500) {
      throw new BadRequestError(`${prefix}: ${error.message} Nothing in the Bundle was stored.`, [
        { field: `${prefix}.resource`, message: error.message },
      ]);
    }
    throw error;
  }
}

function mergeIntake(
  current: Intake | undefined,
  change: { diagnoses: Array<{ code: string; name?: string }>; medications: Array<{ name: string; dose?: string }> },
): Intake {
  const diagnoses = [...(current?.diagnoses ?? [])];
  for (const d of change.diagnoses) if (!diagnoses.some((x) => x.code.toUpperCase() === d.code)) diagnoses.push(d);
  const medications = [...(current?.medications ?? [])];
  for (const m of change.medications)
    if (!medications.some((x) => x.name.toLowerCase() === m.name.toLowerCase())) medications.push(m);
  if (diagnoses.length > MAX_DIAGNOSES)
    throw new DomainValidationError([
      { field: 'resource', message: `would give the patient more than ${MAX_DIAGNOSES} diagnoses` },
    ]);
  if (medications.length > MAX_MEDICATIONS)
    throw new DomainValidationError([
      { field: 'resource', message: `would give the patient more than ${MAX_MEDICATIONS} current medicines` },
    ]);
  return { ...(current ?? {}), diagnoses, medications };
}

function countByType(items: readonly BundleItem[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const item of items) counts[item.type] = (counts[item.type] ?? 0) + 1;
  return counts;
}
