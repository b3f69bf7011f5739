import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.js';
import { capture } from './cli-target.testing.js';
import { runCli } from './main.js';

describe('ketaclinic CLI on the embedded database', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kc-cli-'));
  const env = { KETACLINIC_DATA_DIR: dataDir, KETACLINIC_DEMO_PASSWORD: 'demo-password' };

  it('migrates, seeds the demo clinic once, and adds a user', async () => {
    expect(await runCli(['migrate'], env, capture().io)).toBe(0);
    const first = capture();
    expect(await runCli(['seed-demo'], env, first.io)).toBe(0);
    expect(first.out).toEqual(['Seeded the demo clinic.']);
    const second = capture();
    expect(await runCli(['seed-demo'], env, second.io)).toBe(0);
    expect(second.out[0]).toContain('nothing seeded');
    const add = capture();
    expect(
      await runCli(
        ['user', 'add', '--clinic', 'demo', '--email', 'extra@demo.test', '--role', 'nurse', '--password-stdin'],
        env,
        { ...add.io, readStdin: async () => 'a-long-password\n' },
      ),
    ).toBe(0);
    expect(add.out[0]).toBe('Created nurse extra@demo.test in Demo Clinic.');
    const bad = capture();
    expect(
      await runCli(
        ['user', 'add', '--clinic', 'demo', '--email', 'x@demo.test', '--role', 'janitor', '--password-stdin'],
        env,
        { ...bad.io, readStdin: async () => 'a-long-password\n' },
      ),
    ).toBe(2);
  });

  it('user add never takes the password from the command line (ps and shell history show it): stdin or a hidden prompt', async () => {
    const argv = capture();
    expect(
      await runCli(
        [
          'user',
          'add',
          '--clinic',
          'demo',
          '--email',
          'argv@demo.test',
          '--role',
          'nurse',
          '--password',
          'a-long-password',
        ],
        env,
        argv.io,
      ),
    ).toBe(2);
    expect(argv.err[0]).toMatch(/^--password is not accepted/);
    const answers = ['prompted-password-1', 'prompted-password-1'];
    const prompted = capture();
    expect(
      await runCli(
        ['user', 'add', '--clinic', 'demo', '--email', 'prompted@demo.test', '--role', 'nurse', '--password-prompt'],
        env,
        { ...prompted.io, promptHidden: async () => answers.shift()! },
      ),
    ).toBe(0);
    expect(prompted.out).toEqual(['Created nurse prompted@demo.test in Demo Clinic.']);
    const mismatch = capture();
    const typed = ['one-password-here', 'another-password'];
    expect(
      await runCli(
        ['user', 'add', '--clinic', 'demo', '--email', 'typo@demo.test', '--role', 'nurse', '--password-prompt'],
        env,
        { ...mismatch.io, promptHidden: async () => typed.shift()! },
      ),
    ).toBe(2);
    expect(mismatch.err[0]).toBe('The two passwords differ; nothing was created.');
    const noTerminal = capture();
    expect(
      await runCli(
        ['user', 'add', '--clinic', 'demo', '--email', 'pipe@demo.test', '--role', 'nurse', '--password-prompt'],
        env,
        noTerminal.io,
      ),
    ).toBe(2);
  });

  it('audit verify exits 0 on an intact chain and 1 naming the first broken event after tampering', async () => {
    const intact = capture();
    expect(await runCli(['audit', 'verify'], env, intact.io)).toBe(0);
    expect(intact.out[0]).toMatch(/^Audit log intact: \d+ events checked\.$/);

    const database = await openDatabase({ dataDir });
    await sql`alter table audit_event disable trigger audit_event_no_update`.execute(database.db);
    await sql`update audit_event set outcome = 'denied' where seq = 5`.execute(database.db);
    await database.close();

    const broken = capture();
    expect(await runCli(['audit', 'verify'], env, broken.io)).toBe(1);
    expect(broken.err[0]).toMatch(
      /^Audit log BROKEN at event seq 5 \(content-hash-mismatch\); 4 events before it are intact\.$/,
    );
  });

  it('refuses to open a folder another process holds', async () => {
    const database = await openDatabase({ dataDir });
    try {
      const result = capture();
      expect(await runCli(['audit', 'verify'], env, result.io)).toBe(1);
      expect(result.err[0]).toContain(`PID ${process.pid}`);
    } finally {
      await database.close();
    }
  });
});
