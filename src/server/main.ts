/** `npm start`: load config -> open, migrate, seed -> buildApp -> listen. */
import { isLoopbackHost, loadConfig } from './config/config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { startServer, type StartedServer } from './start.js';
import { DEMO_STAFF, demoEmail } from './seed/demo-data.js';

/** Starts the server; returns it (tests close it), or undefined when it could not start. */
export async function main(env: NodeJS.ProcessEnv = process.env): Promise<StartedServer | undefined> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    console.error(`Ketaclinic cannot start:\n- ${loaded.problems.join('\n- ')}`);
    process.exitCode = 2;
    return undefined;
  }
  const { config } = loaded;
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exitCode = 1;
      return undefined;
    }
    throw error;
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    server.app.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const address = await server.app.listen({ port: config.port, host: config.host });
  const base = address.replace('://127.0.0.1:', '://localhost:');
  const where =
    server.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(
    `\nKetaclinic ${config.version} is running on ${base}  (listening on ${config.host}; database: ${where})`,
  );
  console.log(`API docs: ${base}/api/docs`);
  if (server.seed.seeded || config.seed === 'demo') {
    // The password itself is not printed: logs are kept and shipped; it is in the README (or KETACLINIC_DEMO_PASSWORD).
    console.log(
      'DEMO CLINIC: published passwords, not for patient data. Sign in as (password: see README, or KETACLINIC_DEMO_PASSWORD):',
    );
    for (const staff of DEMO_STAFF) console.log(`  ${staff.role.padEnd(11)} ${demoEmail(staff.role)}`);
  } else if (env.KETACLINIC_SEED === undefined && !isLoopbackHost(config.host)) {
    console.log(
      `The demo clinic is not seeded on ${config.host} (reachable from other machines). Set KETACLINIC_SEED=demo to seed it anyway.`,
    );
  }
  return server;
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error('Ketaclinic failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
