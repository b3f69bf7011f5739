import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CamelCasePlugin,
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
} from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from './schema.js';
import { TableWriteCounter } from './table-writes.js';
import { SESSION_SOURCE_TABLES } from '../modules/auth/auth.repository.js';
import { filesBelow } from '../testing/source-tree.js';

/** Kysely as the app builds it (camelCase names, then the counter), compiling queries without a database. */
function compilingDb(): { db: Kysely<Database>; writes: TableWriteCounter } {
  const writes = new TableWriteCounter();
  const db = new Kysely<Database>({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
    plugins: [new CamelCasePlugin(), writes],
  });
  return { db, writes };
}

describe('TableWriteCounter', () => {
  it('counts inserts, updates and deletes per table, aliased or not, in schema or SQL spelling', () => {
    const { db, writes } = compilingDb();
    db.insertInto('userSession')
      .values({ id: 'x' } as never)
      .compile();
    db.updateTable('appUser').set({ displayName: 'A' }).where('id', '=', 'u').compile();
    db.updateTable('appUser as u').set({ displayName: 'B' }).compile();
    db.deleteFrom('clinic').where('id', '=', 'c').compile();
    db.deleteFrom('userSession as s').compile();

    expect(writes.countOf(['userSession'])).toBe(2);
    expect(writes.countOf(['app_user'])).toBe(2);
    expect(writes.countOf(['clinic'])).toBe(1);
    expect(writes.countOf(SESSION_SOURCE_TABLES)).toBe(5);
  });

  it('does not count reads, or writes to other tables', () => {
    const { db, writes } = compilingDb();
    db.selectFrom('appUser').selectAll().compile();
    db.selectFrom('userSession as s').innerJoin('clinic as c', 'c.id', 's.clinicId').selectAll().compile();
    db.insertInto('patient')
      .values({ id: 'p' } as never)
      .compile();
    db.updateTable('auditEvent').set({ action: 'x' }).compile();
    expect(writes.countOf(SESSION_SOURCE_TABLES)).toBe(0);
    expect(writes.countOf(['patient'])).toBe(1);
  });

  it('is told of no raw SQL write to a table a cache reads from: none exists outside migrations', () => {
    // A raw `sql` statement bypasses the counter, so the session cache would miss the change until it ages out.
    const tables = SESSION_SOURCE_TABLES.map((t) => t.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    const rawWrite = new RegExp(`(update|insert\\s+into|delete\\s+from)\\s+"?(${tables.join('|')})"?[\\s(]`, 'i');
    const offenders = filesBelow(
      join(import.meta.dirname, '..'),
      (name) => !/(^|\/)migrations\//.test(name) && name.endsWith('.ts') && !name.endsWith('.test.ts'),
    ).filter((path) => rawWrite.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
    // The check itself finds such a statement.
    expect(rawWrite.test('await sql`update app_user set role = ${r}`')).toBe(true);
  });
});
