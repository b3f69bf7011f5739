/**
 * Patients from CSV (issue 15, "Import"): read and checked in src/domain/interop/patient-csv.ts, matched by external
 * identifier against patients imported before (so importing the same file twice creates nobody twice), then each
 * valid row created through PatientsService (MRN assigned, audited) with its identifier, one transaction a row: a
 * bad row is reported and never takes the good ones with it.
 */
import { randomUUID } from 'node:crypto';
import { readPatientCsv } from '../../../domain/interop/patient-csv.js';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import type { PatientImportBody, PatientImportReport, PatientImportRow } from '../../../contract/imports.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError, HttpError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { withClinicSettings } from '../clinics/clinic-context.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import type { PatientsService } from '../patients/patients.service.js';
import type { PatientIdentifiersRepository } from './patient-identifiers.repository.js';

const UNIQUE_VIOLATION = '23505';

export class PatientImportService {
  constructor(
    private readonly identifiers: PatientIdentifiersRepository,
    private readonly patients: PatientsService,
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async importPatients(ctx: RequestContext, body: PatientImportBody): Promise<PatientImportReport> {
    const now = this.clock();
    const { clinicId } = ctx.principal;
    const csv = typeof body.csv === 'string' ? body.csv : body.csv.join('');
    const reading = readPatientCsv(csv, body.mapping, now, body.identifierSystem);
    if (reading.fileErrors.length > 0) {
      throw new BadRequestError(
        `The CSV or its mapping cannot be read: ${reading.fileErrors.map((e) => `${e.field} ${e.message}`).join('; ')}.`,
        reading.fileErrors,
      );
    }
    const known = await this.identifiers.find(
      clinicId,
      reading.rows.flatMap((r) => (r.identifier ? [r.identifier] : [])),
    );
    const byIdentifier = new Map(known.map((k) => [`${k.system}|${k.value}`, k]));
    // Read now, so each row's transaction reads nothing outside itself.
    const rowCtx = await withClinicSettings(this.clinics, ctx);

    const report: PatientImportRow[] = [];
    for (const row of reading.rows) {
      const identifier = row.identifier ? { identifier: { ...row.identifier } } : {};
      if (!row.patient) {
        report.push({ row: row.row, status: 'error', errors: [...row.errors], ...identifier });
        continue;
      }
      const summary = {
        givenName: row.patient.givenName,
        familyName: row.patient.familyName,
        dateOfBirth: row.patient.dateOfBirth,
      };
      const existing = row.identifier
        ? byIdentifier.get(`${row.identifier.system}|${row.identifier.value}`)
        : undefined;
      if (existing) {
        report.push({
          row: row.row,
          status: 'exists',
          errors: [],
          patient: {
            id: existing.patientId,
            mrn: existing.mrn,
            givenName: existing.givenName,
            familyName: existing.familyName,
          },
          ...identifier,
        });
        continue;
      }
      if (body.dryRun) {
        report.push({ row: row.row, status: 'create', errors: [], patient: summary, ...identifier });
        continue;
      }
      try {
        const created = await this.transact(async (trx) => {
          const patient = await this.patients.create(rowCtx, { ...row.patient!, address: row.patient!.address }, trx);
          if (row.identifier) {
            await this.identifiers.insert(trx, {
              id: randomUUID(),
              clinicId,
              patientId: patient.id,
              system: row.identifier.system,
              value: row.identifier.value,
              source: 'csv-import',
              createdAt: now,
              createdBy: ctx.principal.userId,
            });
          }
          return patient;
        });
        report.push({
          row: row.row,
          status: 'created',
          errors: [],
          patient: { ...summary, id: created.id, mrn: created.mrn },
          ...identifier,
        });
      } catch (error) {
        report.push({ row: row.row, status: 'error', errors: rowErrors(error), patient: summary, ...identifier });
      }
    }

    const count = (status: PatientImportRow['status']) => report.filter((r) => r.status === status).length;
    const summary = {
      rows: report.length,
      create: count('create'),
      created: count('created'),
      exists: count('exists'),
      errors: count('error'),
    };
    await this.transact(async (trx) => {
      await this.audit.record(
        ctx,
        {
          action: body.dryRun ? 'import-dry-run' : 'import',
          resourceType: 'Patient',
          occurredAt: now,
          detail: { via: 'csv', ...summary },
        },
        trx,
      );
      // The report shows the patients an identifier matched: each is a read of that patient.
      for (const r of report) {
        if (r.status === 'exists' && r.patient?.id) {
          await this.audit.record(
            ctx,
            {
              action: 'read',
              resourceType: 'Patient',
              resourceId: r.patient.id,
              patientId: r.patient.id,
              occurredAt: now,
              detail: { via: 'csv-import-match' },
            },
            trx,
          );
        }
      }
    });
    return { dryRun: body.dryRun, summary, rows: report };
  }
}

/** A row's failure as the report shows it; anything unexpected is rethrown (a 500, not a silent skip). */
function rowErrors(error: unknown): Array<{ column: string; message: string }> {
  if (error instanceof DomainValidationError) return error.issues.map((i) => ({ column: i.field, message: i.message }));
  if (error instanceof HttpError)
    return error.fields.length > 0
      ? error.fields.map((f) => ({ column: f.field, message: f.message }))
      : [{ column: '(row)', message: error.message }];
  if ((error as { code?: unknown } | null)?.code === UNIQUE_VIOLATION)
    return [{ column: 'identifier', message: 'was imported by someone else meanwhile; import again to see the match' }];
  throw error;
}
