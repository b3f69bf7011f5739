/**
 * GET /api/ready (issue 15, "Running it for real"): readiness, separate from liveness (/api/health). Ready means the
 * database answers and its schema is this release's; a load balancer sends traffic only to ready instances.
 */
import { Type, type Static } from 'typebox';

export const ReadySchema = Type.Object(
  {
    status: Type.Literal('ready'),
    database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    version: Type.String(),
  },
  { additionalProperties: false },
);
export type ReadyDto = Static<typeof ReadySchema>;

export const NotReadySchema = Type.Object(
  {
    status: Type.Literal('not-ready'),
    database: Type.Union([Type.Literal('pglite'), Type.Literal('postgres')]),
    version: Type.String(),
    reason: Type.Union([Type.Literal('database-unreachable'), Type.Literal('migrations-pending')]),
    pendingMigrations: Type.Array(Type.String(), {
      description: 'Migrations this release has that the database has not applied',
    }),
  },
  { additionalProperties: false },
);
export type NotReadyDto = Static<typeof NotReadySchema>;
