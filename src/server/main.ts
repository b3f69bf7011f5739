/** `npm start`: load config -> open, migrate, seed -> buildApp -> listen. */
import { loadConfig } from './config/config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { startServer } from './start.js';
import { DEMO_STAFF, demoEmail } from './seed/demo-data.js';

export async function main(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const loaded = loadConfig(env);
  if (!loaded.ok) {
    console.error(`Ketaclinic cannot start:\n- ${loaded.problems.join('\n- ')}`);
    process.exitCode = 2;
    return;
  }
  const { config } = loaded;
  let server;
  try {
    server = await startServer(config);
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
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
  const port = new URL(address).port;
  const where = server.database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL (DATABASE_URL)';
  console.log(`\nKetaclinic ${config.version} is running on http://localhost:${port}  (database: ${where})`);
  console.log(`API docs: http://localhost:${port}/api/docs`);
  if (server.seed.seeded || config.seed === 'demo') {
    console.log(`Demo clinic sign-in (password: ${config.demoPassword}):`);
    for (const staff of DEMO_STAFF) console.log(`  ${staff.role.padEnd(11)} ${demoEmail(staff.role)}`);
  }
}

const isEntryPoint = import.meta.url === `file://${process.argv[1]}`;
if (isEntryPoint) {
  main().catch((error: unknown) => {
    console.error('Ketaclinic failed to start:', error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
