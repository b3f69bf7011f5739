/**
 * The structured intake: each save is a new version (nothing is overwritten); the eligibility facts derived from
 * it are stored beside it, so a decision can always show exactly what it was based on.
 *
 * The front desk reads and writes the registration part only (getRegistration/saveRegistration): a registration
 * save makes a new version that keeps the clinical history of the version it was based on, unseen and unchanged.
 */
import { assessTreatmentResistance, type EligibilityFacts } from '../../../domain/eligibility/index.js';
import type { Transaction } from 'kysely';
import type { Database, PatientRow } from '../../db/schema.js';
import type { Transact } from '../../db/transaction.js';
import { ConflictError } from '../../errors/http-errors.js';
import type { JsonInput, RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { PatientsRepository } from '../patients/patients.repository.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { changedSections, intakeToFacts } from './intake-facts.js';
import type { IntakeRepository } from './intake.repository.js';
import {
  REGISTRATION_SECTIONS,
  type Intake,
  type IntakeVersionDto,
  type Registration,
  type RegistrationVersionDto,
} from '../../../contract/intake.js';
import { noSuchPatient, requirePatient } from '../patients/patient-lookup.js';
import { staffRef } from '../../../contract/common.js';

/** The registration sections of an intake (the front desk's part). */
export function registrationOf(intake: Intake): Registration {
  const registration: Registration = {};
  for (const section of REGISTRATION_SECTIONS) {
    if (intake[section] !== undefined) Object.assign(registration, { [section]: intake[section] });
  }
  return registration;
}

/** The intake with its registration part replaced by `registration` and its clinical history kept as it was. */
export function withRegistration(intake: Intake | undefined, registration: Registration): Intake {
  const clinical: Intake = { ...(intake ?? {}) };
  for (const section of REGISTRATION_SECTIONS) delete clinical[section];
  return { ...clinical, ...registration };
}

export class IntakeService {
  constructor(
    private readonly intakes: IntakeRepository,
    private readonly patients: PatientsRepository,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async get(ctx: RequestContext, patientId: string): Promise<JsonInput<IntakeVersionDto>> {
    await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    const row = await this.intakes.latest(ctx.principal.clinicId, patientId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'Intake',
      resourceId: row?.id ?? null,
      patientId,
      detail: { version: row?.version ?? null },
    });
    if (!row)
      return {
        patientId,
        version: null,
        intake: null,
        facts: null,
        treatmentResistance: null,
        source: null,
        savedAt: null,
        savedBy: null,
      };
    const facts = row.facts as EligibilityFacts;
    return {
      patientId,
      version: row.version,
      intake: row.data as Intake,
      facts: row.facts,
      treatmentResistance: facts.trials && facts.trials.length > 0 ? assessTreatmentResistance(facts.trials) : null,
      source: row.source,
      savedAt: row.createdAt.toISOString(),
      savedBy: staffRef(row.createdBy, row.displayName),
    };
  }

  /**
   * Saves a new version. `baseVersion` is the version the editor started from (0 for the first intake): if someone
   * saved in between, 409 and nothing is lost. Two saves racing on the same base both try the same version number;
   * the unique (patient, version) constraint lets one through and the other gets 409.
   */
  async save(
    ctx: RequestContext,
    patientId: string,
    input: { baseVersion: number; intake: Intake },
    source: 'staff' | 'patient-link' = 'staff',
  ): Promise<JsonInput<IntakeVersionDto>> {
    await this.saveVersion(ctx, patientId, input.baseVersion, () => input.intake, source, 'whole');
    return this.get(ctx, patientId);
  }

  /** The registration part of the latest intake (the front desk's view: no clinical history). */
  async getRegistration(ctx: RequestContext, patientId: string): Promise<RegistrationVersionDto> {
    await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    const row = await this.intakes.latest(ctx.principal.clinicId, patientId);
    await this.audit.record(ctx, {
      action: 'read',
      resourceType: 'IntakeRegistration',
      resourceId: row?.id ?? null,
      patientId,
      detail: { version: row?.version ?? null },
    });
    if (!row) return { patientId, version: null, registration: null, savedAt: null, savedBy: null };
    return {
      patientId,
      version: row.version,
      registration: registrationOf(row.data as Intake),
      savedAt: row.createdAt.toISOString(),
      savedBy: staffRef(row.createdBy, row.displayName),
    };
  }

  /** Saves the registration part as a new intake version; the clinical history of the base version is kept. */
  async saveRegistration(
    ctx: RequestContext,
    patientId: string,
    input: { baseVersion: number; registration: Registration },
  ): Promise<RegistrationVersionDto> {
    await this.saveVersion(
      ctx,
      patientId,
      input.baseVersion,
      (current) => withRegistration(current, input.registration),
      'staff',
      'registration',
    );
    return this.getRegistration(ctx, patientId);
  }

  /**
   * Accepts what a patient sent through a self-intake link into the intake, as a new version of source
   * 'patient-link' on top of the latest one. Loads the patient and the clinic now, and returns the write to run in
   * the caller's transaction (the acceptance is recorded with it): `build` gets the latest intake and returns the
   * new one; the new version number is returned.
   */
  async prepareAcceptance(ctx: RequestContext, patientId: string, part: 'registration' | 'clinical') {
    const patient = await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    return (trx: Transaction<Database>, build: (current: Intake | undefined) => Intake): Promise<number> =>
      this.writeVersion(trx, ctx, patient, clinic, null, build, 'patient-link', part);
  }

  /**
   * For a larger write (a FHIR transaction Bundle importing diagnoses and medicines): reads the clinic now and
   * returns a writer that saves a new version on top of the latest one in the caller's transaction (the patient may
   * have been created in that same transaction). `build` gets the latest intake and returns the new one.
   */
  async prepareImport(ctx: RequestContext) {
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    return async (
      trx: Transaction<Database>,
      patientId: string,
      build: (current: Intake | undefined) => Intake,
    ): Promise<number> => {
      const patient = await this.patients.findById(ctx.principal.clinicId, patientId, trx);
      if (!patient) throw noSuchPatient();
      return this.writeVersion(trx, ctx, patient, clinic, null, build, 'staff', 'clinical');
    };
  }

  private async saveVersion(
    ctx: RequestContext,
    patientId: string,
    baseVersion: number,
    build: (current: Intake | undefined) => Intake,
    source: 'staff' | 'patient-link',
    part: 'whole' | 'registration',
  ): Promise<void> {
    const { clinicId } = ctx.principal;
    const patient = await requirePatient(this.patients, clinicId, patientId);
    const clinic = await loadClinicContext(this.clinics, clinicId);
    await this.transact((trx) => this.writeVersion(trx, ctx, patient, clinic, baseVersion, build, source, part));
  }

  /** `baseVersion` null: on top of whatever version is the latest (a patient's answers, accepted by staff). */
  private async writeVersion(
    trx: Transaction<Database>,
    ctx: RequestContext,
    patient: PatientRow,
    clinic: Awaited<ReturnType<typeof loadClinicContext>>,
    baseVersion: number | null,
    build: (current: Intake | undefined) => Intake,
    source: 'staff' | 'patient-link',
    part: 'whole' | 'registration' | 'clinical',
  ): Promise<number> {
    const { clinicId } = ctx.principal;
    const patientId = patient.id;
    const now = this.clock();
    const current = await this.intakes.latest(clinicId, patientId, trx);
    const currentVersion = current?.version ?? 0;
    if (baseVersion !== null && currentVersion !== baseVersion) {
      throw new ConflictError(
        `The intake was saved by someone else (you edited version ${baseVersion}; the current version is ${currentVersion}). Reload and edit again.`,
        [{ field: 'baseVersion', message: `is ${baseVersion}, current is ${currentVersion}` }],
      );
    }
    const intake = build(current?.data as Intake | undefined);
    const facts = intakeToFacts(intake, patient, clinic.today(now));
    const sections = changedSections(current?.data as Intake | undefined, intake);
    const version = currentVersion + 1;
    const created = await this.intakes.insert(trx, {
      clinicId,
      patientId,
      version,
      data: intake as Record<string, unknown>,
      facts: facts as Record<string, unknown>,
      changedSections: sections,
      source,
      createdAt: now,
      createdBy: source === 'staff' ? ctx.principal.userId : null,
    });
    await this.audit.record(
      ctx,
      {
        action: version === 1 ? 'create' : 'update',
        resourceType: 'Intake',
        resourceId: created.id,
        patientId,
        occurredAt: now,
        detail: { version, changedSections: sections, source, part },
      },
      trx,
    );
    return version;
  }

  async history(ctx: RequestContext, patientId: string) {
    await requirePatient(this.patients, ctx.principal.clinicId, patientId);
    const rows = await this.intakes.history(ctx.principal.clinicId, patientId);
    await this.audit.record(ctx, {
      action: 'read-history',
      resourceType: 'Intake',
      patientId,
      detail: { versions: rows.length },
    });
    return rows.map((r) => ({
      version: r.version,
      savedAt: r.createdAt.toISOString(),
      savedBy: staffRef(r.createdBy, r.displayName),
      source: r.source,
      changedSections: r.changedSections,
      intake: r.data as Intake,
    }));
  }
}
