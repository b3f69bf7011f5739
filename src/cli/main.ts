/**
 * The `ketaclinic` command (run as `npx ketaclinic <command>` in the checkout):
 *   serve                      start the server (same as npm start, without building)
 *   migrate                    bring the database schema up to date
 *   seed-demo                  seed the demo clinic into an empty database
 *   user add --clinic <slug|id> --email <e> --role <role> --password <p> [--name <display name>]
 *   audit verify               check the audit log's hash chain; exit 1 naming the first broken event
 *   ledger verify [--clinic <slug|id>]  check every clinic's (or one clinic's) controlled-substance ledger chain and head
 * The database is chosen as for the server: DATABASE_URL, else the PGlite folder (KETACLINIC_DATA_DIR or ./data).
 */
import { parseArgs } from 'node:util';
import { buildServices } from '../server/app.js';
import { loadConfig, type AppConfig } from '../server/config/config.js';
import { DataDirLockedError } from '../server/db/data-dir-lock.js';
import type { DatabaseHandle } from '../server/db/database.js';
import type { StaffRole } from '../server/db/schema.js';
import { STAFF_ROLES } from '../server/auth/permissions.js';
import { HttpError } from '../server/errors/http-errors.js';
import { main as serve } from '../server/main.js';
import { seedDemoClinic } from '../server/seed/demo-seed.js';
import { openAndMigrate } from '../server/start.js';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

const USAGE = `Usage: ketaclinic <command>
  serve                         start the server
  migrate                       bring the database schema up to date
  seed-demo                     seed the demo clinic (only into an empty database)
  user add --clinic <slug|id> --email <email> --role <${STAFF_ROLES.join('|')}> --password <password> [--name <display name>]
  audit verify                  check the audit log's hash chain
  ledger verify [--clinic <slug|id>]  check the controlled-substance ledger of every clinic (or one)`;

async function withDatabase<T>(config: AppConfig, work: (database: DatabaseHandle) => Promise<T>): Promise<T> {
  const database = await openAndMigrate(config);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Runs one command; returns the process exit code. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv, io: CliIo): Promise<number> {
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
      case 'user': {
        if (sub !== 'add') break;
        const { values } = parseArgs({
          args: rest, strict: true,
          options: { clinic: { type: 'string' }, email: { type: 'string' }, role: { type: 'string' }, password: { type: 'string' }, name: { type: 'string' } },
        });
        const missing = (['clinic', 'email', 'role', 'password'] as const).filter((k) => !values[k]);
        if (missing.length > 0) { io.err(`Missing: ${missing.map((m) => `--${m}`).join(', ')}\n${USAGE}`); return 2; }
        if (!STAFF_ROLES.includes(values.role as StaffRole)) { io.err(`--role must be one of ${STAFF_ROLES.join(', ')}`); return 2; }
        return await withDatabase(config, async (database) => {
          const s = services(database);
          const clinicKey = values.clinic!;
          const clinic = /^[0-9a-f-]{36}$/i.test(clinicKey) ? await s.clinics.findById(clinicKey) : await s.clinics.findBySlug(clinicKey);
          if (!clinic) { io.err(`No clinic "${clinicKey}".`); return 1; }
          const user = await s.users.create(clinic.id, {
            email: values.email!, role: values.role as StaffRole, password: values.password!, displayName: values.name ?? values.email!,
          });
          io.out(`Created ${user.role} ${user.email} in ${clinic.name}.`);
          return 0;
        });
      }
      case 'audit': {
        if (sub !== 'verify') break;
        return await withDatabase(config, async (database) => {
          const verdict = await services(database).audit.verify();
          if (verdict.intact) { io.out(`Audit log intact: ${verdict.checked} events checked.`); return 0; }
          io.err(`Audit log BROKEN at event seq ${verdict.brokenAtSeq} (${verdict.reason}); ${verdict.checked} events before it are intact.`);
          return 1;
        });
      }
      case 'ledger': {
        if (sub !== 'verify') break;
        const { values } = parseArgs({ args: rest, strict: true, options: { clinic: { type: 'string' } } });
        return await withDatabase(config, async (database) => {
          const s = services(database);
          const results = await s.ledger.verifyAll(values.clinic);
          if (values.clinic && results.length === 0) { io.err(`No clinic "${values.clinic}".`); return 1; }
          const broken = results.find((r) => !r.verdict.intact);
          if (broken && !broken.verdict.intact) {
            const v = broken.verdict;
            io.err(`Ledger BROKEN in clinic ${broken.clinic.name} (${broken.clinic.slug}) at entry sequence ${v.brokenAtSequence} (${v.reason}); ${v.checked} entries before it are intact.`);
            return 1;
          }
          const total = results.reduce((sum, r) => sum + r.verdict.checked, 0);
          io.out(`Ledger intact: ${total} entries checked.`);
          for (const r of results) io.out(`  ${r.clinic.name} (${r.clinic.slug}): ${r.verdict.checked} entries`);
          return 0;
        });
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
    if (error instanceof DataDirLockedError || error instanceof HttpError) { io.err(error.message); return 1; }
    throw error;
  }
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  runCli(process.argv.slice(2), process.env, { out: (l) => console.log(l), err: (l) => console.error(l) })
    .then((code) => { if (process.argv[2] !== 'serve') process.exit(code); })
    .catch((error: unknown) => { console.error(error instanceof Error ? error.message : error); process.exit(1); });
}
