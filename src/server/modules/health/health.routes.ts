import { Type } from 'typebox';
import type { App } from '../../http.js';

export function healthRoutes() {
  return async function register(app: App): Promise<void> {
    app.get('/api/health', {
      config: { access: 'public' },
      schema: {
        tags: ['system'], summary: 'Liveness and database check',
        response: {
          200: Type.Object({ status: Type.Literal('ok'), database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]), version: Type.String() }),
          503: Type.Object({ status: Type.Literal('unavailable'), database: Type.String(), version: Type.String() }),
        },
      },
    }, async (_request, reply) => {
      const { database } = app.deps;
      try {
        await database.ping();
        return { status: 'ok' as const, database: database.kind, version: app.config.version };
      } catch {
        return reply.status(503).send({ status: 'unavailable' as const, database: database.kind, version: app.config.version });
      }
    });
  };
}
