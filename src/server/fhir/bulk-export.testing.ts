/**
 * Test helper: the bulk export service called directly (not through HTTP), with small keyset windows and file parts so
 * that a test over the demo data crosses window and part boundaries.
 */
import type { Resource } from '@medplum/fhirtypes';
import type { RequestContext } from '../http.js';
import type { Session, TestApp } from '../testing/test-app.js';
import type { DatabaseHandle } from '../db/database.js';
import { BulkExportRepository } from './bulk-export.repository.js';
import { BulkExportService } from './bulk-export.service.js';
import { FhirRepository } from './fhir.repository.js';

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
