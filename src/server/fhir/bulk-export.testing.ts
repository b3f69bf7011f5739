/**
 * Test helper: the bulk export service called directly (not through HTTP), with small keyset windows and file parts so
 * that a test over the demo data crosses window and part boundaries.
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Resource } from '@medplum/fhirtypes';
import { expect } from 'vitest';
import type { RequestContext } from '../http.js';
import type { Session, TestApp } from '../testing/test-app.js';
import type { DatabaseHandle } from '../db/database.js';
import { BulkExportRepository } from './bulk-export.repository.js';
import { BulkExportService, type ExportManifest } from './bulk-export.service.js';
import { FhirRepository } from './fhir.repository.js';

/**
 * The clinic records served since issue 15 that are about one patient: a test's own list of what a patient-level
 * export holds beside the patient's record (Location and Group are about the clinic).
 */
export const PATIENT_CLINIC_RECORD_TYPES = [
  'MedicationAdministration',
  'MedicationRequest',
  'Consent',
  'AllergyIntolerance',
  'MedicationStatement',
  'AdverseEvent',
] as const;

/** The request context of a signed-in nurse, as the service sees it. */
export const nurseContext = (s: Session): RequestContext => ({
  principal: {
    userId: s.userId,
    clinicId: s.clinicId,
    role: 'nurse' as const,
    email: '',
    displayName: 'Nurse',
    sessionId: 's',
  },
  clientIp: null,
});

/** A service over the test database reading `batch` rows at a time and writing at most `partSize` per file. */
export const smallWindowExportService = (
  t: TestApp,
  database: DatabaseHandle,
  options: { batch: number; partSize: number },
): BulkExportService =>
  new BulkExportService(
    new BulkExportRepository(database.db),
    new FhirRepository(database.db),
    t.services.audit,
    t.clock.now,
    options,
  );

/** Kicks off a system-level export of `types` for the nurse and waits until its work has settled. */
export async function systemExport(service: BulkExportService, nurse: Session, types: string): Promise<string> {
  const id = await service.kickOff(nurseContext(nurse), 'system', { _type: types }, 'http://localhost/fhir/R4/$export');
  await service.settled();
  return id;
}

/** The ids of the resources in an export's files, read through the service. */
export async function idsInFiles(
  service: BulkExportService,
  nurse: Session,
  id: string,
  files: Array<{ url: string }>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const f of files) {
    let text = '';
    for await (const chunk of await service.file(nurseContext(nurse), id, f.url.split('/').at(-1)!)) text += chunk;
    ids.push(
      ...text
        .split('\n')
        .filter(Boolean)
        .map((l) => (JSON.parse(l) as Resource).id!),
    );
  }
  return ids;
}

/** The path of an absolute URL the server answered (the status and file URLs carry its origin). */
export const pathOf = (url: string) => url.replace(/^https?:\/\/[^/]+/, '');

/**
 * Runs an export through HTTP as a Bulk Data client does (Bulk Data Access IG 2.0): kicks off (202 with the status
 * URL), polls the status URL until the manifest (200), and reads every NDJSON file back, each with as many lines as the
 * manifest counts. `get` sends one GET as the caller. Answers the manifest, the resources per type and each poll's
 * X-Progress.
 */
export async function exportThroughHttp(
  get: (url: string) => Promise<LightMyRequestResponse>,
  kickOffUrl: string,
): Promise<{ manifest: ExportManifest; byType: Map<string, Resource[]>; progress: string[] }> {
  const kickOff = await get(kickOffUrl);
  expect(kickOff.statusCode, kickOff.body).toBe(202);
  const status = pathOf(String(kickOff.headers['content-location']));
  expect(status).toMatch(/^\/fhir\/R4\/\$export-status\/[0-9a-f-]{36}$/);
  const progress: string[] = [];
  for (let attempt = 0; attempt < 400; attempt += 1) {
    const r = await get(status);
    if (r.statusCode === 202) {
      progress.push(String(r.headers['x-progress']));
      await new Promise((resolve) => setTimeout(resolve, 25));
      continue;
    }
    expect(r.statusCode, r.body).toBe(200);
    const manifest = r.json<ExportManifest>();
    const byType = new Map<string, Resource[]>();
    for (const output of manifest.output) {
      const file = await get(pathOf(output.url));
      expect(file.statusCode, file.body).toBe(200);
      expect(file.headers['content-type']).toMatch(/^application\/fhir\+ndjson/);
      const lines = file.body.split('\n').filter((l) => l !== '');
      expect(lines).toHaveLength(output.count);
      byType.set(output.type, [...(byType.get(output.type) ?? []), ...lines.map((l) => JSON.parse(l) as Resource)]);
    }
    return { manifest, byType, progress };
  }
  throw new Error('the export did not finish');
}
