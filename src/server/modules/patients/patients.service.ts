import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database, PatientRow } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { Coalescer } from '../../db/coalescer.js';
import { dateOfBirthProblem } from '../../../domain/shared/plausible-dates.js';
import { BadRequestError, ConflictError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditContext, AuditEvent, AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { requestClinicSettings } from '../clinics/clinic-context.js';
import { isDayFirstLocale, readSearchText } from './patient-search-terms.js';
import { patientDetails, type NewPatient, type PatientFields, type PatientsRepository } from './patients.repository.js';
import type { PatientDto, PatientInput, PatientSearchQuery, PatientUpdateInput } from '../../../contract/patients.js';
import { PATIENT_EDITABLE_FIELDS } from '../../../contract/patient-fields.js';
import { noSuchPatient } from './patient-lookup.js';
import { staffRef } from '../../../contract/common.js';

/** A patient to create with the audit event of its creation, as one item of a group commit. */
interface AuditedPatient extends NewPatient {
  readonly audit: { readonly ctx: AuditContext; readonly event: AuditEvent };
}

export function toPatientDto(row: PatientRow): PatientDto {
  return {
    id: row.id,
    ...patientDetails(row),
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function formatMrn(prefix: string, n: number): string {
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

export class PatientsService {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  /**
   * Requests made together share statements (db/coalescer.ts, issue 11). A create of its own (not part of a larger
   * write) is group-committed in two steps: its number from the clinic's counter, then the patient, its first
   * version and its audit event; N creates in a clinic cost two statements rather than 2N. A read by id joins the
   * reads of the same clinic in one select. One request alone costs the statements it always did.
   */
  private readonly numbers = new Coalescer<null, number>(async (clinicId, asks) => {
    const last = await this.patients.takeMrnNumbers(clinicId, asks.length);
    return asks.map((_, i) => last - asks.length + 1 + i);
  });
  private readonly reads = new Coalescer<string, PatientRow | undefined>((clinicId, ids) =>
    this.patients.findByIds(clinicId, ids),
  );
  private readonly creations = new Coalescer<AuditedPatient, PatientRow>((_, items) =>
    this.patients.insert(undefined, items, this.audit.alongsideAll(items.map(({ audit }) => audit))),
  );

  /**
   * `outer`: the caller's transaction, when the patient is part of a larger write (an import); the caller then
   * passes a context with `clinicSettings` already read, so nothing is read outside that transaction.
   */
  async create(ctx: RequestContext, input: PatientInput, outer?: Transaction<Database>): Promise<PatientDto> {
    const now = this.clock();
    checkDateOfBirth(input.dateOfBirth, now);
    const prefix = (await requestClinicSettings(this.clinics, ctx)).mrnPrefix;
    const id = randomUUID();
    const clinicId = ctx.principal.clinicId;
    // A create of its own takes its number in a statement that commits at once: holding the clinic's counter until
    // the patient commits made every create in the clinic wait for the one before it (issue 11). Inside a larger
    // write (`outer`) the number is taken in that write, so it rolls back with it.
    const number = outer
      ? await this.patients.nextMrnNumber(clinicId, outer)
      : await this.numbers.submit(clinicId, null);
    const event: AuditEvent = {
      action: 'create',
      resourceType: 'Patient',
      resourceId: id,
      patientId: id,
      occurredAt: now,
    };
    const patient: NewPatient = {
      id,
      clinicId,
      mrn: formatMrn(prefix, number),
      fields: normalise(input),
      by: ctx.principal.userId,
      at: now,
    };
    const row = outer
      ? (await this.patients.insert(outer, [patient], this.audit.alongside(ctx, event)))[0]!
      : await this.creations.submit(clinicId, { ...patient, audit: { ctx, event } });
    return toPatientDto(row);
  }

  async get(ctx: RequestContext, id: string): Promise<PatientDto> {
    const row = await this.reads.submit(ctx.principal.clinicId, id);
    if (!row) throw noSuchPatient();
    await this.audit.record(ctx, { action: 'read', resourceType: 'Patient', resourceId: id, patientId: id });
    return toPatientDto(row);
  }

  /** `outer`: the caller's transaction, when the edit is part of a larger write (accepting a self-intake). */
  async update(
    ctx: RequestContext,
    id: string,
    input: PatientUpdateInput,
    outer?: Transaction<Database>,
  ): Promise<PatientDto> {
    const now = this.clock();
    if (input.dateOfBirth !== undefined) checkDateOfBirth(input.dateOfBirth, now);
    const transact: Transact = outer ? (work) => work(outer) : this.transact;
    const row = await transact(async (trx) => {
      const current = await this.patients.findById(ctx.principal.clinicId, id, trx);
      if (!current) throw noSuchPatient();
      if (current.version !== input.version) {
        throw new ConflictError(
          `This patient was changed by someone else (you edited version ${input.version}; the current version is ${current.version}). Reload and edit again.`,
          [{ field: 'version', message: `is ${input.version}, current is ${current.version}` }],
        );
      }
      const merged: PatientFields = normalise({ ...toPatientDto(current), ...stripVersion(input) });
      const changed = PATIENT_EDITABLE_FIELDS.filter(
        (f) => JSON.stringify(merged[f] ?? null) !== JSON.stringify(current[f] ?? null),
      );
      if (changed.length === 0) return current;
      const updated = await this.patients.update(
        trx,
        ctx.principal.clinicId,
        id,
        input.version,
        merged,
        [...changed],
        ctx.principal.userId,
        now,
      );
      if (!updated)
        throw new ConflictError('This patient was changed by someone else. Reload and edit again.', [
          { field: 'version', message: 'is stale' },
        ]);
      await this.audit.record(
        ctx,
        {
          action: 'update',
          resourceType: 'Patient',
          resourceId: id,
          patientId: id,
          occurredAt: now,
          detail: { changedFields: [...changed], version: updated.version },
        },
        trx,
      );
      return updated;
    });
    return toPatientDto(row);
  }

  async search(ctx: RequestContext, query: PatientSearchQuery): Promise<{ items: PatientDto[]; total: number }> {
    const read = readSearchText(
      query.q ?? '',
      isDayFirstLocale((await requestClinicSettings(this.clinics, ctx)).locale),
    );
    const terms = [...read.nameTerms, ...read.mrnDigits];
    const dateTerm = read.dateOfBirth;
    const result = await this.patients.search({
      clinicId: ctx.principal.clinicId,
      nameTerms: read.nameTerms,
      mrnDigits: read.mrnDigits,
      dateOfBirth: query.dateOfBirth ?? dateTerm,
      mrn: query.mrn,
      limit: query.limit ?? 50,
      offset: query.offset ?? 0,
    });
    // The search words can identify a patient, so only the shape of the search is audited.
    await this.audit.record(ctx, {
      action: 'search',
      resourceType: 'Patient',
      detail: {
        terms: terms.length,
        byDateOfBirth: Boolean(query.dateOfBirth ?? dateTerm),
        byMrn: Boolean(query.mrn),
        results: result.rows.length,
      },
    });
    return { items: result.rows.map(toPatientDto), total: result.total };
  }

  async history(ctx: RequestContext, id: string) {
    const current = await this.patients.findById(ctx.principal.clinicId, id);
    if (!current) throw noSuchPatient();
    const rows = await this.patients.history(ctx.principal.clinicId, id);
    await this.audit.record(ctx, { action: 'read-history', resourceType: 'Patient', resourceId: id, patientId: id });
    return rows.map((r) => ({
      version: r.version,
      changedAt: r.changedAt.toISOString(),
      changedBy: staffRef(r.userId, r.displayName),
      changedFields: r.changedFields,
      data: r.data,
    }));
  }
}

/** 400 naming dateOfBirth when it is outside the plausible range (src/domain/shared/plausible-dates.ts). */
function checkDateOfBirth(dateOfBirth: string, now: Date): void {
  const problem = dateOfBirthProblem(dateOfBirth, now);
  if (problem) throw new BadRequestError(`The date of birth ${problem}.`, [{ field: 'dateOfBirth', message: problem }]);
}

function stripVersion(input: PatientUpdateInput): Omit<PatientUpdateInput, 'version'> {
  const { version: _version, ...rest } = input;
  return rest;
}

function normalise(
  input: PatientInput | Omit<PatientDto, 'id' | 'mrn' | 'version' | 'createdAt' | 'updatedAt'>,
): PatientFields {
  const address =
    input.address && Object.values(input.address).some((v) => typeof v === 'string' && v.trim() !== '')
      ? input.address
      : null;
  return {
    givenName: input.givenName.trim(),
    familyName: input.familyName.trim(),
    dateOfBirth: input.dateOfBirth,
    sex: input.sex,
    phone: input.phone?.trim() || null,
    email: input.email?.trim().toLowerCase() || null,
    address,
  };
}
