/**
 * The per-process end of the clinic's live channel: one LISTEN (on PostgreSQL a dedicated connection, on PGlite the
 * embedded database), fanned out to this process's subscribers, each receiving only its own clinic's events.
 * If the LISTEN connection is lost it reconnects with backoff, then tells every subscriber to resync (refetch),
 * since whatever was published meanwhile was not heard.
 */
import type { DatabaseHandle } from '../db/database.js';
import { decodeClinicEvent, reconnectDelayMs, RESYNC_TOPIC, type ClinicEvent } from './clinic-event.js';
import { clinicEventChannel } from './clinic-events.repository.js';

export type ClinicEventSubscriber = (event: ClinicEvent) => void;

interface HubLog {
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
}

export interface ClinicEventHubOptions {
  readonly database: Pick<DatabaseHandle, 'db' | 'listen'>;
  readonly log?: HubLog;
  /** First wait before reconnecting, doubled on each failure up to `maxMs`. Default 250 ms … 15 s. */
  readonly backoff?: { readonly initialMs: number; readonly maxMs: number };
}

const silentLog: HubLog = { info: () => undefined, warn: () => undefined };

export class ClinicEventHub {
  private readonly subscribers = new Map<string, Set<ClinicEventSubscriber>>();
  private readonly log: HubLog;
  private readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  private channel: string | undefined;
  private unlisten: (() => Promise<void>) | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private attempt = 0;
  private isStopped = false;
  private listeningChanged: Array<() => void> = [];
  /** How many times LISTEN has succeeded (1 after start; more after reconnections). */
  listenCount = 0;

  constructor(private readonly options: ClinicEventHubOptions) {
    this.log = options.log ?? silentLog;
    this.backoff = options.backoff ?? { initialMs: 250, maxMs: 15_000 };
  }

  get isListening(): boolean {
    return this.unlisten !== undefined;
  }

  get subscriberCount(): number {
    let count = 0;
    for (const set of this.subscribers.values()) count += set.size;
    return count;
  }

  /**
   * Listens. Throws if the channel name cannot be worked out (a misconfigured schema); if only the LISTEN fails, it
   * logs and keeps retrying in the background, so the server still starts.
   */
  async start(): Promise<void> {
    this.channel = await clinicEventChannel(this.options.database.db);
    try {
      await this.connect();
    } catch (error) {
      this.log.warn(
        { err: { type: (error as Error)?.name, message: (error as Error)?.message } },
        'live channel: LISTEN failed; retrying',
      );
      this.scheduleReconnect();
    }
  }

  /** Calls `subscriber` with every event of `clinicId` published anywhere on this database; returns unsubscribe. */
  subscribe(clinicId: string, subscriber: ClinicEventSubscriber): () => void {
    let set = this.subscribers.get(clinicId);
    if (!set) {
      set = new Set();
      this.subscribers.set(clinicId, set);
    }
    set.add(subscriber);
    return () => {
      const current = this.subscribers.get(clinicId);
      current?.delete(subscriber);
      if (current?.size === 0) this.subscribers.delete(clinicId);
    };
  }

  /** Resolves once the hub is listening again after a loss (tests and the benchmark use it). */
  whenListening(): Promise<void> {
    if (this.isListening) return Promise.resolve();
    return new Promise((resolve) => this.listeningChanged.push(resolve));
  }

  async stop(): Promise<void> {
    this.isStopped = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = undefined;
    const unlisten = this.unlisten;
    this.unlisten = undefined;
    this.subscribers.clear();
    if (unlisten) await unlisten();
  }

  private async connect(): Promise<void> {
    const channel = this.channel;
    if (!channel) throw new Error('the live channel has not been started');
    const unlisten = await this.options.database.listen(
      channel,
      (payload) => this.dispatch(payload),
      (error) => this.lost(error),
    );
    if (this.isStopped) {
      await unlisten();
      return;
    }
    this.unlisten = unlisten;
    this.listenCount += 1;
    this.attempt = 0;
    const waiting = this.listeningChanged;
    this.listeningChanged = [];
    for (const resolve of waiting) resolve();
  }

  private dispatch(payload: string): void {
    const event = decodeClinicEvent(payload);
    if (!event) {
      // The payload is not logged: whatever it is, it did not come from publishClinicEvent.
      this.log.warn({ bytes: payload.length }, 'live channel: ignored a notification that is not a clinic event');
      return;
    }
    this.deliver(event.clinicId, event);
  }

  private deliver(clinicId: string, event: ClinicEvent): void {
    const set = this.subscribers.get(clinicId);
    if (!set) return;
    for (const subscriber of [...set]) {
      try {
        subscriber(event);
      } catch (error) {
        this.log.warn({ err: { type: (error as Error)?.name } }, 'live channel: a subscriber failed');
      }
    }
  }

  private lost(error: Error): void {
    this.unlisten = undefined;
    if (this.isStopped) return;
    this.log.warn(
      { err: { type: error.name, message: error.message } },
      'live channel: LISTEN connection lost; reconnecting',
    );
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.isStopped || this.reconnectTimer) return;
    const delay = reconnectDelayMs(this.attempt, this.backoff, Math.random());
    this.attempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      this.connect().then(
        () => {
          if (this.isStopped) return;
          this.log.info({ listenCount: this.listenCount }, 'live channel: listening again');
          this.resyncAll();
        },
        (error: unknown) => {
          this.log.warn(
            { err: { type: (error as Error)?.name, message: (error as Error)?.message } },
            'live channel: reconnection failed; retrying',
          );
          this.scheduleReconnect();
        },
      );
    }, delay);
    this.reconnectTimer.unref();
  }

  /** Events published while we were not listening are lost: every subscriber refetches. */
  private resyncAll(): void {
    for (const clinicId of [...this.subscribers.keys()]) {
      this.deliver(clinicId, {
        id: '00000000-0000-0000-0000-000000000000',
        clinicId,
        topic: RESYNC_TOPIC,
        sessionId: null,
      });
    }
  }
}
