/**
 * The typed fetch client. Every call goes to the same origin with the session cookie, sends the CSRF token on
 * state-changing requests, and turns problem JSON (RFC 9457) into an ApiError with the status, the detail and
 * the field errors. A 401 tells the listeners (the session) that the user must sign in again.
 */

import type { Static } from 'typebox';
import type { ProblemSchema } from '../../contract/common';

/** One field the server refused, and why. */
export type FieldProblem = NonNullable<Static<typeof ProblemSchema>['errors']>[number];

/**
 * The server's problem JSON (src/contract/common.ts ProblemSchema). Every part optional here: an answer from
 * something in between (a proxy, a gateway) may carry only some of it, or none.
 */
export type Problem = Partial<Static<typeof ProblemSchema>>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly title: string;
  readonly detail: string;
  readonly fieldErrors: readonly FieldProblem[];
  readonly type: string | undefined;

  constructor(status: number, problem: Problem) {
    const detail = problem.detail ?? problem.title ?? `Request failed (${status}).`;
    super(detail);
    this.status = status;
    this.title = problem.title ?? 'Error';
    this.detail = detail;
    this.fieldErrors = problem.errors ?? [];
    this.type = problem.type;
  }

  /** The first message for a field (`givenName`, `address.city`…), if the server named it. */
  fieldError(field: string): string | undefined {
    return this.fieldErrors.find((f) => f.field === field)?.message;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type QueryValue = string | number | boolean | undefined | null;

export interface RequestOptions {
  readonly query?: Readonly<Record<string, QueryValue>>;
  readonly body?: unknown;
  readonly signal?: AbortSignal;
  /**
   * Whether a 401 signs the user out of the app (default true). Sign-in and the second-factor step answer
   * 401 for a wrong password or code; those callers show the error instead.
   */
  readonly signOutOn401?: boolean;
}

const SAFE_METHODS: ReadonlySet<Method> = new Set(['GET']);

export class ApiClient {
  private csrfToken: string | undefined;
  private view: { path: string; id: string } | undefined;
  private readonly unauthorizedListeners = new Set<(error: ApiError) => void>();
  private readonly fetchImpl: typeof fetch;

  constructor(options: { fetch?: typeof fetch } = {}) {
    this.fetchImpl = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  /** The token from sign-in or /api/auth/me, sent as `x-csrf-token` on every POST/PATCH/PUT/DELETE. */
  /**
   * One id per page view, sent with every request (x-ketaclinic-view): the server records the reads one page view
   * makes of a patient's record as one audit event. A new page (path) or a reload is a new view.
   */
  private pageViewId(): string | undefined {
    const path = globalThis.location?.pathname;
    if (path === undefined) return undefined;
    if (this.view?.path !== path)
      this.view = {
        path,
        id:
          globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`,
      };
    return this.view.id;
  }

  setCsrfToken(token: string | undefined): void {
    this.csrfToken = token;
  }

  /** Called on a 401 from any request that did not opt out; returns an unsubscribe function. */
  onUnauthorized(listener: (error: ApiError) => void): () => void {
    this.unauthorizedListeners.add(listener);
    return () => {
      this.unauthorizedListeners.delete(listener);
    };
  }

  get<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('GET', path, options);
  }

  post<T>(path: string, body?: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }

  patch<T>(path: string, body: unknown, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('PATCH', path, { ...options, body });
  }

  delete<T>(path: string, options: Omit<RequestOptions, 'body'> = {}): Promise<T> {
    return this.request<T>('DELETE', path, options);
  }

  async request<T>(method: Method, path: string, options: RequestOptions = {}): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (!SAFE_METHODS.has(method) && this.csrfToken) headers['x-csrf-token'] = this.csrfToken;
    const viewId = this.pageViewId();
    if (viewId) headers['x-ketaclinic-view'] = viewId;

    let response: Response;
    try {
      response = await this.fetchImpl(withQuery(path, options.query), {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? null : JSON.stringify(options.body),
        signal: options.signal ?? null,
      });
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') throw error;
      throw new ApiError(0, {
        title: 'Network error',
        detail: 'The server could not be reached. Check your connection and try again.',
      });
    }

    if (response.ok) {
      if (response.status === 204) return undefined as T;
      return (await readJson(response)) as T;
    }

    const error = new ApiError(response.status, await readProblem(response));
    if (response.status === 401 && options.signOutOn401 !== false) {
      for (const listener of this.unauthorizedListeners) listener(error);
    }
    throw error;
  }
}

function withQuery(path: string, query: RequestOptions['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  return text ? (JSON.parse(text) as unknown) : undefined;
}

async function readProblem(response: Response): Promise<Problem> {
  const fallback: Problem = {
    title: response.statusText || 'Error',
    status: response.status,
    detail: `The server answered ${response.status}.`,
  };
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return fallback;
  try {
    const body = await readJson(response);
    return typeof body === 'object' && body !== null ? { ...fallback, ...(body as Problem) } : fallback;
  } catch {
    return fallback;
  }
}
