/**
 * A minimal client for the Ketaclinic API as scripts use it: sign in (cookie + CSRF token), then call the API
 * with both, exactly as the web app does. Uses Node's global fetch (keep-alive connections).
 */

export interface ApiSession {
  readonly baseUrl: string;
  /** `kc_session=<token>`, ready for a Cookie header. */
  readonly cookie: string;
  readonly csrfToken: string;
}

export const DEMO_FRONT_DESK_EMAIL = 'front_desk@demo.ketaclinic.test';
export const DEMO_ADMIN_EMAIL = 'admin@demo.ketaclinic.test';
export const demoPassword = (): string => process.env.KETACLINIC_DEMO_PASSWORD || 'demo-password';

export async function signIn(baseUrl: string, email: string, password: string): Promise<ApiSession> {
  const response = await fetch(new URL('/api/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email, password }),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`Sign-in as ${email} failed: HTTP ${response.status} ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { csrfToken?: string; mfa?: string };
  if (body.mfa !== 'complete')
    throw new Error(`Sign-in as ${email} needs a second factor (mfa: ${body.mfa}); use a demo-clinic account.`);
  const sessionCookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('kc_session='));
  if (!sessionCookie || !body.csrfToken)
    throw new Error(`Sign-in as ${email} returned no session cookie or CSRF token.`);
  return { baseUrl, cookie: sessionCookie, csrfToken: body.csrfToken };
}

/** Headers for an authenticated call; state-changing calls also carry the CSRF token and a JSON body type. */
export function authHeaders(session: ApiSession, options: { write: boolean }): Record<string, string> {
  const headers: Record<string, string> = { cookie: session.cookie, accept: 'application/json' };
  if (options.write) {
    headers['x-csrf-token'] = session.csrfToken;
    headers['content-type'] = 'application/json';
  }
  return headers;
}

export interface ApiAnswer<T> {
  readonly status: number;
  readonly body: T | undefined;
  readonly text: string;
}

export async function apiRequest<T>(
  session: ApiSession,
  method: 'GET' | 'POST',
  path: string,
  payload?: unknown,
  timeoutMs = 30_000,
): Promise<ApiAnswer<T>> {
  const write = method !== 'GET';
  const response = await fetch(new URL(path, session.baseUrl), {
    method,
    headers: authHeaders(session, { write }),
    ...(payload === undefined ? {} : { body: JSON.stringify(payload) }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  let body: T | undefined;
  try {
    body = text ? (JSON.parse(text) as T) : undefined;
  } catch {
    body = undefined;
  }
  return { status: response.status, body, text };
}

/** Runs `worker(i)` for i in [0, count) with at most `concurrency` in flight; stops early when `shouldStop()` says so. */
export async function runBounded(
  count: number,
  concurrency: number,
  worker: (index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (!shouldStop()) {
      const index = next;
      if (index >= count) return;
      next += 1;
      await worker(index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, lane));
}
