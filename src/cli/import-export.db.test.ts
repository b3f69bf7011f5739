/**
 * `ketaclinic import patients` and `ketaclinic export` (issue 15): the CSV import from the command line (dry run,
 * then a real run reporting the bad row and creating the others, then a re-run creating nobody twice), and the
 * whole-clinic zip written to a file and read back.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../domain/interop/csv.js';
import { databaseTargets } from '../server/testing/test-database.js';
import { capture, prepareWithDemoClinic, type Target } from './cli-target.testing.js';
import { runCli } from './main.js';

for (const targetName of databaseTargets()) {
  describe(`ketaclinic import patients and export [${targetName}]`, () => {
    let target: Target;
    const dir = mkdtempSync(path.join(tmpdir(), 'kc-import-export-'));
    const csv = path.join(dir, 'patients.csv');
    const map = path.join(dir, 'mapping.json');
    const patients = async () => {
      const database = await target.open();
      try {
        return (await sql<{ n: number }>`select count(*)::int as n from patient`.execute(database.db)).rows[0]!.n;
      } finally {
        await database.close();
      }
    };

    beforeAll(async () => {
      target = await prepareWithDemoClinic(targetName);
      writeFileSync(
        csv,
        'Surname,Forename,Birth date,Ref\r\nAbara,Nia,1990-02-03,R1\r\nBelt,,1991-05-06,R2\r\nCorr,Ivo,1992-07-08,R3\r\n',
      );
      writeFileSync(
        map,
        JSON.stringify({
          mapping: { Surname: 'familyName', Forename: 'givenName', 'Birth date': 'dateOfBirth', Ref: 'identifier' },
          identifierSystem: 'urn:old-system',
        }),
      );
    });
    afterAll(async () => {
      await target.dispose();
    });

    it('import patients: a dry run writes nothing; the real run creates the good rows and names the bad one; a re-run creates nobody twice', async () => {
      const before = await patients();
      const dry = capture();
      expect(await runCli(['import', 'patients', '--csv', csv, '--map', map, '--dry-run'], target.env, dry.io)).toBe(1);
      expect(dry.out).toEqual([
        'Dry run for Demo Clinic (nothing written): 3 rows, 2 would be created, 0 already imported, 1 with errors.',
        '  row 3: Forename is empty',
      ]);
      expect(await patients()).toBe(before);

      const real = capture();
      expect(await runCli(['import', 'patients', '--csv', csv, '--map', map], target.env, real.io)).toBe(1);
      expect(real.out[0]).toMatch(
        /^Imported into Demo Clinic as .+: 3 rows, 2 created, 0 already imported, 1 with errors\.$/,
      );
      expect(await patients()).toBe(before + 2);

      const again = capture();
      expect(await runCli(['import', 'patients', '--csv', csv, '--map', map], target.env, again.io)).toBe(1);
      expect(again.out[0]).toMatch(/3 rows, 0 created, 2 already imported, 1 with errors\.$/);
      expect(await patients()).toBe(before + 2);
    });

    it('import patients refuses a mapping to an unknown field, naming it', async () => {
      const bad = path.join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ Surname: 'surname' }));
      const out = capture();
      expect(await runCli(['import', 'patients', '--csv', csv, '--map', bad], target.env, out.io)).toBe(1);
      expect(out.err[0]).toMatch(/^Mapping "Surname": "surname" is not a field/);
    });

    it('export writes the zip: the patient CSV has every patient of the clinic and the NDJSON one line each', async () => {
      const file = path.join(dir, 'clinic.zip');
      const out = capture();
      expect(await runCli(['export', '--clinic', 'demo', '--out', file], target.env, out.io)).toBe(0);
      expect(out.out[0]).toMatch(/^Wrote the export of Demo Clinic \(\d+ bytes\) to /);
      const files = unzipSync(new Uint8Array(readFileSync(file)));
      const rows = parseCsv(strFromU8(files['csv/patient.csv']!)).records.length - 1;
      expect(rows).toBe(await patients());
      expect(strFromU8(files['fhir/Patient.ndjson']!).trim().split('\n')).toHaveLength(rows);
      const missing = capture();
      expect(await runCli(['export', '--out', file], target.env, missing.io)).toBe(2);
    });
  });
}
