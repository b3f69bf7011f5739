/**
 * `ketaclinic export` and `ketaclinic import patients` (issue 15, "Bulk and portability"): the same services as the
 * admin pages (clinic-export.service.ts, patient-import.service.ts), run from the command line.
 */
import { createWriteStream, readFileSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Services } from '../server/app.js';
import type { DatabaseHandle } from '../server/db/database.js';
import { transactor } from '../server/db/transaction.js';
import type { RequestContext } from '../server/http.js';
import { ClinicExportRepository } from '../server/modules/clinic-export/clinic-export.repository.js';
import { clinicExportService } from '../server/modules/clinic-export/clinic-export.routes.js';
import { PatientIdentifiersRepository } from '../server/modules/imports/patient-identifiers.repository.js';
import { PatientImportService } from '../server/modules/imports/patient-import.service.js';
import {
  PATIENT_IMPORT_FIELDS,
  type PatientColumnMapping,
  type PatientImportField,
} from '../domain/interop/patient-csv.js';

export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export class CliInputError extends Error {}

/** The clinic named by id or slug, or the only clinic when none is named. */
async function clinicOf(repo: ClinicExportRepository, key: string | undefined) {
  if (key !== undefined) {
    const clinic = await repo.findClinic(key);
    if (!clinic) throw new CliInputError(`No clinic "${key}".`);
    return clinic;
  }
  const all = await repo.clinics();
  if (all.length !== 1)
    throw new CliInputError(
      `There are ${all.length} clinics: name one with --clinic <slug|id> (${all.map((c) => c.slug).join(', ')}).`,
    );
  return all[0]!;
}

export async function exportClinic(
  database: DatabaseHandle,
  services: Services,
  clock: () => Date,
  options: { clinic: string; out: string },
  io: Io,
): Promise<number> {
  const repo = new ClinicExportRepository(database.db);
  const clinic = await clinicOf(repo, options.clinic);
  const service = clinicExportService({ database, clock }, services);
  // The command line acts for the clinic as an operator, as the other clinic-level commands do.
  await pipeline(
    Readable.from(service.zip({ clinicId: clinic.id }, { clinicId: clinic.id, clinicName: clinic.name }, null)),
    createWriteStream(options.out, { mode: 0o600 }),
  );
  io.out(`Wrote the export of ${clinic.name} (${statSync(options.out).size} bytes) to ${options.out}.`);
  return 0;
}

/** The mapping file: `{ "mapping": { header: field }, "identifierSystem": "…" }`, or the mapping object alone. */
export function readMappingFile(text: string): { mapping: PatientColumnMapping; identifierSystem?: string } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CliInputError('The mapping file is not JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new CliInputError('The mapping file must hold a JSON object.');
  const object = parsed as Record<string, unknown>;
  const mapping = (typeof object.mapping === 'object' && object.mapping !== null ? object.mapping : object) as Record<
    string,
    unknown
  >;
  const identifierSystem = typeof object.identifierSystem === 'string' ? object.identifierSystem : undefined;
  const result: Record<string, PatientImportField> = {};
  for (const [column, field] of Object.entries(mapping)) {
    if (column === 'identifierSystem' && mapping === object) continue;
    if (typeof field !== 'string' || !(PATIENT_IMPORT_FIELDS as readonly string[]).includes(field)) {
      throw new CliInputError(
        `Mapping "${column}": ${JSON.stringify(field)} is not a field (one of ${PATIENT_IMPORT_FIELDS.join(', ')}).`,
      );
    }
    result[column] = field as PatientImportField;
  }
  return { mapping: result, ...(identifierSystem ? { identifierSystem } : {}) };
}

export async function importPatients(
  database: DatabaseHandle,
  services: Services,
  clock: () => Date,
  options: { csv: string; map: string; clinic?: string; as?: string; dryRun: boolean },
  io: Io,
): Promise<number> {
  const repo = new ClinicExportRepository(database.db);
  const clinic = await clinicOf(repo, options.clinic);
  const user = options.as ? await repo.userByEmail(clinic.id, options.as) : await repo.firstActiveAdmin(clinic.id);
  if (!user)
    throw new CliInputError(
      options.as
        ? `No active account ${options.as} in ${clinic.name}.`
        : `${clinic.name} has no active admin to act as: name one with --as EMAIL.`,
    );
  const { mapping, identifierSystem } = readMappingFile(readFileSync(options.map, 'utf8'));
  const ctx: RequestContext = {
    principal: {
      userId: user.id,
      clinicId: clinic.id,
      role: 'admin',
      email: user.email,
      displayName: user.displayName,
      sessionId: 'cli',
    },
    clientIp: null,
  };
  const service = new PatientImportService(
    new PatientIdentifiersRepository(database.db),
    services.patients,
    services.clinics,
    services.audit,
    transactor(database.db),
    clock,
  );
  const report = await service.importPatients(ctx, {
    csv: readFileSync(options.csv, 'utf8'),
    mapping,
    ...(identifierSystem ? { identifierSystem } : {}),
    dryRun: options.dryRun,
  });
  const s = report.summary;
  io.out(
    options.dryRun
      ? `Dry run for ${clinic.name} (nothing written): ${s.rows} rows, ${s.create} would be created, ${s.exists} already imported, ${s.errors} with errors.`
      : `Imported into ${clinic.name} as ${user.email}: ${s.rows} rows, ${s.created} created, ${s.exists} already imported, ${s.errors} with errors.`,
  );
  for (const row of report.rows) {
    if (row.status === 'error')
      io.out(`  row ${row.row}: ${row.errors.map((e) => `${e.column} ${e.message}`).join('; ')}`);
  }
  return s.errors > 0 ? 1 : 0;
}
