import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LISTEN_APPLICATION_NAME } from '../db/database.js';
import { describeEachDatabase } from '../testing/test-database.js';
import type { ClinicEvent } from './clinic-event.js';
import { ClinicEventHub } from './clinic-event-hub.js';
import { clinicEventChannel, publishClinicEvent } from './clinic-events.repository.js';

const CLINIC_A = randomUUID();
const CLINIC_B = randomUUID();
const SESSION = randomUUID();

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describeEachDatabase('clinic live channel', (ctx) => {
  let hub: ClinicEventHub;
  const receivedByA: ClinicEvent[] = [];
  const receivedByB: ClinicEvent[] = [];

  beforeAll(async () => {
    hub = new ClinicEventHub({ database: ctx.database, backoff: { initialMs: 20, maxMs: 200 } });
    await hub.start();
    hub.subscribe(CLINIC_A, (event) => receivedByA.push(event));
    hub.subscribe(CLINIC_B, (event) => receivedByB.push(event));
  });
  afterAll(async () => {
    await hub.stop();
  });

  describe('publishing inside a transaction', () => {
    it('delivers the event when the transaction commits, and not before', async () => {
      let published: ClinicEvent | undefined;
      await ctx.database.db.transaction().execute(async (trx) => {
        published = await publishClinicEvent(trx, CLINIC_A, { topic: 'vitals', sessionId: SESSION });
        // Still inside the transaction: nothing has been delivered.
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect(receivedByA.some((e) => e.id === published?.id)).toBe(false);
      });
      await waitUntil(() => receivedByA.some((e) => e.id === published?.id), 5_000, 'the committed event');
      expect(receivedByA.find((e) => e.id === published?.id)).toEqual({
        id: published?.id,
        clinicId: CLINIC_A,
        topic: 'vitals',
        sessionId: SESSION,
      });
    });

    it('never delivers an event whose transaction rolled back', async () => {
      let rolledBack: ClinicEvent | undefined;
      await expect(
        ctx.database.db.transaction().execute(async (trx) => {
          rolledBack = await publishClinicEvent(trx, CLINIC_A, { topic: 'alert', sessionId: SESSION });
          throw new Error('the write failed');
        }),
      ).rejects.toThrow('the write failed');
      // Notifications arrive in commit order: once a later event is here, the rolled-back one would have been too.
      const marker = await publishClinicEvent(ctx.database.db, CLINIC_A, { topic: 'phase' });
      await waitUntil(() => receivedByA.some((e) => e.id === marker.id), 5_000, 'the marker event');
      expect(rolledBack).toBeDefined();
      expect(receivedByA.some((e) => e.id === rolledBack?.id)).toBe(false);
    });

    it("gives each subscriber only its own clinic's events", async () => {
      const forB = await publishClinicEvent(ctx.database.db, CLINIC_B, { topic: 'vitals' });
      const forA = await publishClinicEvent(ctx.database.db, CLINIC_A, { topic: 'vitals' });
      await waitUntil(
        () => receivedByA.some((e) => e.id === forA.id) && receivedByB.some((e) => e.id === forB.id),
        5_000,
        'both events',
      );
      expect(receivedByA.some((e) => e.id === forB.id)).toBe(false);
      expect(receivedByB.some((e) => e.id === forA.id)).toBe(false);
      expect(receivedByB.every((e) => e.clinicId === CLINIC_B)).toBe(true);
    });

    it('refuses a payload that is not ids and a topic', async () => {
      await expect(publishClinicEvent(ctx.database.db, CLINIC_A, { topic: 'Jane Doe BP 190/100' })).rejects.toThrow(
        /topic/,
      );
      await expect(
        publishClinicEvent(ctx.database.db, CLINIC_A, { topic: 'vitals', sessionId: 'Jane Doe' }),
      ).rejects.toThrow(/sessionId/);
      await expect(publishClinicEvent(ctx.database.db, 'clinic-1', { topic: 'vitals' })).rejects.toThrow(/clinicId/);
    });
  });

  if (ctx.target === 'postgres') {
    it('listens again, and tells subscribers to resync, after its connection is terminated', async () => {
      const connection = ctx.connection;
      if (!connection) throw new Error('no PostgreSQL connection details');
      const channel = await clinicEventChannel(ctx.database.db);
      expect(hub.listenCount).toBe(1);
      const admin = new pg.Client({ connectionString: connection.url });
      await admin.connect();
      try {
        const { rows } = await admin.query<{ terminated: boolean }>(
          'select pg_terminate_backend(pid) as terminated from pg_stat_activity where application_name = $1 and query = $2',
          [LISTEN_APPLICATION_NAME, `LISTEN "${channel}"`],
        );
        expect(rows).toEqual([{ terminated: true }]);
      } finally {
        await admin.end();
      }
      await waitUntil(() => hub.listenCount === 2, 10_000, 'the listener to reconnect');
      await waitUntil(() => receivedByA.some((e) => e.topic === 'resync'), 5_000, 'the resync event');
      const after = await publishClinicEvent(ctx.database.db, CLINIC_A, { topic: 'vitals', sessionId: SESSION });
      await waitUntil(
        () => receivedByA.some((e) => e.id === after.id),
        5_000,
        'an event published after the reconnection',
      );
    });
  }
});
