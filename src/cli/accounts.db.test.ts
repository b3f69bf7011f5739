/**
 * The `ketaclinic` commands a new clinic's operator runs: `clinic add` and the `user` account commands.
 * HIPAA 45 CFR 164.308(a)(3)(ii)(C) (termination procedures): `user deactivate` ends access at once, from the shell
 * too; 164.312(a)(2)(iii) (automatic logoff): the deactivated user's sessions are revoked, not left to expire.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../server/db/database.js';
import { isTimeZone } from '../server/modules/clinics/clinic-time.js';
import { runCli, slugOf } from './main.js';

function capture(stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), readStdin: async () => stdin ?? '' },
    out,
    err,
  };
}

describe('ketaclinic clinic add and user account commands', () => {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'kc-cli-accounts-'));
  const env = { KETACLINIC_DATA_DIR: dataDir };

  async function account(email: string) {
    const database = await openDatabase({ dataDir });
    try {
      return await database.db
        .selectFrom('appUser')
        .select(['id', 'role', 'isActive', 'passwordMustChange', 'clinicId'])
        .where('email', '=', email)
        .executeTakeFirstOrThrow();
    } finally {
      await database.close();
    }
  }

  type Run = ReturnType<typeof capture>;

  /** `ketaclinic clinic add --name <name> --time-zone <zone> --admin-email <email> [more]`, output captured in `run`. */
  function clinicAdd(run: Run, name: string, timeZone: string, adminEmail: string, ...more: string[]) {
    return runCli(
      ['clinic', 'add', '--name', name, '--time-zone', timeZone, '--admin-email', adminEmail, ...more],
      env,
      run.io,
    );
  }

  /** `ketaclinic user <command> --clinic lakeside-wellness --email <email> [more]`, output captured in `run`. */
  function lakesideUser(run: Run, command: string, email: string, ...more: string[]) {
    return runCli(['user', command, '--clinic', 'lakeside-wellness', '--email', email, ...more], env, run.io);
  }

  it('creates a non-demo clinic and its first admin with a temporary password printed once', async () => {
    const run = capture();
    expect(await clinicAdd(run, 'Lakeside Wellness', 'America/Chicago', 'owner@lakeside.test')).toBe(0);
    expect(run.out[0]).toBe(
      'Created clinic Lakeside Wellness (lakeside-wellness, America/Chicago) and its first admin owner@lakeside.test.',
    );
    expect(run.out[1]).toMatch(/^Temporary password \(shown once\): \w{4}-\w{4}-\w{4}-\w{4}$/);
    expect(run.out[2]).toContain('set up a second factor');
    const owner = await account('owner@lakeside.test');
    expect(owner).toMatchObject({ role: 'admin', isActive: true, passwordMustChange: true });

    const database = await openDatabase({ dataDir });
    try {
      const clinic = await database.db
        .selectFrom('clinic')
        .selectAll()
        .where('id', '=', owner.clinicId)
        .executeTakeFirstOrThrow();
      expect(clinic).toMatchObject({ slug: 'lakeside-wellness', isDemo: false, timeZone: 'America/Chicago' });
      const audited = await database.db
        .selectFrom('auditEvent')
        .select(['action', 'resourceType'])
        .where('clinicId', '=', clinic.id)
        .orderBy('seq')
        .execute();
      expect(audited).toEqual([
        { action: 'create', resourceType: 'Clinic' },
        { action: 'create', resourceType: 'User' },
      ]);
      // It starts with the default appointment types and rooms (issue 14), which its admin then edits.
      const types = await database.db
        .selectFrom('appointmentType')
        .select('code')
        .where('clinicId', '=', clinic.id)
        .execute();
      expect(types.map((t) => t.code)).toContain('consultation');
      const rooms = await database.db.selectFrom('room').select('name').where('clinicId', '=', clinic.id).execute();
      expect(rooms.length).toBeGreaterThan(0);
    } finally {
      await database.close();
    }
  });

  it("reads the first admin's password from stdin instead of printing one", async () => {
    const run = capture('typed-by-the-operator\n');
    expect(await clinicAdd(run, 'Second Site', 'Europe/Dublin', 'boss@second.test', '--password-stdin')).toBe(0);
    expect(run.out.join('\n')).not.toContain('Temporary password');
    expect(await account('boss@second.test')).toMatchObject({ passwordMustChange: true });
  });

  it.each([
    [
      ['clinic', 'add', '--name', 'X', '--time-zone', 'Mars/Olympus', '--admin-email', 'a@x.test'],
      /not an IANA time zone/,
    ],
    [['clinic', 'add', '--name', 'X', '--admin-email', 'a@x.test'], /Missing: --time-zone/],
    [['clinic', 'add', '--name', 'X', '--time-zone', 'UTC', '--admin-email', 'not-an-email'], /not an email address/],
  ])('refuses bad arguments with exit 2 (%#)', async (argv, message) => {
    const run = capture();
    expect(await runCli(argv, env, run.io)).toBe(2);
    expect(run.err[0]).toMatch(message);
  });

  it('refuses a clinic whose slug or admin email is taken', async () => {
    const again = capture();
    expect(await clinicAdd(again, 'Lakeside Wellness', 'UTC', 'other@lakeside.test')).toBe(1);
    expect(again.err[0]).toContain('slug "lakeside-wellness" already exists');
    const email = capture();
    expect(await clinicAdd(email, 'Third', 'UTC', 'owner@lakeside.test')).toBe(1);
    expect(email.err[0]).toContain('already exists');
  });

  it('adds, demotes, deactivates, reactivates and resets accounts, refusing to remove the last active admin', async () => {
    const add = capture();
    expect(await lakesideUser(add, 'add', 'nurse@lakeside.test', '--role', 'nurse')).toBe(0);
    expect(add.out[1]).toMatch(/^Temporary password \(shown once\): /);

    const lastAdmin = capture();
    expect(await lakesideUser(lastAdmin, 'deactivate', 'owner@lakeside.test')).toBe(1);
    expect(lastAdmin.err[0]).toContain('last active admin');
    const demote = capture();
    expect(await lakesideUser(demote, 'role', 'owner@lakeside.test', '--role', 'prescriber')).toBe(1);

    const promote = capture();
    expect(await lakesideUser(promote, 'role', 'nurse@lakeside.test', '--role', 'admin')).toBe(0);
    expect(promote.out[0]).toBe('nurse@lakeside.test is now admin.');
    const deactivate = capture();
    expect(await lakesideUser(deactivate, 'deactivate', 'owner@lakeside.test')).toBe(0);
    expect(await account('owner@lakeside.test')).toMatchObject({ isActive: false });
    expect(await lakesideUser(capture(), 'reactivate', 'owner@lakeside.test')).toBe(0);
    expect(await account('owner@lakeside.test')).toMatchObject({ isActive: true });

    const reset = capture();
    expect(await lakesideUser(reset, 'reset-password', 'owner@lakeside.test')).toBe(0);
    expect(reset.out[0]).toMatch(/^Temporary password for owner@lakeside.test \(shown once\): /);
    expect(await lakesideUser(capture(), 'reset-mfa', 'owner@lakeside.test')).toBe(0);

    const unknown = capture();
    expect(await lakesideUser(unknown, 'deactivate', 'nobody@lakeside.test')).toBe(1);
    expect(unknown.err[0]).toContain('No account nobody@lakeside.test');
  });

  it('knows a time zone and makes a slug from a name', () => {
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Nowhere/Special')).toBe(false);
    expect(slugOf('Lakeside Wellness, PC')).toBe('lakeside-wellness-pc');
  });
});
