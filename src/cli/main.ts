/**
 * The `ketaclinic` command (run as `npx ketaclinic <command>` in the checkout):
 *   serve                      start the server (same as npm start, without building)
 *   migrate                    bring the database schema up to date
 *   seed-demo                  seed the demo clinic into an empty database
 *   clinic add --name <n> --time-zone <IANA zone> --admin-email <e> [--admin-name <n>] [--slug <s>] [--password-stdin]
 *   user add --clinic <slug|id> --email <e> --role <role> [--password-stdin | --password-prompt] [--name <display name>]
 *   user deactivate|reactivate|reset-password|reset-mfa --clinic <slug|id> --email <e>
 *   user role --clinic <slug|id> --email <e> --role <role>
 *   audit verify [--anchor FILE]        seal pending events, check the audit log's hash chain and head (and an anchor)
 *   audit anchor [--out FILE]           write a signed checkpoint of the audit chain's head
 *   ledger verify [--clinic <slug|id>] [--anchor FILE]  check every clinic's (or one clinic's) controlled-substance ledger
 *   ledger anchor [--out FILE]          write a signed checkpoint of every clinic's ledger head
 *   backup --out FILE          the whole database: pg_dump custom format (PostgreSQL) or PGlite's tarball (backup.ts)
 *   restore FILE               into an empty database or data folder, then counts rows and verifies the audit and ledger chains
 *   migrate-to-postgres --to postgres://…   copy the embedded clinic to an empty PostgreSQL database, verified (migrate-to-postgres.ts)
 *   export --clinic <slug|id> --out FILE     the whole clinic as a zip of CSV files and FHIR NDJSON (import-export.ts)
 *   import patients --csv FILE --map mapping.json [--dry-run] [--clinic <slug|id>] [--as EMAIL]   patients from CSV
 * The verify and anchor commands never migrate: they refuse a database whose schema is not up to date.
 * Anchors are signed with HMAC-SHA256; the key comes from --key-file FILE or KETACLINIC_ANCHOR_KEY (see anchor-file.ts).
 * The database is chosen as for the server: DATABASE_URL, else the PGlite folder (KETACLINIC_DATA_DIR or ./data).
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { buildServices, type Services } from '../server/app.js';
import { loadConfig, type AppConfig } from '../server/config/config.js';
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import type { DatabaseHandle } from '../server/db/database.js';
import type { StaffRole } from '../server/db/schema.js';
import { STAFF_ROLES } from '../server/auth/permissions.js';
import { HttpError } from '../server/errors/http-errors.js';
import { main as serve } from '../server/main.js';
import { seedDemoClinic } from '../server/seed/demo-seed.js';
import { openAndMigrate } from '../server/start.js';
import { openDatabase } from '../server/db/database.js';
import { AnchorKeyError } from '../domain/audit/anchor.js';
import { clinicContext } from '../server/modules/audit/audit.service.js';
import { isTimeZone } from '../server/modules/clinics/clinic-time.js';
import { backup, BackupError, restore, tableCounts } from './backup.js';
import { migrateToPostgres } from './migrate-to-postgres.js';
import { CliInputError, exportClinic, importPatients } from './import-export.js';
import { createProgress, type ProgressSink } from './progress.js';
import { ANCHOR_KEY_ENV, AnchorFileError, loadAnchorKey, readAnchor, writeAnchor } from './anchor-file.js';

const AUDIT_ANCHOR_TYPE = 'ketaclinic-audit-anchor';
const LEDGER_ANCHOR_TYPE = 'ketaclinic-ledger-anchor';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Everything on standard input (for --password-stdin). */
  readStdin?(): Promise<string>;
  /** Asks at the terminal without echoing the answer (for --password-prompt); absent when there is no terminal. */
  promptHidden?(question: string): Promise<string>;
  /** Standard error, for progress of long commands (shown on a terminal, or everywhere with --progress). */
  progress?: ProgressSink;
}

const USAGE = `Usage: ketaclinic <command>
  serve                         start the server
  migrate                       bring the database schema up to date
  seed-demo                     seed the demo clinic (only into an empty database)
  clinic add --name <name> --time-zone <IANA time zone> --admin-email <email> [--admin-name <name>] [--slug <slug>] [--password-stdin]
                                creates a clinic and its first admin with a temporary password (printed once, or read
                                from stdin); the admin changes it and enrols a second factor at the first sign-in
  user add --clinic <slug|id> --email <email> --role <${STAFF_ROLES.join('|')}> [--password-stdin | --password-prompt] [--name <display name>]
                                the password is temporary (generated and printed once when not given); it is read from
                                standard input or asked for at the terminal, never taken from the command line
  user deactivate --clinic <slug|id> --email <email>      sign out everywhere at once; cannot sign in; records kept
  user reactivate --clinic <slug|id> --email <email>
  user role --clinic <slug|id> --email <email> --role <role>
  user reset-password --clinic <slug|id> --email <email>  a new temporary password, printed once; ends the user's sessions
  user reset-mfa --clinic <slug|id> --email <email>       remove the second factor; the user enrols again
  audit verify [--anchor FILE] [--key-file FILE]   seal pending events, check the audit log's chain, head and anchor
  audit anchor [--out FILE] [--key-file FILE]      write a signed checkpoint of the audit chain's head (stdout by default)
  ledger verify [--clinic <slug|id>] [--anchor FILE] [--key-file FILE]  check the controlled-substance ledger of every clinic (or one)
  ledger anchor [--out FILE] [--key-file FILE]     write a signed checkpoint of every clinic's ledger head
  backup --out FILE             the whole database: pg_dump custom format (PostgreSQL, pg_dump on PATH) or PGlite's
                                tarball (the server must be stopped)
  restore FILE                  into an empty PostgreSQL database (DATABASE_URL) or a new data folder, then checks the
                                audit and ledger chains and prints the rows per table
  migrate-to-postgres --to postgres://user@host/db   copy the embedded database (the server stopped) to an empty
                                PostgreSQL database as a superuser; verified by rows per table and the audit and ledger
                                chains. Then start the server with DATABASE_URL set to it.
  export --clinic <slug|id> --out FILE   the whole clinic as a zip: one CSV per table with documented columns
                                (columns.md) and the FHIR NDJSON (docs/export-format.md); audited
  import patients --csv FILE --map mapping.json [--dry-run] [--clinic <slug|id>] [--as EMAIL]
                                patients from CSV; mapping.json maps CSV headers to fields, e.g.
                                {"mapping": {"Surname": "familyName", "DOB": "dateOfBirth"}, "identifierSystem": "urn:old-ehr"};
                                rows already imported (same external identifier) are matched, not duplicated; acts as
                                the clinic's first admin unless --as names another; exit 1 when a row has errors
Anchor key: --key-file FILE or ${ANCHOR_KEY_ENV} (HMAC-SHA256, at least 32 bytes).
--progress (with audit verify, ledger verify, backup, restore, migrate-to-postgres): counts and percentages on standard error
                                even when it is not a terminal (on a terminal they are shown anyway).`;

/** "Lakeside Wellness, PC" -> "lakeside-wellness-pc". */
export function slugOf(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

async function readPassword(io: CliIo): Promise<string | undefined> {
  if (!io.readStdin) return undefined;
  const text = await io.readStdin();
  return text.replace(/\r?\n$/, '');
}

const ACCOUNT_ACTIONS = ['deactivate', 'reactivate', 'role', 'reset-password', 'reset-mfa'] as const;
type AccountAction = (typeof ACCOUNT_ACTIONS)[number];

async function withDatabase<T>(config: AppConfig, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openAndMigrate(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Opens the database as it is, without migrating (verification must not change the schema it checks). */
async function withExistingDatabase<T>(config: AppConfig, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.databaseUrl ? undefined : config.dataDir,
  });
  try {
    const { rows } = await sql<{ ready: boolean }>`select to_regclass('audit_chain_head') is not null as ready`.execute(
      database.db,
    );
    if (!rows[0]?.ready)
      throw new AnchorFileError('The database schema is not up to date: run `ketaclinic migrate` first.');
    return await work(database);
  } finally {
    await database.close();
  }
}

function output(io: CliIo, file: string | undefined, text: string): void {
  if (file) writeFileSync(file, text, { mode: 0o644 });
  else io.out(text.trimEnd());
}

/** Names the required options that were not given, with the usage; true when any was missing. */
function saidMissing(io: CliIo, missing: readonly string[]): boolean {
  if (missing.length === 0) return false;
  io.err(`Missing: ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`);
  return true;
}

/** Whether `role` is a staff role; when not, says which are. */
function isStaffRole(io: CliIo, role: string | undefined): boolean {
  if (STAFF_ROLES.includes(role as StaffRole)) return true;
  io.err(`--role must be one of ${STAFF_ROLES.join(', ')}`);
  return false;
}

/** The clinic `key` names (its id or its slug); when there is none, says so. */
async function namedClinic(io: CliIo, s: Services, key: string) {
  const clinic = /^[0-9a-f-]{36}$/i.test(key) ? await s.clinics.findById(key) : await s.clinics.findBySlug(key);
  if (!clinic) io.err(`No clinic "${key}".`);
  return clinic;
}

/**
 * After a restore or a migration: the audit chain and every clinic's ledger chain verified, and the rows per table.
 * Exit code 1 when a chain is broken.
 */
async function reportChecks(
  io: CliIo,
  database: DatabaseHandle,
  s: Services,
  what: string,
  wantsProgress: boolean,
): Promise<number> {
  const auditProgress = createProgress('Checking the audit chain', io.progress, wantsProgress);
  const audit = await s.audit.verify({ onProgress: (done, of) => auditProgress.update(done, of) });
  auditProgress.finish();
  const ledgerProgress = createProgress('Checking ledgers (clinics)', io.progress, wantsProgress);
  const ledgers = await s.ledger.verifyAll(undefined, undefined, (done, of) => ledgerProgress.update(done, of));
  ledgerProgress.finish();
  const counts = await tableCounts(database);
  io.out(`${what}: ${Object.values(counts).reduce((a, b) => a + b, 0)} rows in ${Object.keys(counts).length} tables.`);
  for (const [table, n] of Object.entries(counts)) io.out(`  ${table}: ${n}`);
  const brokenLedger = ledgers.find((r) => !r.verdict.intact);
  io.out(`Audit chain: ${audit.intact ? `intact, ${audit.checked} events` : `BROKEN (${audit.reason})`}.`);
  io.out(
    `Ledger chains: ${brokenLedger ? `BROKEN in ${brokenLedger.clinic.slug}` : `intact, ${ledgers.reduce((n, r) => n + r.verdict.checked, 0)} entries in ${ledgers.length} clinic(s)`}.`,
  );
  return audit.intact && !brokenLedger ? 0 : 1;
}

/** Runs one command; returns the process exit code. */
export async function runCli(argvWithFlags: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
  const wantsProgress = argvWithFlags.includes('--progress');
  const argv = argvWithFlags.filter((a) => a !== '--progress');
  const [command, sub, ...rest] = argv;
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    io.err(`Configuration problems:\n- ${loaded.problems.join('\n- ')}`);
    return 2;
  }
  const config = loaded.config;
  const services = (database: DatabaseHandle) => buildServices({ database, clock: () => new Date() });
  try {
    switch (command) {
      case 'serve':
        await serve(env);
        return 0;
      case 'migrate':
        await withDatabase(config, async () => undefined);
        io.out('The database schema is up to date.');
        return 0;
      case 'seed-demo':
        return await withDatabase(config, async (database) => {
          const result = await seedDemoClinic(services(database), { password: config.demoPassword });
          io.out(result.seeded ? 'Seeded the demo clinic.' : 'The database already has a clinic; nothing seeded.');
          return 0;
        });
      case 'clinic': {
        if (sub !== 'add') break;
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: {
            name: { type: 'string' },
            'time-zone': { type: 'string' },
            'admin-email': { type: 'string' },
            'admin-name': { type: 'string' },
            slug: { type: 'string' },
            'password-stdin': { type: 'boolean' },
          },
        });
        const missing = (['name', 'time-zone', 'admin-email'] as const).filter((k) => !values[k]?.trim());
        if (saidMissing(io, missing)) return 2;
        const timeZone = values['time-zone']!.trim();
        if (!isTimeZone(timeZone)) {
          io.err(`--time-zone "${timeZone}" is not an IANA time zone (e.g. America/Chicago).`);
          return 2;
        }
        const slug = values.slug?.trim() || slugOf(values.name!);
        if (!/^[a-z0-9][a-z0-9-]{0,59}$/.test(slug)) {
          io.err('--slug must be lower-case letters, digits and dashes (or give a --name with letters).');
          return 2;
        }
        const adminEmail = values['admin-email']!.trim();
        if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(adminEmail)) {
          io.err(`--admin-email "${adminEmail}" is not an email address.`);
          return 2;
        }
        const password = values['password-stdin'] ? await readPassword(io) : undefined;
        if (values['password-stdin'] && !password) {
          io.err('--password-stdin: nothing was read from standard input.');
          return 2;
        }
        return await withDatabase(config, async (database) => {
          const s = services(database);
          if (await s.clinics.findBySlug(slug)) {
            io.err(`A clinic with the slug "${slug}" already exists (choose another with --slug).`);
            return 1;
          }
          if (await s.users.isEmailTaken(adminEmail)) {
            io.err(`An account with the email ${adminEmail} already exists.`);
            return 1;
          }
          const clinic = await s.clinics.create({ name: values.name!.trim(), slug, isDemo: false, timeZone });
          await s.appointmentTypes.addDefaults(clinic.id); // appointment types and rooms to start from (an admin edits them)
          await s.audit.record(clinicContext(clinic.id), {
            action: 'create',
            resourceType: 'Clinic',
            resourceId: clinic.id,
            occurredAt: new Date(),
            detail: { via: 'cli', timeZone },
          });
          const admin = await s.users.create(
            clinic.id,
            {
              email: adminEmail,
              role: 'admin',
              displayName: values['admin-name']?.trim() || adminEmail,
              password,
            },
            undefined,
            { temporary: true },
          );
          io.out(
            `Created clinic ${clinic.name} (${clinic.slug}, ${clinic.timeZone}) and its first admin ${admin.email}.`,
          );
          if (admin.temporaryPassword) io.out(`Temporary password (shown once): ${admin.temporaryPassword}`);
          io.out(
            'At the first sign-in the admin must change this password, then set up a second factor (authenticator app).',
          );
          return 0;
        });
      }
      case 'user': {
        if (sub === 'add') {
          const { values } = parseArgs({
            args: rest,
            strict: true,
            options: {
              clinic: { type: 'string' },
              email: { type: 'string' },
              role: { type: 'string' },
              password: { type: 'string' },
              name: { type: 'string' },
              'password-stdin': { type: 'boolean' },
              'password-prompt': { type: 'boolean' },
            },
          });
          const missing = (['clinic', 'email', 'role'] as const).filter((k) => !values[k]);
          if (saidMissing(io, missing)) return 2;
          if (!isStaffRole(io, values.role)) return 2;
          if (values.password !== undefined) {
            io.err(
              '--password is not accepted: a password on the command line is seen by other users (ps) and kept in shell history. Use --password-stdin, --password-prompt, or neither to get a generated temporary password.',
            );
            return 2;
          }
          let password: string | undefined;
          if (values['password-stdin']) {
            password = await readPassword(io);
            if (!password) {
              io.err('--password-stdin: nothing was read from standard input.');
              return 2;
            }
          } else if (values['password-prompt']) {
            if (!io.promptHidden) {
              io.err('--password-prompt needs a terminal: use --password-stdin instead.');
              return 2;
            }
            password = await io.promptHidden('Temporary password: ');
            if (password !== (await io.promptHidden('Again: '))) {
              io.err('The two passwords differ; nothing was created.');
              return 2;
            }
            if (!password) {
              io.err('No password was typed; nothing was created.');
              return 2;
            }
          }
          return await withDatabase(config, async (database) => {
            const s = services(database);
            const clinic = await namedClinic(io, s, values.clinic!);
            if (!clinic) return 1;
            const user = await s.users.create(
              clinic.id,
              {
                email: values.email!,
                role: values.role as StaffRole,
                password,
                displayName: values.name ?? values.email!,
              },
              undefined,
              { temporary: true },
            );
            io.out(`Created ${user.role} ${user.email} in ${clinic.name}.`);
            if (user.temporaryPassword) io.out(`Temporary password (shown once): ${user.temporaryPassword}`);
            return 0;
          });
        }
        if (!ACCOUNT_ACTIONS.includes(sub as AccountAction)) break;
        const action = sub as AccountAction;
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: { clinic: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' } },
        });
        const needed = action === 'role' ? (['clinic', 'email', 'role'] as const) : (['clinic', 'email'] as const);
        const missing = needed.filter((k) => !values[k]);
        if (saidMissing(io, missing)) return 2;
        if (action === 'role' && !isStaffRole(io, values.role)) return 2;
        return await withDatabase(config, async (database) => {
          const s = services(database);
          const clinic = await namedClinic(io, s, values.clinic!);
          if (!clinic) return 1;
          const userId = await s.users.idByEmail(clinic.id, values.email!);
          if (!userId) {
            io.err(`No account ${values.email} in ${clinic.name}.`);
            return 1;
          }
          const actor = { clinicId: clinic.id, operator: 'cli' } as const;
          switch (action) {
            case 'deactivate': {
              const user = await s.users.deactivate(actor, userId);
              io.out(`Deactivated ${user.email}: signed out everywhere; they cannot sign in. Their records are kept.`);
              return 0;
            }
            case 'reactivate': {
              const user = await s.users.reactivate(actor, userId);
              io.out(`Reactivated ${user.email}.`);
              return 0;
            }
            case 'role': {
              const user = await s.users.changeRole(actor, userId, values.role as StaffRole);
              io.out(`${user.email} is now ${user.role}.`);
              return 0;
            }
            case 'reset-password': {
              const user = await s.users.resetPassword(actor, userId);
              io.out(`Temporary password for ${user.email} (shown once): ${user.temporaryPassword}`);
              io.out('Their sessions have ended; they must change this password at the next sign-in.');
              return 0;
            }
            case 'reset-mfa': {
              const user = await s.users.resetMfa(actor, userId);
              io.out(`Removed the second factor of ${user.email}; they set up a new one at the next sign-in.`);
              return 0;
            }
          }
        });
      }
      case 'audit': {
        if (sub !== 'verify' && sub !== 'anchor') break;
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: { anchor: { type: 'string' }, out: { type: 'string' }, 'key-file': { type: 'string' } },
        });
        const key = sub === 'anchor' || values.anchor ? loadAnchorKey(values['key-file'], env) : undefined;
        return await withExistingDatabase(config, async (database) => {
          const audit = services(database).audit;
          await audit.seal();
          let anchor: { position: number; seq: number | null; hash: string } | undefined;
          if (sub === 'verify' && values.anchor) {
            const payload = readAnchor(values.anchor, AUDIT_ANCHOR_TYPE, key!);
            const head = payload.head as { position?: unknown; seq?: unknown; hash?: unknown } | null;
            if (
              !head ||
              typeof head.position !== 'number' ||
              typeof head.hash !== 'string' ||
              !(typeof head.seq === 'number' || head.seq === null)
            ) {
              throw new AnchorFileError(`${values.anchor} has no valid head.`);
            }
            anchor = { position: head.position, seq: head.seq, hash: head.hash };
          }
          const progress = createProgress('Checking the audit chain', io.progress, wantsProgress);
          const verdict = await audit.verify({ anchor, onProgress: (done, of) => progress.update(done, of) });
          progress.finish();
          const headLine = `head: seq ${verdict.head.seq ?? '-'}, position ${verdict.head.position}, hash ${verdict.head.hash}`;
          if (!verdict.intact) {
            const place =
              verdict.brokenAtSeq !== null
                ? `event seq ${verdict.brokenAtSeq}`
                : `chain position ${verdict.brokenAtPosition}`;
            io.err(`Audit log BROKEN at ${place} (${verdict.reason}); ${verdict.checked} events before it are intact.`);
            io.err(`  chain position ${verdict.brokenAtPosition}; ${headLine}`);
            return 1;
          }
          if (sub === 'anchor') {
            const payload = {
              type: AUDIT_ANCHOR_TYPE,
              version: 1,
              head: { position: verdict.head.position, seq: verdict.head.seq, hash: verdict.head.hash },
              count: verdict.checked,
              createdAt: new Date().toISOString(),
            };
            output(io, values.out, writeAnchor(payload, key!));
            if (values.out) io.out(`Wrote an audit anchor at position ${verdict.head.position} to ${values.out}.`);
            return 0;
          }
          io.out(`Audit log intact: ${verdict.checked} events checked.`);
          io.out(`  ${headLine}`);
          io.out(`  pending (not yet sealed): ${verdict.pending}`);
          if (anchor) io.out(`Anchor ${values.anchor} (position ${anchor.position}) matches.`);
          return 0;
        });
      }
      case 'ledger': {
        if (sub !== 'verify' && sub !== 'anchor') break;
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: {
            clinic: { type: 'string' },
            anchor: { type: 'string' },
            out: { type: 'string' },
            'key-file': { type: 'string' },
          },
        });
        const key = sub === 'anchor' || values.anchor ? loadAnchorKey(values['key-file'], env) : undefined;
        return await withExistingDatabase(config, async (database) => {
          const s = services(database);
          let anchors: Map<string, { sequence: number; hash: string }> | undefined;
          if (sub === 'verify' && values.anchor) {
            const payload = readAnchor(values.anchor, LEDGER_ANCHOR_TYPE, key!);
            anchors = new Map();
            for (const c of Array.isArray(payload.clinics) ? payload.clinics : []) {
              const clinic = c as { clinicId?: unknown; sequence?: unknown; hash?: unknown };
              if (
                typeof clinic.clinicId !== 'string' ||
                typeof clinic.sequence !== 'number' ||
                typeof clinic.hash !== 'string'
              ) {
                throw new AnchorFileError(`${values.anchor} has an invalid clinic entry.`);
              }
              anchors.set(clinic.clinicId, { sequence: clinic.sequence, hash: clinic.hash });
            }
          }
          const progress = createProgress('Checking ledgers (clinics)', io.progress, wantsProgress);
          const results = await s.ledger.verifyAll(values.clinic, anchors, (done, of) => progress.update(done, of));
          progress.finish();
          if (values.clinic && results.length === 0) {
            io.err(`No clinic "${values.clinic}".`);
            return 1;
          }
          const broken = results.find((r) => !r.verdict.intact);
          if (broken && !broken.verdict.intact) {
            const v = broken.verdict;
            io.err(
              `Ledger BROKEN in clinic ${broken.clinic.name} (${broken.clinic.slug}) at entry sequence ${v.brokenAtSequence} (${v.reason}); ${v.checked} entries before it are intact.`,
            );
            return 1;
          }
          if (anchors && values.clinic === undefined) {
            const missing = [...anchors.keys()].find((id) => !results.some((r) => r.clinic.id === id));
            if (missing) {
              io.err(
                `Ledger BROKEN: clinic ${missing} is in the anchor but no longer in the database (anchor-clinic-missing).`,
              );
              return 1;
            }
          }
          if (sub === 'anchor') {
            const clinics = results.map((r) => ({
              clinicId: r.clinic.id,
              slug: r.clinic.slug,
              sequence: r.verdict.intact ? r.verdict.lastSequence : 0,
              hash: r.verdict.intact ? r.verdict.lastHash : '',
            }));
            const payload = { type: LEDGER_ANCHOR_TYPE, version: 1, clinics, createdAt: new Date().toISOString() };
            output(io, values.out, writeAnchor(payload, key!));
            if (values.out) io.out(`Wrote a ledger anchor for ${clinics.length} clinic(s) to ${values.out}.`);
            return 0;
          }
          const total = results.reduce((sum, r) => sum + r.verdict.checked, 0);
          io.out(`Ledger intact: ${total} entries checked.`);
          for (const r of results) {
            io.out(`  ${r.clinic.name} (${r.clinic.slug}): ${r.verdict.checked} entries`);
            if (r.verdict.intact) io.out(`    head: sequence ${r.verdict.lastSequence}, hash ${r.verdict.lastHash}`);
          }
          if (anchors) io.out(`Anchor ${values.anchor} matches.`);
          return 0;
        });
      }
      case 'backup': {
        const { values } = parseArgs({
          args: [sub ?? '', ...rest].filter(Boolean),
          strict: true,
          options: { out: { type: 'string' } },
        });
        if (!values.out) {
          io.err(`Missing: --out FILE\n${USAGE}`);
          return 2;
        }
        const progress = createProgress(
          config.databaseUrl ? 'Backing up (tables)' : 'Backing up (steps)',
          io.progress,
          wantsProgress,
        );
        const made = await backup(
          { databaseUrl: config.databaseUrl, dataDir: config.dataDir },
          values.out,
          (done, of) => progress.update(done, of),
        );
        progress.finish();
        io.out(
          `Wrote a ${made.kind === 'postgres' ? 'PostgreSQL (pg_dump custom format)' : 'PGlite (data folder tarball)'} backup of ${made.bytes} bytes to ${values.out}.`,
        );
        return 0;
      }
      case 'restore': {
        if (!sub || rest.length > 0) {
          io.err(`Usage: ketaclinic restore FILE\n${USAGE}`);
          return 2;
        }
        const database = await restore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }, sub);
        try {
          return await reportChecks(io, database, services(database), `Restored ${sub}`, wantsProgress);
        } finally {
          await database.close();
        }
      }
      case 'migrate-to-postgres': {
        const { values } = parseArgs({
          args: [sub ?? '', ...rest].filter(Boolean),
          strict: true,
          options: { to: { type: 'string' } },
        });
        if (!values.to || !/^postgres(ql)?:\/\//.test(values.to)) {
          io.err(`Missing: --to postgres://…\n${USAGE}`);
          return 2;
        }
        if (config.databaseUrl) {
          io.err(
            'DATABASE_URL is set: migrate-to-postgres reads the embedded database (KETACLINIC_DATA_DIR or ./data); unset DATABASE_URL.',
          );
          return 2;
        }
        const source = await openDatabase({ dataDir: config.dataDir });
        try {
          const progress = createProgress('Copying rows', io.progress, wantsProgress);
          const { target, copy } = await migrateToPostgres(
            source,
            values.to,
            (table, n) => io.out(`  copied ${table}: ${n} rows`),
            (done, of) => progress.update(done, of),
          );
          progress.finish();
          try {
            const differing = Object.keys({ ...copy.source, ...copy.target }).filter(
              (t) => copy.source[t] !== copy.target[t],
            );
            if (differing.length > 0) {
              io.err(
                `Row counts differ after the copy: ${differing.map((t) => `${t} ${copy.source[t]} -> ${copy.target[t]}`).join(', ')}`,
              );
              return 1;
            }
            io.out(`Copied ${copy.rows} rows in ${copy.tables} tables; every table has the same rows on both sides.`);
            return await reportChecks(io, target, services(target), 'PostgreSQL now holds', wantsProgress);
          } finally {
            await target.close();
          }
        } finally {
          await source.close();
        }
      }
      case 'export': {
        const { values } = parseArgs({
          args: [sub ?? '', ...rest].filter(Boolean),
          strict: true,
          options: { clinic: { type: 'string' }, out: { type: 'string' } },
        });
        if (!values.clinic || !values.out) {
          io.err(
            `Missing: ${[!values.clinic && '--clinic', !values.out && '--out'].filter(Boolean).join(', ')}\n${USAGE}`,
          );
          return 2;
        }
        return await withDatabase(config, (database) =>
          exportClinic(
            database,
            services(database),
            () => new Date(),
            { clinic: values.clinic!, out: values.out! },
            io,
          ),
        );
      }
      case 'import': {
        if (sub !== 'patients') break;
        const { values } = parseArgs({
          args: rest,
          strict: true,
          options: {
            csv: { type: 'string' },
            map: { type: 'string' },
            clinic: { type: 'string' },
            as: { type: 'string' },
            'dry-run': { type: 'boolean' },
          },
        });
        if (!values.csv || !values.map) {
          io.err(`Missing: ${[!values.csv && '--csv', !values.map && '--map'].filter(Boolean).join(', ')}\n${USAGE}`);
          return 2;
        }
        return await withDatabase(config, (database) =>
          importPatients(
            database,
            services(database),
            () => new Date(),
            {
              csv: values.csv!,
              map: values.map!,
              dryRun: values['dry-run'] ?? false,
              ...(values.clinic ? { clinic: values.clinic } : {}),
              ...(values.as ? { as: values.as } : {}),
            },
            io,
          ),
        );
      }
      case undefined:
      case 'help':
      case '--help':
        io.out(USAGE);
        return 0;
      default:
        break;
    }
    io.err(`Unknown command: ${argv.join(' ')}\n${USAGE}`);
    return 2;
  } catch (error) {
    if (
      error instanceof DataDirLockedError ||
      error instanceof HttpError ||
      error instanceof AnchorFileError ||
      error instanceof AnchorKeyError ||
      error instanceof BackupError ||
      error instanceof CliInputError
    ) {
      io.err(error.message);
      return 1;
    }
    throw error;
  }
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  const readStdin = async (): Promise<string> => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  };
  /** Reads a line at the terminal with echo off (raw mode), so the password is not shown or kept on screen. */
  const promptHidden = (question: string): Promise<string> =>
    new Promise((resolve) => {
      process.stderr.write(question);
      let typed = '';
      process.stdin.setRawMode(true);
      process.stdin.resume();
      const onData = (data: Buffer) => {
        for (const ch of data.toString('utf8')) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            process.stdin.setRawMode(false);
            process.stdin.pause();
            process.stdin.off('data', onData);
            process.stderr.write('\n');
            resolve(typed);
            return;
          }
          if (ch === '\u0003') {
            process.stdin.setRawMode(false);
            process.exit(130);
          }
          typed = ch === '\u007f' ? typed.slice(0, -1) : typed + ch;
        }
      };
      process.stdin.on('data', onData);
    });
  const progress = {
    write: (text: string) => {
      process.stderr.write(text);
    },
    isTTY: process.stderr.isTTY === true,
  };
  runCli(process.argv.slice(2), process.env, {
    out: (l) => console.log(l),
    err: (l) => console.error(l),
    readStdin,
    progress,
    ...(process.stdin.isTTY ? { promptHidden } : {}),
  })
    .then((code) => {
      if (process.argv[2] !== 'serve') process.exit(code);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
