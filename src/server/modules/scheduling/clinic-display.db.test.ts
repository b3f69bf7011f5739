/**
 * One date and time format per clinic (issue 14): an admin sets the clinic's locale and 12- or 24-hour clock in the
 * care settings, and every signed-in page learns them, with the time zone, from GET /api/auth/me.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { describeEachDatabase } from '../../testing/test-database.js';
import { api, createTestApp, signIn, type Session, type TestApp } from '../../testing/test-app.js';

describeEachDatabase('clinic date and time format', (ctx) => {
  let t: TestApp;
  let admin: Session;
  let nurse: Session;
  beforeAll(async () => {
    t = await createTestApp(ctx.database);
    admin = await signIn(t.app, 'admin');
    nurse = await signIn(t.app, 'nurse');
  });

  it("starts as US English on a 12-hour clock in the clinic's time zone", async () => {
    const me = (await api(t.app, nurse, 'GET', '/api/auth/me')).json();
    expect(me.clinic).toMatchObject({
      locale: 'en-US',
      hourCycle: 'h12',
      timeZone: 'America/New_York',
      name: expect.any(String),
      isDemo: expect.any(Boolean),
    });
  });

  describe('when an admin chooses British English on a 24-hour clock', () => {
    it("is saved, and every user's session reports it", async () => {
      const saved = await api(t.app, admin, 'PUT', '/api/clinic/care-settings', { locale: 'en-GB', hourCycle: 'h23' });
      expect(saved.statusCode, saved.body).toBe(200);
      expect(saved.json()).toMatchObject({ locale: 'en-GB', hourCycle: 'h23', timeZone: 'America/New_York' });
      expect((await api(t.app, nurse, 'GET', '/api/auth/me')).json().clinic).toMatchObject({
        locale: 'en-GB',
        hourCycle: 'h23',
      });
    });
  });

  it('refuses an unknown locale or clock, naming the field', async () => {
    const locale = await api(t.app, admin, 'PUT', '/api/clinic/care-settings', { locale: 'not a locale!' });
    expect(locale.statusCode).toBe(400);
    expect(JSON.stringify(locale.json())).toContain('locale');
    const clock = await api(t.app, admin, 'PUT', '/api/clinic/care-settings', { hourCycle: 'h11' });
    expect(clock.statusCode).toBe(400);
    expect(JSON.stringify(clock.json())).toContain('hourCycle');
  });

  it('lets only an admin change it', async () => {
    expect((await api(t.app, nurse, 'PUT', '/api/clinic/care-settings', { hourCycle: 'h12' })).statusCode).toBe(403);
  });
});
