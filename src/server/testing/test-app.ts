/**
 * A real app on a test database, with the demo clinic seeded and a controllable clock, plus helpers to sign
 * in as a demo role and call the API the way the web app does (cookie + x-csrf-token).
 */
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { loadConfig, type AppConfig } from '../config/config.js';
import type { DatabaseHandle } from '../db/database.js';
import type { StaffRole } from '../db/schema.js';
import { buildApp, buildServices, type Services } from '../app.js';
import type { App } from '../http.js';
import { demoEmail } from '../seed/demo-data.js';
import { seedDemoClinic, type DemoSeedResult } from '../seed/demo-seed.js';

export const TEST_PASSWORD = 'test-password-123';

export class TestClock {
  constructor(private current: Date = new Date('2026-11-02T15:00:00Z')) {}
  now = (): Date => new Date(this.current.getTime());
  advanceMinutes(minutes: number): void {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
  set(date: Date): void {
    this.current = new Date(date.getTime());
  }
}

export interface TestApp {
  readonly app: App;
  readonly services: Services;
  readonly clock: TestClock;
  readonly seed: DemoSeedResult;
  readonly config: AppConfig;
  /** The sign-in throttle's waits, in ms, recorded instead of slept. */
  readonly sleeps: number[];
}

export function testConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  const loaded = loadConfig({ LOG_LEVEL: 'silent', KETACLINIC_SEED: 'none', KETACLINIC_WEB_DIR: '/nonexistent' });
  if (!loaded.ok) throw new Error(loaded.problems.join('; '));
  return { ...loaded.config, ...overrides };
}

export async function createTestApp(
  database: DatabaseHandle,
  options: { clock?: TestClock; seed?: boolean } = {},
): Promise<TestApp> {
  const clock = options.clock ?? new TestClock();
  const sleeps: number[] = [];
  const deps = {
    database,
    clock: clock.now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
    },
    runBackgroundJobs: false,
  };
  const services = buildServices(deps);
  const seed =
    options.seed === false
      ? { seeded: false }
      : await seedDemoClinic(services, { password: TEST_PASSWORD, now: clock.now() });
  const config = testConfig();
  const app = await buildApp(config, deps);
  await app.ready();
  return { app, services, clock, seed, config, sleeps };
}

export interface Session {
  readonly cookie: string;
  readonly csrfToken: string;
  readonly userId: string;
  readonly clinicId: string;
}

export async function signIn(app: App, role: StaffRole | { email: string; password: string }): Promise<Session> {
  const body = typeof role === 'string' ? { email: demoEmail(role), password: TEST_PASSWORD } : role;
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: body });
  if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode} ${response.body}`);
  const json = response.json<{ csrfToken: string; user: { id: string; clinicId: string } }>();
  const cookie = response.cookies.find((c) => c.name === 'kc_session');
  if (!cookie) throw new Error('no session cookie');
  return {
    cookie: `kc_session=${cookie.value}`,
    csrfToken: json.csrfToken,
    userId: json.user.id,
    clinicId: json.user.clinicId,
  };
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** Calls the API as a signed-in user, as the web app does. */
export function api(
  app: App,
  session: Session | undefined,
  method: Method,
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = {};
  if (session) {
    headers.cookie = session.cookie;
    headers['x-csrf-token'] = session.csrfToken;
  }
  return app.inject({
    method,
    url,
    headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

// A test reads whatever the route answered; typing every body here would only restate the contract.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBody = any;

/** Awaits an API call, expects its status (the body is shown when it differs) and returns the parsed JSON body. */
export async function expectStatus(
  response: Promise<{ statusCode: number; body: string }>,
  status: number,
): Promise<AnyBody> {
  const r = await response;
  expect(r.statusCode, r.body).toBe(status);
  return JSON.parse(r.body);
}
