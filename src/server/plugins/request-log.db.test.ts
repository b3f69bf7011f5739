/**
 * The request log of a realistic run holds no secret and no patient data (issue 12): a real listening server
 * logging at debug (the level that writes a line per request; info writes only slow requests and errors) into a
 * captured stream, a flow that signs in, registers a patient, searches, sends a
 * questionnaire link and answers it, signs out; then every token, cookie, CSRF
 * token, password and patient name the run used is looked for in the log.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp, buildServices } from '../app.js';
import type { App } from '../http.js';
import { seedDemoClinic } from '../seed/demo-seed.js';
import { describeEachDatabase } from '../testing/test-database.js';
import { TEST_PASSWORD, TestClock, testConfig } from '../testing/test-app.js';

const gad7 = { 1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1, 7: 1 };

describeEachDatabase('request log', (ctx) => {
  const lines: string[] = [];
  let app: App;
  let base: string;
  beforeAll(async () => {
    const clock = new TestClock();
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const deps = {
      database: ctx.database,
      clock: clock.now,
      sleep: async () => undefined,
      runBackgroundJobs: false,
      logStream: stream,
    };
    await seedDemoClinic(buildServices(deps), { password: TEST_PASSWORD, now: clock.now() });
    app = await buildApp(testConfig({ logLevel: 'debug' }), deps);
    base = await app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await app.close();
  });

  it('names no token, cookie, CSRF token, password or patient in a full run', async () => {
    const secrets: string[] = [TEST_PASSWORD];
    const call = async (method: string, url: string, session?: { cookie: string; csrf: string }, body?: unknown) => {
      const headers: Record<string, string> = {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (session) {
        headers.cookie = session.cookie;
        headers['x-csrf-token'] = session.csrf;
      }
      const response = await fetch(`${base}${url}`, {
        method,
        headers,
        body: body === undefined ? null : JSON.stringify(body),
      });
      return {
        status: response.status,
        headers: response.headers,
        json: (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined,
      };
    };
    const signIn = async (email: string) => {
      const r = await call('POST', '/api/auth/login', undefined, { email, password: TEST_PASSWORD });
      expect(r.status).toBe(200);
      const token = /kc_session=([^;]+)/.exec(r.headers.get('set-cookie') ?? '')?.[1] ?? '';
      const csrf = String(r.json?.csrfToken);
      secrets.push(token, csrf);
      return { cookie: `kc_session=${token}`, csrf };
    };

    // A wrong password first: the attempt must not show up either.
    const wrongPassword = 'Wr0ng-but-secret-guess';
    secrets.push(wrongPassword);
    expect(
      (
        await call('POST', '/api/auth/login', undefined, {
          email: 'nurse@demo.ketaclinic.test',
          password: wrongPassword,
        })
      ).status,
    ).toBe(401);

    const desk = await signIn('front_desk@demo.ketaclinic.test');
    const nurse = await signIn('nurse@demo.ketaclinic.test');
    const patient = {
      givenName: 'Zephyrine',
      familyName: 'Quillfeather',
      dateOfBirth: '1979-04-23',
      sex: 'female',
      phone: '555-0142',
      email: 'zephyrine.q@example.test',
    };
    secrets.push(patient.givenName, patient.familyName, patient.phone, patient.email);
    const created = await call('POST', '/api/patients', desk, patient);
    expect(created.status).toBe(201);
    const patientId = String(created.json?.id);
    expect((await call('GET', `/api/patients?q=${patient.familyName}`, desk)).status).toBe(200);
    expect((await call('GET', `/api/patients/${patientId}`, nurse)).status).toBe(200);

    const link = await call('POST', `/api/patients/${patientId}/measure-links`, nurse, {
      instruments: ['gad-7'],
      context: 'weekly',
    });
    expect(link.status).toBe(201);
    const token = String(link.json?.token);
    secrets.push(token);
    await call('GET', `/q/${token}`);
    expect((await call('GET', `/api/measure-links/${token}`)).status).toBe(200);
    expect(
      (
        await call('POST', `/api/measure-links/${token}/responses`, undefined, {
          responses: [{ instrument: 'gad-7', answers: gad7 }],
        })
      ).status,
    ).toBe(200);
    await call('GET', `/api/measure-links/${token}`);

    expect((await call('POST', '/api/auth/logout', desk)).status).toBe(204);

    const log = lines.join('');
    // The log is real: requests were logged, with the token cut out of the URL.
    expect(log).toContain('"url":"/api/measure-links/[token]"');
    expect(log).toContain('"url":"/q/[token]"');
    expect(log).toContain(`"url":"/api/patients/${patientId}"`);
    for (const secret of secrets) {
      expect(secret.length).toBeGreaterThan(5);
      expect(log.includes(secret), `the log contains "${secret.slice(0, 12)}…"`).toBe(false);
    }
  });

  it('logs a live board stream that stayed open as an answer, not as a "slow request"', async () => {
    const streamLines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        streamLines.push(chunk.toString('utf8'));
        done();
      },
    });
    const second = await buildApp(testConfig({ logLevel: 'debug' }), {
      database: ctx.database,
      clock: new TestClock().now,
      sleep: async () => undefined,
      runBackgroundJobs: false,
      logStream: stream,
    });
    const url = await second.listen({ port: 0, host: '127.0.0.1' });
    try {
      const login = await fetch(`${url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'nurse@demo.ketaclinic.test', password: TEST_PASSWORD }),
      });
      const cookie = /kc_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0] ?? '';
      const response = await fetch(`${url}/api/events`, { headers: { cookie } });
      expect(response.status).toBe(200);
      // Open longer than the slow-request threshold (1 s, on the real clock as Fastify measures it); closing the
      // server ends the stream from its side, and the answer is logged then.
      await new Promise((resolve) => setTimeout(resolve, 1_200));
    } finally {
      await second.close();
    }
    const events = streamLines.filter((line) => line.includes('"url":"/api/events"'));
    expect(events.length).toBeGreaterThan(0);
    expect(events.filter((line) => line.includes('slow request'))).toEqual([]);
  });
});
