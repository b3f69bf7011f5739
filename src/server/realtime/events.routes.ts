/**
 * GET /api/events: the clinic's live channel as Server-Sent Events, for the clinic board and any screen that shows
 * today's sessions. Each message says what changed (a topic and a session id), never the data itself: the client
 * refetches the snapshot (GET /api/treatment-day/board), which is access-checked and audited like any read.
 *
 *   retry: 2000
 *
 *   id: 5c0e…            (one per publish)
 *   event: board
 *   data: {"topic":"vitals","sessionId":"…"}
 *
 *   : heartbeat           (a comment every 20 s keeps proxies from closing an idle stream)
 *
 * Nothing is replayed: a reconnecting client (EventSource sends Last-Event-ID) is welcome, and refetches the
 * snapshot when its stream opens. After `maxStreamMs` the server ends the stream; the browser reconnects, which
 * checks the session again, so a signed-out or expired session stops receiving within that time. When sessions are
 * ended by someone else (a deactivated user, a password change), a `sessions-ended` event makes every stream of the
 * clinic check its own session at once and close if it ended.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { Type } from 'typebox';
import { errorResponses, type App } from '../http.js';
import { SESSION_COOKIE } from '../modules/auth/auth.service.js';
import { RESYNC_TOPIC, SESSIONS_ENDED_TOPIC, type ClinicEvent } from './clinic-event.js';
import type { ClinicEventHub } from './clinic-event-hub.js';

export interface EventStreamOptions {
  /** Interval of the `: heartbeat` comments. Default 20 s. */
  readonly heartbeatMs?: number;
  /** The `retry:` hint: how long a browser waits before reconnecting. Default 2 s. */
  readonly retryMs?: number;
  /** The longest a stream stays open before the server ends it (the client reconnects). Default 10 min. */
  readonly maxStreamMs?: number;
  /** A client this far behind (bytes not yet sent) is dropped; it reconnects and refetches. Default 256 KiB. */
  readonly maxBufferedBytes?: number;
  /** Whether the session behind a cookie token is still live; asked on `sessions-ended` events. */
  readonly isSessionLive?: (token: string | undefined) => Promise<boolean>;
}

export function boardMessage(event: ClinicEvent): string {
  const data = JSON.stringify({ topic: event.topic, sessionId: event.sessionId });
  return event.topic === RESYNC_TOPIC
    ? `event: board\ndata: ${data}\n\n`
    : `id: ${event.id}\nevent: board\ndata: ${data}\n\n`;
}

export function eventsRoutes(hub: ClinicEventHub, options: EventStreamOptions = {}) {
  const heartbeatMs = options.heartbeatMs ?? 20_000;
  const retryMs = options.retryMs ?? 2_000;
  const maxStreamMs = options.maxStreamMs ?? 10 * 60_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 256 * 1024;

  return async function register(app: App): Promise<void> {
    /** Ends every open stream: run when the server closes, so app.close() does not wait for the clients. */
    const openStreams = new Set<() => void>();
    app.addHook('preClose', async () => {
      for (const end of [...openStreams]) end();
    });

    app.get(
      '/api/events',
      {
        config: { access: { permission: 'board:read' }, longLived: true },
        schema: {
          tags: ['board'],
          summary: "Live changes to today's sessions of my clinic (Server-Sent Events; refetch the board on each)",
          description:
            'text/event-stream. `event: board` messages carry `{"topic","sessionId"}` only; topic "resync" means refetch everything. ' +
            'Heartbeat comments every 20 s; `retry:` hint; Last-Event-ID is accepted and nothing is replayed.',
          headers: Type.Object({ 'last-event-id': Type.Optional(Type.String({ maxLength: 200 })) }),
          response: { 200: Type.String({ description: 'text/event-stream' }), ...errorResponses },
        },
      },
      (request, reply) => {
        const { clinicId } = request.requirePrincipal();
        const sessionToken = options.isSessionLive ? request.cookies[SESSION_COOKIE] : undefined;
        reply.hijack();
        const raw = reply.raw;
        // Keep the headers hooks have set (security headers) on the hijacked response.
        raw.writeHead(200, {
          ...(reply.getHeaders() as OutgoingHttpHeaders),
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-store, no-transform',
          'x-accel-buffering': 'no',
        });

        let isOpen = true;
        const send = (text: string) => {
          if (!isOpen) return;
          raw.write(text);
          if (raw.writableLength > maxBufferedBytes) end();
        };
        const unsubscribe = hub.subscribe(clinicId, (event) => {
          if (event.topic !== SESSIONS_ENDED_TOPIC) {
            send(boardMessage(event));
            return;
          }
          if (!options.isSessionLive) return;
          options.isSessionLive(sessionToken).then(
            (isLive) => {
              if (!isLive) end();
            },
            () => end(),
          );
        });
        const heartbeat = setInterval(() => send(': heartbeat\n\n'), heartbeatMs);
        const lifetime = setTimeout(() => end(), maxStreamMs);
        heartbeat.unref();
        lifetime.unref();
        function end(): void {
          if (!isOpen) return;
          isOpen = false;
          clearInterval(heartbeat);
          clearTimeout(lifetime);
          unsubscribe();
          openStreams.delete(end);
          if (!raw.writableEnded) raw.end();
        }
        openStreams.add(end);
        raw.on('close', end);
        raw.on('error', end);
        send(`retry: ${retryMs}\n: connected${hub.isListening ? '' : ' (live channel reconnecting)'}\n\n`);
      },
    );
  };
}
