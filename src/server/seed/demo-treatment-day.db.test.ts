import { describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../testing/test-database.js';
import { api, createTestApp, signIn, TestClock } from '../testing/test-app.js';

describeEachDatabase('demo treatment day', (ctx) => {
  describe('on first start', () => {
    it('has a chair in every phase, with clocks relative to the server start', async () => {
      // Given a server started on Monday 2026-11-02 at 10:00 in the clinic's zone
      const clock = new TestClock(new Date('2026-11-02T15:00:00Z'));
      const t = await createTestApp(ctx.database, { clock });
      const nurse = await signIn(t.app, 'nurse');

      // When the nurse opens the board
      const board = (await api(t.app, nurse, 'GET', '/api/treatment-day/board')).json();

      // Then each demo patient's chair is in its phase
      const chairs = Object.fromEntries(board.chairs.map((c: { patientInitials: string }) => [c.patientInitials, c]));
      expect(chairs.TN).toMatchObject({ phase: 'pre-dose', isCheckedIn: true, elapsedMin: 5, modality: 'iv-ketamine' });
      expect(chairs.DS).toMatchObject({
        phase: 'dosing',
        elapsedMin: 15,
        nextCheck: { id: 'during-infusion@30', status: 'upcoming' },
        overdueChecks: 0,
      });
      expect(chairs.HO).toMatchObject({
        phase: 'monitoring',
        modality: 'esketamine-nasal',
        minimumMonitoringEndsAt: '2026-11-02T16:05:00.000Z',
      });
      expect(chairs.SM).toMatchObject({ phase: 'ready-for-discharge', openAlerts: [] });

      // The pre-dose chair is held by its checklist (no ride home yet); the ready chair may go home.
      const nowicki = (await api(t.app, nurse, 'GET', `/api/sessions/${chairs.TN.sessionId}/checklist`)).json();
      expect(nowicki.blockingItems).toEqual(['ride-home']);
      const marquez = (
        await api(
          t.app,
          nurse,
          'GET',
          `/api/sessions/${chairs.SM.sessionId}/discharge?clinicallyStable=true&ridePresent=true`,
        )
      ).json();
      expect(marquez).toMatchObject({ allowed: true, reasons: [] });
    });
  });
});
