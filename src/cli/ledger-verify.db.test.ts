import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../server/testing/test-database.js';
import { capture, prepareWithDemoClinic, type Target } from './cli-target.testing.js';
import { runCli } from './main.js';

for (const targetName of databaseTargets()) {
  describe(`ketaclinic ledger verify [${targetName}]`, () => {
    let target: Target;
    beforeAll(async () => {
      target = await prepareWithDemoClinic(targetName);
    });
    afterAll(async () => {
      await target.dispose();
    });

    it('exits 0 on an intact ledger and says how many entries it checked, in every clinic or in one', async () => {
      const database = await target.open();
      const stored = await sql<{ n: number }>`select count(*)::int as n from ledger_entry`.execute(database.db);
      await database.close();
      const entries = Number(stored.rows[0]?.n);
      expect(entries).toBeGreaterThan(5);

      const all = capture();
      expect(await runCli(['ledger', 'verify'], target.env, all.io)).toBe(0);
      expect(all.out[0]).toBe(`Ledger intact: ${entries} entries checked.`);
      expect(all.out[1]).toBe(`  Demo Clinic (demo): ${entries} entries`);

      const one = capture();
      expect(await runCli(['ledger', 'verify', '--clinic', 'demo'], target.env, one.io)).toBe(0);
      expect(one.out[0]).toBe(`Ledger intact: ${entries} entries checked.`);
      const none = capture();
      expect(await runCli(['ledger', 'verify', '--clinic', 'nowhere'], target.env, none.io)).toBe(1);
      expect(none.err[0]).toBe('No clinic "nowhere".');
    });

    it('exits 1 naming the clinic and the first bad entry after an entry is edited in the database', async () => {
      const database = await target.open();
      const original = await sql<{
        sequence: number;
        quantity: string;
      }>`select sequence, event->>'quantity' as quantity from ledger_entry
        where kind = 'waste' order by sequence limit 1`.execute(database.db);
      const sequence = Number(original.rows[0]?.sequence);
      await sql`alter table ledger_entry disable trigger ledger_entry_no_update`.execute(database.db);
      // A waste of 10 mg rewritten as 1 mg: the kind of edit that hides a diversion.
      await sql`update ledger_entry set event = jsonb_set(event, '{quantity}', '1000') where sequence = ${sequence}`.execute(
        database.db,
      );
      await database.close();

      const broken = capture();
      expect(await runCli(['ledger', 'verify'], target.env, broken.io)).toBe(1);
      expect(broken.err[0]).toBe(
        `Ledger BROKEN in clinic Demo Clinic (demo) at entry sequence ${sequence} (content-hash-mismatch); ${sequence - 1} entries before it are intact.`,
      );

      // Put the stored value back: the chain verifies again.
      const again = await target.open();
      await sql`update ledger_entry set event = jsonb_set(event, '{quantity}', ${original.rows[0]?.quantity}::jsonb) where sequence = ${sequence}`.execute(
        again.db,
      );
      await sql`alter table ledger_entry enable trigger ledger_entry_no_update`.execute(again.db);
      await again.close();
      expect(await runCli(['ledger', 'verify'], target.env, capture().io)).toBe(0);
    });

    it('exits 1 when the newest entries were removed (the head remembers them)', async () => {
      const database = await target.open();
      const head = await sql<{ n: number }>`select last_sequence as n from ledger_head`.execute(database.db);
      await sql`alter table ledger_entry disable trigger ledger_entry_no_update`.execute(database.db);
      await sql`delete from ledger_entry where sequence >= ${Number(head.rows[0]?.n) - 1}`.execute(database.db);
      await sql`alter table ledger_entry enable trigger ledger_entry_no_update`.execute(database.db);
      await database.close();
      const last = Number(head.rows[0]?.n);

      const broken = capture();
      expect(await runCli(['ledger', 'verify', '--clinic', 'demo'], target.env, broken.io)).toBe(1);
      expect(broken.err[0]).toBe(
        `Ledger BROKEN in clinic Demo Clinic (demo) at entry sequence ${last - 1} (entries-missing-after-last); ${last - 2} entries before it are intact.`,
      );
    });
  });
}
