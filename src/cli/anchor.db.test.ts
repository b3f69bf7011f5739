import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../server/testing/test-database.js';
import { capture, prepare, type Target } from './cli-target.testing.js';
import { runCli } from './main.js';

const KEY = 'an anchor key of more than thirty-two bytes, kept by the auditor';

for (const targetName of databaseTargets()) {
  describe(`ketaclinic audit/ledger anchor and verify --anchor [${targetName}]`, () => {
    let target: Target;
    let env: NodeJS.ProcessEnv;
    const dir = mkdtempSync(path.join(tmpdir(), 'kc-anchor-'));
    beforeAll(async () => {
      target = await prepare(targetName);
      env = { ...target.env, KETACLINIC_ANCHOR_KEY: KEY };
    });
    afterAll(async () => {
      await target.dispose();
    });

    /** Rewrites the chain behind its append-only triggers' back, as someone with the database's owner rights could. */
    async function tamper(
      tables: string[],
      change: (db: Awaited<ReturnType<Target['open']>>['db']) => Promise<unknown>,
    ) {
      const database = await target.open();
      for (const table of tables) await sql`alter table ${sql.table(table)} disable trigger user`.execute(database.db);
      await change(database.db);
      for (const table of tables) await sql`alter table ${sql.table(table)} enable trigger user`.execute(database.db);
      await database.close();
    }

    /** `<chain> verify` alone passes; with the anchor it fails (exit 1): returns what it printed. */
    async function verifyAgainstAnchor(chain: 'audit' | 'ledger', file: string) {
      expect(await runCli([chain, 'verify'], env, capture().io)).toBe(0);
      const caught = capture();
      expect(await runCli([chain, 'verify', '--anchor', file], env, caught.io)).toBe(1);
      return caught;
    }

    it('refuses to verify a database that is not migrated, and does not migrate it', async () => {
      const run = capture();
      expect(await runCli(['audit', 'verify'], env, run.io)).toBe(1);
      expect(run.err[0]).toMatch(/not up to date: run `ketaclinic migrate` first/);
      const database = await target.open();
      const tables = await sql<{ n: number }>`select count(*)::int as n from information_schema.tables
        where table_schema = current_schema() and table_name in ('audit_event', 'kysely_migration')`.execute(
        database.db,
      );
      await database.close();
      expect(Number(tables.rows[0]?.n)).toBe(0);
      expect(await runCli(['seed-demo'], env, capture().io)).toBe(0);
    }, 180_000);

    it('reports the audit head, and an anchor catches the newest events deleted with the head moved back', async () => {
      const file = path.join(dir, 'audit-anchor.json');
      const anchorRun = capture();
      expect(await runCli(['audit', 'anchor', '--out', file], env, anchorRun.io)).toBe(0);
      const anchor = JSON.parse(readFileSync(file, 'utf8'));
      expect(anchor).toMatchObject({
        algorithm: 'HMAC-SHA256',
        payload: { type: 'ketaclinic-audit-anchor', head: { position: expect.any(Number) } },
      });
      const position: number = anchor.payload.head.position;
      expect(position).toBeGreaterThan(20);

      const ok = capture();
      expect(await runCli(['audit', 'verify', '--anchor', file], env, ok.io)).toBe(0);
      expect(ok.out[0]).toMatch(/^Audit log intact: \d+ events checked\.$/);
      expect(ok.out[1]).toBe(
        `  head: seq ${anchor.payload.head.seq}, position ${position}, hash ${anchor.payload.head.hash}`,
      );

      // The probe: delete the newest 20 events and move the head back onto the new last event.
      await tamper(['audit_event', 'audit_chain_head'], async (db) => {
        await sql`delete from audit_event where position > ${position - 20}`.execute(db);
        await sql`update audit_chain_head h set position = e.position, seq = e.seq, hash = e.hash from audit_event e where e.position = ${position - 20}`.execute(
          db,
        );
      });

      const caught = await verifyAgainstAnchor('audit', file);
      expect(caught.err[0]).toBe(
        `Audit log BROKEN at event seq ${anchor.payload.head.seq} (anchor-beyond-chain); ${position - 20} events before it are intact.`,
      );
      expect(caught.err[1]).toMatch(
        new RegExp(`^  chain position ${position - 19}; head: seq \\d+, position ${position - 20}, hash [0-9a-f]{64}$`),
      );
    });

    it('refuses an anchor file that was edited or signed with another key', async () => {
      const file = path.join(dir, 'audit-anchor.json');
      const forged = JSON.parse(readFileSync(file, 'utf8'));
      forged.payload.head.position -= 20;
      writeFileSync(path.join(dir, 'forged.json'), JSON.stringify(forged));
      const run = capture();
      expect(await runCli(['audit', 'verify', '--anchor', path.join(dir, 'forged.json')], env, run.io)).toBe(1);
      expect(run.err[0]).toMatch(/wrong signature/);
      const otherKey = capture();
      expect(
        await runCli(
          ['audit', 'verify', '--anchor', file],
          { ...env, KETACLINIC_ANCHOR_KEY: 'x'.repeat(40) },
          otherKey.io,
        ),
      ).toBe(1);
      expect(otherKey.err[0]).toMatch(/wrong signature/);
    });

    it('catches the last ledger entry deleted with the ledger head moved back, which the head alone cannot', async () => {
      const file = path.join(dir, 'ledger-anchor.json');
      expect(await runCli(['ledger', 'anchor', '--out', file], env, capture().io)).toBe(0);
      expect(existsSync(file)).toBe(true);
      const anchored = JSON.parse(readFileSync(file, 'utf8')).payload.clinics[0];
      expect(await runCli(['ledger', 'verify', '--anchor', file], env, capture().io)).toBe(0);

      await tamper(['ledger_entry', 'ledger_head'], async (db) => {
        await sql`delete from ledger_entry where sequence = ${anchored.sequence}`.execute(db);
        await sql`update ledger_head h set last_sequence = e.sequence, last_hash = e.hash from ledger_entry e
          where e.clinic_id = h.clinic_id and e.sequence = ${anchored.sequence - 1}`.execute(db);
      });

      const caught = await verifyAgainstAnchor('ledger', file);
      expect(caught.err[0]).toBe(
        `Ledger BROKEN in clinic Demo Clinic (demo) at entry sequence ${anchored.sequence} (anchor-beyond-chain); ${anchored.sequence - 1} entries before it are intact.`,
      );
    });
  });
}
