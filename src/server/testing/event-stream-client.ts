/**
 * A minimal Server-Sent Events client over node:http, for database tests and the board benchmark: it opens
 * GET /api/events with a session cookie, parses messages as a browser's EventSource would, and records when each
 * one arrived (performance.now()), so delivery delays can be measured in-process.
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';

export interface StreamMessage {
  readonly id: string | undefined;
  readonly event: string;
  readonly data: string;
  /** performance.now() when the message's blank line arrived. */
  readonly receivedAt: number;
}

export interface EventStreamClient {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly messages: StreamMessage[];
  readonly comments: string[];
  /** The last `retry:` hint, in ms. */
  readonly retryMs: number | undefined;
  /** The body, when the status is not 200 (a problem document). */
  readonly body: string;
  /** Resolves when the server ends the stream (or it is closed here). */
  readonly ended: Promise<void>;
  readonly isEnded: boolean;
  /** Called on each message as it arrives (the benchmark uses it). */
  onMessage: ((message: StreamMessage) => void) | undefined;
  /** The first message (already received or still to come) matching `predicate`; rejects after `timeoutMs`. */
  waitFor(predicate: (message: StreamMessage) => boolean, timeoutMs: number): Promise<StreamMessage>;
  /** Waits for a comment line (heartbeats, the opening comment). */
  waitForComment(predicate: (comment: string) => boolean, timeoutMs: number): Promise<string>;
  close(): void;
}

export function openEventStream(url: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: { accept: 'text/event-stream', ...headers } }, (response) => {
      response.setEncoding('utf8');
      const messages: StreamMessage[] = [];
      const comments: string[] = [];
      const waiters = new Set<() => void>();
      let buffer = '';
      let body = '';
      let retryMs: number | undefined;
      let isEnded = false;
      let markEnded: () => void = () => undefined;
      const ended = new Promise<void>((done) => {
        markEnded = done;
      });
      const finish = () => {
        if (isEnded) return;
        isEnded = true;
        markEnded();
        for (const wake of [...waiters]) wake();
      };
      const status = response.statusCode ?? 0;

      const client: EventStreamClient = {
        status,
        headers: response.headers,
        messages,
        comments,
        get retryMs() {
          return retryMs;
        },
        get body() {
          return body;
        },
        ended,
        get isEnded() {
          return isEnded;
        },
        onMessage: undefined,
        waitFor(predicate, timeoutMs) {
          return waitUntil(() => messages.find(predicate), timeoutMs, 'message');
        },
        waitForComment(predicate, timeoutMs) {
          return waitUntil(() => comments.find(predicate), timeoutMs, 'comment');
        },
        close() {
          request.destroy();
          finish();
        },
      };

      function waitUntil<T>(find: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
        const found = find();
        if (found !== undefined) return Promise.resolve(found);
        return new Promise((done, fail) => {
          const check = () => {
            const match = find();
            if (match !== undefined) {
              cleanup();
              done(match);
            } else if (isEnded) {
              cleanup();
              fail(new Error(`the event stream ended before the awaited ${what} arrived`));
            }
          };
          const timer = setTimeout(() => {
            cleanup();
            fail(new Error(`no matching ${what} within ${timeoutMs} ms`));
          }, timeoutMs);
          const cleanup = () => {
            clearTimeout(timer);
            waiters.delete(check);
          };
          waiters.add(check);
        });
      }

      function parseBlock(block: string): void {
        let id: string | undefined;
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line === '') continue;
          if (line.startsWith(':')) {
            comments.push(line.slice(1).trim());
            continue;
          }
          const colon = line.indexOf(':');
          const field = colon === -1 ? line : line.slice(0, colon);
          const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') id = value;
          else if (field === 'event') event = value;
          else if (field === 'data') data.push(value);
          else if (field === 'retry' && /^\d+$/.test(value)) retryMs = Number(value);
        }
        if (data.length > 0) {
          const message = { id, event, data: data.join('\n'), receivedAt: performance.now() };
          messages.push(message);
          client.onMessage?.(message);
        }
      }

      response.on('data', (chunk: string) => {
        if (status !== 200) {
          body += chunk;
          return;
        }
        buffer += chunk.replace(/\r\n?/g, '\n');
        let end = buffer.indexOf('\n\n');
        while (end !== -1) {
          parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
        }
        for (const wake of [...waiters]) wake();
      });
      response.on('end', finish);
      response.on('close', finish);
      response.on('error', finish);
      if (status !== 200) {
        response.on('end', () => resolve(client));
      } else {
        resolve(client);
      }
    });
    request.on('error', reject);
  });
}
