/**
 * HTTP answers that are safe by default (issue 12):
 * - every answer carries the security headers (CSP, no framing…), and every /api answer `Cache-Control: no-store` (patient data must not stay in browser or proxy caches);
 * - the answers Fastify and Node write before any route runs (414 URI too long, 431 headers too large, 400 bad
 *   URL, 408 timeout) are RFC 9457 problem JSON like every other error;
 * - request logs never show the secret in a questionnaire link (`/q/<token>`, `/api/measure-links/<token>`).
 */
import http from 'node:http';
import type { Socket } from 'node:net';
import helmet from 'helmet';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

export const NO_STORE = 'no-store';

/** The security headers of every answer (CSP, frame, referrer, MIME sniffing…), given the HSTS choice. */
export function securityHeaders(options: { hsts: boolean }): ReadonlyArray<readonly [string, string]> {
  const headers = new Map<string, string>();
  const collector = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers.set(name.toLowerCase(), String(value));
    },
    removeHeader(name: string) {
      headers.delete(name.toLowerCase());
    },
  };
  const middleware = helmet({
    // HSTS only where the site is served over HTTPS (the Secure-cookie setting says so): over plain HTTP the
    // header is meaningless, and on a name later moved to HTTPS it would pin browsers before anyone chose to.
    hsts: options.hsts ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
    },
  });
  // Helmet's middleware only sets and removes headers; with fixed options it sets the same ones every time, so it
  // runs once here instead of once per request (bench/README.md: it was 2-3 % of a patient read's CPU).
  middleware({} as http.IncomingMessage, collector as unknown as http.ServerResponse, () => undefined);
  return [...headers];
}

/**
 * Every answer carries the security headers; every /api answer also `Cache-Control: no-store`. One synchronous hook
 * (no promise per request) sets both on the raw response, so they stay on any answer, errors and streams included.
 */
export function registerSecurityHeaders(app: FastifyInstance, options: { hsts: boolean }): void {
  const headers = securityHeaders(options);
  app.addHook('onRequest', (request, reply, done) => {
    const raw = reply.raw;
    for (const [name, value] of headers) raw.setHeader(name, value);
    if (request.url.startsWith('/api/') || request.url === '/api') raw.setHeader('cache-control', NO_STORE);
    done();
  });
}

function problemBody(status: number, detail: string): string {
  return JSON.stringify({
    type: status === 408 ? 'timeout' : 'bad-request',
    title: http.STATUS_CODES[status] ?? 'Bad request',
    status,
    detail,
  });
}

/** Errors Fastify raises before routing (a path parameter over maxParamLength: 414; a malformed URL: 400). */
export function frameworkErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const status =
    typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  const detail = status === 414 ? 'The URL is too long.' : 'The request URL is not valid.';
  void reply
    .status(status)
    .header('cache-control', NO_STORE)
    .type('application/problem+json')
    .send(problemBody(status, detail));
}

/** Errors Node's HTTP parser raises before Fastify sees a request: answered on the raw socket, then closed. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  let status = 400;
  let detail = 'The request could not be parsed.';
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    detail = 'The request headers (or the URL) are too large.';
  } else if (error.code === 'HPE_URI_TOO_LONG') {
    status = 414;
    detail = 'The URL is too long.';
  } else if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    status = 408;
    detail = 'The request took too long to arrive.';
  }
  const body = problemBody(status, detail);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: application/problem+json\r\nCache-Control: no-store\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(error);
}

const TOKEN_PATHS = /^(\/q\/|\/api\/measure-links\/)[^/?#]+/;

/** The URL as logged: no query string (a search can hold a name) and no link token. */
export function loggableUrl(url: string): string {
  return url.split('?')[0]!.replace(TOKEN_PATHS, '$1[token]');
}
