/**
 * The clinic's live channel in the browser: an EventSource on GET /api/events (same origin, so the session cookie
 * goes with it). Each `board` message says what changed (a topic and a session id); the caller refetches its
 * snapshot. Nothing is replayed after a reconnection, so every reopening is reported as a `resync` event too.
 *
 * EventSource reconnects by itself after a dropped connection (waiting the server's `retry:` hint). When the
 * server refuses the stream (401, 502 from a proxy during a restart…) the browser gives up; the hook then opens a
 * new one after 2 s, 4 s, … up to 30 s.
 */
import { useEffect, useRef, useState } from 'react';
import { reopenDelayMs } from './refetch-scheduler';

export interface BoardEvent {
  /** What changed ('board', 'vitals', …), or 'resync': refetch everything. */
  readonly topic: string;
  readonly sessionId: string | null;
}

export type LiveStatus = 'connecting' | 'live' | 'reconnecting';

export const RESYNC: BoardEvent = { topic: 'resync', sessionId: null };

function parseBoardEvent(data: string): BoardEvent {
  try {
    const value = JSON.parse(data) as Partial<BoardEvent>;
    if (typeof value.topic === 'string')
      return { topic: value.topic, sessionId: typeof value.sessionId === 'string' ? value.sessionId : null };
  } catch {
    // Fall through: an unreadable message still means something changed.
  }
  return RESYNC;
}

export function useClinicEvents(
  onEvent: (event: BoardEvent) => void,
  options: { enabled?: boolean; url?: string } = {},
): LiveStatus {
  const { enabled = true, url = '/api/events' } = options;
  const [status, setStatus] = useState<LiveStatus>('connecting');
  const handler = useRef(onEvent);
  handler.current = onEvent;

  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return undefined;
    let source: EventSource | undefined;
    let reopenTimer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    let hasOpened = false;
    let isDisposed = false;

    const open = () => {
      source = new EventSource(url);
      source.addEventListener('open', () => {
        attempt = 0;
        setStatus('live');
        // The first opening follows the page's own first fetch; later ones may have missed changes.
        if (hasOpened) handler.current(RESYNC);
        hasOpened = true;
      });
      source.addEventListener('board', (message) =>
        handler.current(parseBoardEvent((message as MessageEvent<string>).data)),
      );
      source.addEventListener('error', () => {
        if (isDisposed || !source) return;
        setStatus('reconnecting');
        if (source.readyState === EventSource.CLOSED) {
          source.close();
          reopenTimer = setTimeout(open, reopenDelayMs(attempt));
          attempt += 1;
        }
      });
    };
    open();

    return () => {
      isDisposed = true;
      if (reopenTimer) clearTimeout(reopenTimer);
      source?.close();
    };
  }, [enabled, url]);

  return status;
}
