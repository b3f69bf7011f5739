/**
 * Audit log v2 (docs/adr/0005-audit-log-v2.md): appends take no lock, one elected sealer chains committed events,
 * repeated reads collapse per access window, and tampering with the tail is caught (by the head, or by an anchor).
 */
import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import pg from 'pg';
import { beforeAll, expect, it } from 'vitest';
import { openDatabase, type DatabaseHandle } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { describeEachDatabase, type TestDatabase } from '../../testing/test-database.js';
import { TestClock } from '../../testing/test-app.js';
import { chainHash } from '../../../domain/audit/hash-chain.js';
import { AuditRepository, auditContent } from './audit.repository.js';
import { AuditService, type AuditInput } from './audit.service.js';

const clinicA = randomUUID();
const clinicB = randomUUID();
const nurse = { userId: randomUUID(), clinicId: clinicA, role: 'nurse' };
const doctor = { userId: randomUUID(), clinicId: clinicA, role: 'prescriber' };
const otherClinicUser = { userId: randomUUID(), clinicId: clinicB, role: 'nurse' };

function auditOn(database: DatabaseHandle, clock: TestClock): AuditService {
  return new AuditService(new AuditRepository(database.db), clock.now);
}

/** A write (never collapsed), as a patient update records it. */
function write(clock: TestClock, actor = nurse, patientId: string = randomUUID()): AuditInput {
  return {
    actor,
    action: 'update',
    resourceType: 'Patient',
    resourceId: patientId,
    patientId,
    occurredAt: clock.now(),
    detail: { changedFields: ['phone'] },
  };
}

function read(clock: TestClock, actor: typeof nurse, patientId: string): AuditInput {
  return { actor, action: 'read', resourceType: 'Patient', resourceId: patientId, patientId, occurredAt: clock.now() };
}

async function recordMany(audit: AuditService, clock: TestClock, n: number, actor = nurse): Promise<void> {
  for (let i = 0; i < n; i += 1) await audit.append(write(clock, actor));
}

/** A second app instance: its own pool on the same PostgreSQL schema (PGlite has one backend: the same handle). */
async function secondInstance(ctx: TestDatabase): Promise<{ database: DatabaseHandle; close(): Promise<void> }> {
  if (!ctx.connection) return { database: ctx.database, close: async () => undefined };
  const database = await openDatabase({ databaseUrl: ctx.connection.url, schema: ctx.connection.schema });
  return { database, close: () => database.close() };
}

async function disableTriggers(ctx: TestDatabase, table: 'audit_event' | 'audit_chain_head'): Promise<void> {
  await sql`alter table ${sql.table(table)} disable trigger user`.execute(ctx.database.db);
}
async function enableTriggers(ctx: TestDatabase, table: 'audit_event' | 'audit_chain_head'): Promise<void> {
  await sql`alter table ${sql.table(table)} enable trigger user`.execute(ctx.database.db);
}

describeEachDatabase('audit log v2: the sealer', (ctx) => {
  const clock = new TestClock(new Date('2026-12-06T10:00:00Z'));

  it('appends unsealed events and reports them pending until the sealer chains them', async () => {
    const audit = auditOn(ctx.database, clock);
    await recordMany(audit, clock, 5);
    const before = await audit.verify();
    expect(before).toMatchObject({ intact: true, checked: 0, pending: 5, head: { position: 0, seq: null } });
    expect(await audit.seal()).toEqual({ elected: true, sealed: 5 });
    const after = await audit.verify();
    expect(after).toMatchObject({ intact: true, checked: 5, pending: 0, head: { position: 5 } });
    expect(after.head.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('with two app instances on one database, every event is sealed exactly once and the chain stays whole', async () => {
    const second = await secondInstance(ctx);
    try {
      const first = auditOn(ctx.database, clock);
      const other = auditOn(second.database, clock);
      const start = (await first.head()).position;
      // Both instances write and seal at the same time, as two servers behind a load balancer do.
      await Promise.all([
        recordMany(first, clock, 40),
        recordMany(other, clock, 40),
        first.seal(),
        other.seal(),
        first.seal(),
        other.seal(),
      ]);
      await Promise.all([first.seal(), other.seal()]);
      await first.seal();
      const verdict = await other.verify();
      expect(verdict).toMatchObject({ intact: true, pending: 0, head: { position: start + 80 } });
      const positions = await sql<{
        n: number;
        distinct: number;
      }>`select count(*)::int as n, count(distinct position)::int as distinct
        from audit_event where position > ${start}`.execute(ctx.database.db);
      expect(positions.rows[0]).toEqual({ n: 80, distinct: 80 });
    } finally {
      await second.close();
    }
  });

  it('lets only the instance holding the election lock seal; the other skips its turn', async () => {
    const audit = auditOn(ctx.database, clock);
    await recordMany(audit, clock, 2);
    if (ctx.connection) {
      // Another instance's sealer holds the lock on its own session.
      const other = new pg.Client({ connectionString: ctx.connection.url });
      await other.connect();
      await other.query('select pg_advisory_lock(7240002)');
      expect(await audit.seal()).toEqual({ elected: false, sealed: 0 });
      await other.end();
    }
    expect(await audit.seal()).toEqual({ elected: true, sealed: 2 });
  });

  it('loses nothing when the process dies between the insert and the seal: the next instance seals it', async () => {
    const dying = await secondInstance(ctx);
    const audit = auditOn(dying.database, clock);
    const head = await audit.head();
    await dying.database.db.transaction().execute(async (trx) => {
      await audit.append(write(clock), trx);
      await audit.append(write(clock), trx);
    });
    // Killed before any sealer ran (on PostgreSQL its pool goes away; committed rows stay).
    await dying.close();
    const next = auditOn(ctx.database, clock);
    expect(await next.verify()).toMatchObject({ intact: true, pending: 2, head: { position: head.position } });
    expect(await next.seal()).toMatchObject({ sealed: 2 });
    expect(await next.verify()).toMatchObject({ intact: true, pending: 0, head: { position: head.position + 2 } });
  });

  it('rolls an event back with the access it records: an aborted write leaves nothing to seal', async () => {
    const audit = auditOn(ctx.database, clock);
    const pending = (await audit.verify()).pending;
    await expect(
      ctx.database.db.transaction().execute(async (trx) => {
        await audit.append(write(clock), trx);
        throw new Error('the write failed');
      }),
    ).rejects.toThrow('the write failed');
    expect((await audit.verify()).pending).toBe(pending);
  });
});

// Two transactions open at once need two backends: PGlite runs one, so it cannot commit out of order.
describeEachDatabase('audit log v2: events committed out of sequence order', (ctx) => {
  const clock = new TestClock(new Date('2026-12-06T10:00:00Z'));
  if (ctx.target !== 'postgres') {
    it('cannot happen on PGlite: transactions run one after another, so sequence and commit order agree', async () => {
      const audit = auditOn(ctx.database, clock);
      await Promise.all([
        ctx.database.db.transaction().execute((trx) => audit.append(write(clock), trx)),
        ctx.database.db.transaction().execute((trx) => audit.append(write(clock), trx)),
      ]);
      await audit.seal();
      const rows = await sql<{
        seq: number;
        position: number;
      }>`select seq, position from audit_event order by seq`.execute(ctx.database.db);
      expect(rows.rows.map((r) => Number(r.position))).toEqual([1, 2]);
    });
    return;
  }

  it('seals a later event that committed first, and the earlier one when it commits, with no gap or fork', async () => {
    const audit = auditOn(ctx.database, clock);
    let releaseFirst!: () => void;
    const firstMayCommit = new Promise<void>((resolve) => {
      releaseFirst = resolve;
    });
    let firstInserted!: () => void;
    const insertedByFirst = new Promise<void>((resolve) => {
      firstInserted = resolve;
    });
    const first = ctx.database.db.transaction().execute(async (trx: Transaction<Database>) => {
      await audit.append(write(clock), trx);
      firstInserted();
      await firstMayCommit;
    });
    await insertedByFirst;
    await ctx.database.db.transaction().execute((trx) => audit.append(write(clock), trx));

    // Only the committed (second) event is sealed; the first is invisible, neither lost nor skipped.
    expect(await audit.seal()).toMatchObject({ sealed: 1 });
    releaseFirst();
    await first;
    expect(await audit.verify()).toMatchObject({ intact: true, pending: 1 });
    expect(await audit.seal()).toMatchObject({ sealed: 1 });
    expect(await audit.verify()).toMatchObject({ intact: true, pending: 0, head: { position: 2 } });
    const rows = await sql<{
      seq: number;
      position: number;
    }>`select seq, position from audit_event order by seq`.execute(ctx.database.db);
    // The lower sequence number committed later, so it sits later in the chain.
    expect(rows.rows.map((r) => Number(r.position))).toEqual([2, 1]);
  });
});

describeEachDatabase('audit log v2: repeated reads collapse per 5-minute access window', (ctx) => {
  // 10:01 UTC: inside the window 10:00-10:05 (windows are aligned to the epoch, docs/adr/0005-audit-log-v2.md).
  const clock = new TestClock(new Date('2026-12-06T10:01:00Z'));
  const patientId = randomUUID();
  let audit: AuditService;
  beforeAll(() => {
    audit = auditOn(ctx.database, clock);
  });

  const viewsOf = async (id: string, options: { flush: boolean } = { flush: true }) => {
    if (options.flush) await audit.flushRepeats();
    return storedViewsOf(id);
  };
  const storedViewsOf = async (id: string) =>
    (
      await sql<{ userId: string; accessCount: number; occurredAt: Date; lastSeenAt: Date; sealed: boolean }>`
    select user_id as "userId", access_count as "accessCount", occurred_at as "occurredAt", last_seen_at as "lastSeenAt", hash is not null as sealed
    from audit_event where patient_id = ${id} order by seq`.execute(ctx.database.db)
    ).rows;

  it('writes one event for a screen polling the same record, with first and last seen and a count', async () => {
    for (let i = 0; i < 10; i += 1) {
      await audit.append(read(clock, nurse, patientId));
      clock.advanceMinutes(0.25);
    }
    // The first read is on record before its caller is answered; the repeats are counted a second later at most
    // (REPEAT_COUNT_FLUSH_MS), in one statement, or at once when the log is read, sealed or verified.
    expect(await viewsOf(patientId, { flush: false })).toMatchObject([{ userId: nurse.userId, accessCount: 1 }]);
    const views = await viewsOf(patientId);
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ userId: nurse.userId, accessCount: 10, sealed: false });
    expect(views[0]!.occurredAt.toISOString()).toBe('2026-12-06T10:01:00.000Z');
    expect(views[0]!.lastSeenAt.toISOString()).toBe('2026-12-06T10:03:15.000Z');
  });

  it('keeps other users, other actions and writes apart, so "who viewed this patient" stays exact', async () => {
    await audit.append(read(clock, doctor, patientId));
    await audit.append({ ...read(clock, nurse, patientId), action: 'read-history' });
    await audit.append(write(clock, nurse, patientId));
    await audit.append(write(clock, nurse, patientId));
    const views = await viewsOf(patientId);
    expect(views.map((v) => [v.userId, v.accessCount])).toEqual([
      [nurse.userId, 10],
      [doctor.userId, 1],
      [nurse.userId, 1],
      [nurse.userId, 1],
      [nurse.userId, 1],
    ]);
  });

  it('leaves an open window unsealed (the count may still grow), then seals it with its final count once it ends', async () => {
    await audit.seal();
    expect((await viewsOf(patientId))[0]).toMatchObject({ sealed: false, accessCount: 10 });
    expect((await audit.verify()).pending).toBe(3);
    clock.set(new Date('2026-12-06T10:05:00Z'));
    await audit.append(read(clock, nurse, patientId));
    await audit.seal();
    const views = await viewsOf(patientId);
    expect(views[0]).toMatchObject({ sealed: true, accessCount: 10 });
    // 10:05 opened the next window: a new event, still open.
    expect(views[views.length - 1]).toMatchObject({ userId: nurse.userId, accessCount: 1, sealed: false });
    expect(await audit.verify()).toMatchObject({ intact: true, pending: 1 });
  });

  it('covers the count in the hash: raising it after sealing breaks the chain at that event', async () => {
    const sealed = await sql<{ seq: number; position: number }>`select seq, position from audit_event
      where patient_id = ${patientId} and access_count = 10`.execute(ctx.database.db);
    await disableTriggers(ctx, 'audit_event');
    await sql`update audit_event set access_count = 2 where seq = ${sealed.rows[0]!.seq}`.execute(ctx.database.db);
    await enableTriggers(ctx, 'audit_event');
    expect(await audit.verify()).toMatchObject({
      intact: false,
      reason: 'content-hash-mismatch',
      brokenAtSeq: Number(sealed.rows[0]!.seq),
      brokenAtPosition: Number(sealed.rows[0]!.position),
    });
  });
});

describeEachDatabase('audit log v2: the database refuses changes to sealed events and to the head', (ctx) => {
  const clock = new TestClock(new Date('2026-12-06T10:00:00Z'));
  it('allows only counting an unsealed event, never changing a sealed one, deleting, or moving the head back', async () => {
    const audit = auditOn(ctx.database, clock);
    await recordMany(audit, clock, 3);
    await audit.seal();
    const db = ctx.database.db;
    await expect(
      sql`update audit_event set access_count = access_count + 1 where position = 3`.execute(db),
    ).rejects.toThrow(/append-only: sealed event/);
    await expect(sql`update audit_event set action = 'x' where position = 1`.execute(db)).rejects.toThrow(
      /append-only/,
    );
    await expect(sql`delete from audit_event where position = 3`.execute(db)).rejects.toThrow(/append-only/);
    await expect(
      sql`update audit_chain_head set position = 2, seq = (select seq from audit_event where position = 2),
      hash = (select hash from audit_event where position = 2)`.execute(db),
    ).rejects.toThrow(/only moves forward/);
    await expect(sql`delete from audit_chain_head`.execute(db)).rejects.toThrow(/cannot be removed/);
    await expect(sql`truncate audit_chain_head`.execute(db)).rejects.toThrow(/cannot be removed/);
    await recordMany(audit, clock, 1);
    await expect(sql`update audit_event set user_role = 'admin' where hash is null`.execute(db)).rejects.toThrow(
      /only the access count/,
    );
  });
});

describeEachDatabase('audit log v2: tampering with the tail is caught, naming the place', (ctx) => {
  const clock = new TestClock(new Date('2026-12-06T10:00:00Z'));
  let audit: AuditService;
  beforeAll(async () => {
    audit = auditOn(ctx.database, clock);
    await recordMany(audit, clock, 30);
    await recordMany(audit, clock, 5, otherClinicUser);
    await audit.seal();
  });

  it("counts only the asking clinic's events, while checking the whole chain", async () => {
    expect(await audit.verify({ clinicId: clinicA })).toMatchObject({
      intact: true,
      checked: 30,
      head: { position: 35 },
    });
    expect(await audit.verify({ clinicId: clinicB })).toMatchObject({
      intact: true,
      checked: 5,
      head: { position: 35 },
    });
  });

  it('editing the last event and recomputing its hash: the head still holds the old hash', async () => {
    const anchor = await audit.head();
    const db = ctx.database.db;
    const last = (
      await sql<{
        seq: number;
        hash: string;
      }>`select seq, hash from audit_event where position = ${anchor.position}`.execute(db)
    ).rows[0]!;
    // What an attacker with the database's rights can do: rewrite the row and give it a consistent hash.
    await disableTriggers(ctx, 'audit_event');
    await sql`update audit_event set action = 'read', hash = ${'f'.repeat(64)} where seq = ${last.seq}`.execute(db);
    // A made-up hash does not fit the row's content.
    expect(await audit.verify()).toMatchObject({
      intact: false,
      reason: 'content-hash-mismatch',
      brokenAtSeq: Number(last.seq),
    });
    // With the hash recomputed properly, only the head (and an anchor) can tell.
    const rewritten = await rehashRow(ctx, Number(last.seq));
    await enableTriggers(ctx, 'audit_event');
    expect(await audit.verify()).toMatchObject({
      intact: false,
      reason: 'head-hash-mismatch',
      brokenAtPosition: anchor.position,
      brokenAtSeq: Number(last.seq),
    });

    // The attacker moves the head too: the database alone now looks intact, the anchor does not.
    await disableTriggers(ctx, 'audit_chain_head');
    await sql`update audit_chain_head set hash = ${rewritten}`.execute(db);
    await enableTriggers(ctx, 'audit_chain_head');
    expect(await audit.verify()).toMatchObject({ intact: true });
    expect(await audit.verify({ anchor })).toMatchObject({
      intact: false,
      reason: 'anchor-hash-mismatch',
      brokenAtPosition: anchor.position,
      brokenAtSeq: Number(last.seq),
    });
  });

  it('deleting the newest 20 events: the head remembers them, and so does an anchor after the head is moved back', async () => {
    const db = ctx.database.db;
    const headBefore = await audit.head();
    const anchor = { ...headBefore };
    await disableTriggers(ctx, 'audit_event');
    await sql`delete from audit_event where position > ${headBefore.position - 20}`.execute(db);
    await enableTriggers(ctx, 'audit_event');
    expect(await audit.verify()).toMatchObject({
      intact: false,
      reason: 'events-missing-after-last',
      brokenAtPosition: headBefore.position - 19,
      brokenAtSeq: headBefore.seq,
    });

    const newLast = (
      await sql<{
        seq: number;
        hash: string;
      }>`select seq, hash from audit_event where position = ${headBefore.position - 20}`.execute(db)
    ).rows[0]!;
    await disableTriggers(ctx, 'audit_chain_head');
    await sql`update audit_chain_head set position = ${headBefore.position - 20}, seq = ${newLast.seq}, hash = ${newLast.hash}`.execute(
      db,
    );
    await enableTriggers(ctx, 'audit_chain_head');
    expect(await audit.verify({ anchor })).toMatchObject({
      intact: false,
      reason: 'anchor-beyond-chain',
      brokenAtPosition: headBefore.position - 19,
    });
  });
});

/** Recomputes a row's hash as an attacker would (the algorithm is public), returns the new hash. */
async function rehashRow(ctx: TestDatabase, seq: number): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('auditEvent')
    .selectAll()
    .where('seq', '=', seq)
    .executeTakeFirstOrThrow();
  const hash = chainHash(row.prevHash!, auditContent(row));
  await sql`update audit_event set hash = ${hash} where seq = ${seq}`.execute(ctx.database.db);
  return hash;
}

describeEachDatabase(
  'audit log v2: events recorded outside a transaction are written together (group commit)',
  (ctx) => {
    const clock = new TestClock(new Date('2026-12-06T10:01:00Z'));

    const rowsOf = async (id: string) =>
      (
        await sql<{ userId: string; action: string; accessCount: number }>`
    select user_id as "userId", action, access_count as "accessCount" from audit_event where patient_id = ${id} order by seq`.execute(
          ctx.database.db,
        )
      ).rows;

    it('records every one of many simultaneous accesses, folding identical reads into one counted event', async () => {
      const audit = auditOn(ctx.database, clock);
      const patientId = randomUUID();
      await Promise.all([
        ...Array.from({ length: 30 }, () => audit.append(read(clock, nurse, patientId))),
        ...Array.from({ length: 5 }, () => audit.append(read(clock, doctor, patientId))),
        ...Array.from({ length: 4 }, () => audit.append(write(clock, nurse, patientId))),
      ]);
      const rows = await rowsOf(patientId);
      const count = (userId: string, action: string) =>
        rows.filter((r) => r.userId === userId && r.action === action).reduce((sum, r) => sum + r.accessCount, 0);
      expect(count(nurse.userId, 'read')).toBe(30);
      expect(count(doctor.userId, 'read')).toBe(5);
      expect(rows.filter((r) => r.action === 'update')).toHaveLength(4);
      // However the reads were batched, each user's reads in this window are one event.
      expect(rows.filter((r) => r.action === 'read')).toHaveLength(2);
      await audit.seal();
      expect(await audit.verify()).toMatchObject({ intact: true });
    });

    it('fails only the caller whose event the database refuses; the others in its batch are recorded', async () => {
      const audit = auditOn(ctx.database, clock);
      const patientId = randomUUID();
      // An outcome the table's check constraint refuses, sent in the same batch as good events.
      const refused = { ...write(clock, nurse, patientId), outcome: 'maybe' as 'success' };
      const results = await Promise.allSettled([
        audit.append(write(clock, nurse, patientId)),
        audit.append(refused),
        audit.append(write(clock, doctor, patientId)),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((await rowsOf(patientId)).map((r) => r.userId)).toEqual([nurse.userId, doctor.userId]);
    });
  },
);
