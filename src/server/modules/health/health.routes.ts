import { Type } from 'typebox';
import { NotReadySchema, ReadySchema } from '../../../contract/readiness.js';
import { pendingMigrations } from '../../db/migrate.js';
import type { App } from '../../http.js';

/** `hasDemoClinic`: whether the database holds the demo clinic, so every page (sign-in included) can warn. */
export function healthRoutes(options: { hasDemoClinic: () => Promise<boolean> }) {
  return async function register(app: App): Promise<void> {
    app.get(
      '/api/health',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary: 'Liveness and database check; `demo` says this install holds the demo clinic (published passwords)',
          response: {
            200: Type.Object({
              status: Type.Literal('ok'),
              database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
              version: Type.String(),
              demo: Type.Boolean({
                description: 'true: the demo clinic with published passwords is here; not for patient data',
              }),
            }),
            503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String(), version: Type.String() }),
          },
        },
      },
      async (_request, reply) => {
        const { database } = app.deps;
        try {
          await database.ping();
          return {
            status: 'ok' as const,
            database: database.kind,
            version: app.config.version,
            demo: await options.hasDemoClinic(),
          };
        } catch {
          return reply
            .status(503)
            .send({ status: 'unavailable' as const, database: database.kind, version: app.config.version });
        }
      },
    );

    app.get(
      '/api/ready',
      {
        config: { access: 'public' },
        schema: {
          tags: ['system'],
          summary:
            "Readiness: the database answers and its schema is this release's (no migration pending); 503 otherwise",
          response: { 200: ReadySchema, 503: NotReadySchema },
        },
      },
      async (_request, reply) => {
        const { database } = app.deps;
        const base = { database: database.kind, version: app.config.version };
        let pending: string[];
        try {
          pending = await pendingMigrations(database.db);
        } catch {
          return reply.status(503).send({
            ...base,
            status: 'not-ready' as const,
            reason: 'database-unreachable' as const,
            pendingMigrations: [],
          });
        }
        if (pending.length > 0)
          return reply.status(503).send({
            ...base,
            status: 'not-ready' as const,
            reason: 'migrations-pending' as const,
            pendingMigrations: pending,
          });
        return { ...base, status: 'ready' as const };
      },
    );
  };
}
