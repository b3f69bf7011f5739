/**
 * Test databases start from a template: an empty PGlite database with every migration applied, dumped once and
 * loaded by each test file. Creating a PGlite database runs initdb and then the migrations, the slowest part of
 * most test files (measured on this 2-core machine: 3-4 s quiet, 10-17 s busy, against about a second to load the
 * dump); issue 9 asked for the slow files to share what keeps them independent, and a copy of one template does.
 *
 * The dump is kept in node_modules/.cache/ketaclinic-test, named by a hash of the migration sources and PGlite's
 * version, so changing a migration makes a new one. Test processes that race to create it each write their own
 * file and rename it into place (a rename is atomic), so none reads a half-written dump.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, type DatabaseHandle } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const projectRoot = path.resolve(here, '..', '..', '..');
const migrationsDir = path.join(here, '..', 'db', 'migrations');

function templateKey(): string {
  const hash = createHash('sha256');
  hash.update(readFileSync(path.join(projectRoot, 'node_modules', '@electric-sql', 'pglite', 'package.json')));
  for (const name of readdirSync(migrationsDir).sort()) {
    if (!/\.(ts|js)$/.test(name) || name.includes('.test.')) continue;
    hash.update(name).update(readFileSync(path.join(migrationsDir, name)));
  }
  return hash.digest('hex').slice(0, 16);
}

let cached: Promise<Blob> | undefined;

/** The migrated template as a dump, made on first use (in this process or, once, for every run after). */
export function migratedPgliteDump(): Promise<Blob> {
  cached ??= (async () => {
    const folder = path.join(projectRoot, 'node_modules', '.cache', 'ketaclinic-test');
    const file = path.join(folder, `pglite-migrated-${templateKey()}.tar`);
    if (existsSync(file)) return new Blob([readFileSync(file)]);
    const database = await openDatabase({});
    try {
      await migrateToLatest(database.db);
      if (!database.dumpDataDir) throw new Error('An in-memory database is PGlite and can be dumped.');
      const dump = await database.dumpDataDir();
      mkdirSync(folder, { recursive: true });
      const partial = `${file}.${randomBytes(6).toString('hex')}.partial`;
      writeFileSync(partial, Buffer.from(await dump.arrayBuffer()));
      renameSync(partial, file);
      return dump;
    } finally {
      await database.close();
    }
  })();
  return cached;
}

/** A fresh in-memory PGlite database with every migration applied, independent of every other one. */
export async function openMigratedPglite(): Promise<DatabaseHandle> {
  const database = await openDatabase({ loadDataDir: await migratedPgliteDump() });
  // A no-op when the template is current; applies anything newer otherwise.
  await migrateToLatest(database.db);
  return database;
}
