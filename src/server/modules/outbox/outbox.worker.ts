/**
 * The outbox worker: every few seconds it lets the producers queue what has come due (appointment reminders), then
 * claims due messages one at a time and sends them. State lives in the outbox table, so a restart picks up where
 * the last process stopped, and several processes may run a worker each: a claim is atomic (OutboxRepository.claimNext),
 * so no message is sent twice. Logs carry ids, kinds and channels only: never a recipient or a message text.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { OutboxDeliveryChannel } from '../../db/schema.js';
import type { OutboxRepository } from './outbox.repository.js';
import { retryDelayMs } from './outbox-retry.js';
import { SendError, type Transports } from './outbox-transports.js';

export interface OutboxWorkerOptions {
  readonly intervalMs?: number;
  /** At most this many messages per tick. */
  readonly batchSize?: number;
  /** Work run at the start of each tick (queueing due reminders). */
  readonly beforeSending?: (now: Date) => Promise<unknown>;
  readonly log?: Pick<FastifyBaseLogger, 'info' | 'warn' | 'error'>;
}

/** A message claimed longer ago than this when a worker starts was interrupted mid-send. */
const INTERRUPTED_AFTER_MS = 15 * 60_000;

export class OutboxWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  readonly token = randomUUID();

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly transports: Transports,
    private readonly clock: () => Date,
    private readonly options: OutboxWorkerOptions = {},
  ) {}

  /** The channels this worker can send on (those with settings). */
  get channels(): OutboxDeliveryChannel[] {
    return (Object.keys(this.transports) as OutboxDeliveryChannel[]).filter((c) => this.transports[c] !== undefined);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.outbox.failInterrupted(new Date(this.clock().getTime() - INTERRUPTED_AFTER_MS));
    this.timer = setInterval(() => {
      void this.tick();
    }, this.options.intervalMs ?? 2_000);
    this.timer.unref();
  }

  /** Stops the timer and waits for a tick in progress to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  /** One round: queue what is due, then send up to a batch. Overlapping calls share the round in progress. */
  tick(): Promise<void> {
    this.running ??= this.round().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async round(): Promise<void> {
    try {
      if (this.options.beforeSending) await this.options.beforeSending(this.clock());
      const channels = this.channels;
      for (let i = 0; i < (this.options.batchSize ?? 20) && !this.stopped; i++) {
        const message = await this.outbox.claimNext(channels, this.token, this.clock());
        if (!message) break;
        await this.deliver(message);
      }
    } catch (error) {
      this.options.log?.error({ err: { type: (error as Error)?.name } }, 'outbox round failed');
    }
  }

  private async deliver(message: {
    id: string;
    kind: string;
    channel: OutboxDeliveryChannel;
    recipient: string;
    subject: string | null;
    body: string;
    attempts: number;
  }): Promise<void> {
    const transport = this.transports[message.channel];
    try {
      if (!transport) throw new SendError(`No ${message.channel} settings`, false);
      const { messageId } = await transport.send(
        { recipient: message.recipient, subject: message.subject, body: message.body },
        { id: message.id, attempt: message.attempts },
      );
      await this.outbox.markSent(message.id, this.token, this.clock(), messageId);
      this.options.log?.info(
        { outboxId: message.id, kind: message.kind, channel: message.channel, attempts: message.attempts },
        'message sent',
      );
    } catch (error) {
      const permanent = error instanceof SendError && error.isPermanent;
      const delay = permanent ? null : retryDelayMs(message.attempts);
      const retryAt = delay === null ? null : new Date(this.clock().getTime() + delay);
      const text = error instanceof Error ? error.message : String(error);
      await this.outbox.markAttemptFailed(message.id, this.token, text.slice(0, 500), retryAt);
      this.options.log?.warn(
        {
          outboxId: message.id,
          kind: message.kind,
          channel: message.channel,
          attempts: message.attempts,
          willRetry: retryAt !== null,
          err: { type: (error as Error)?.name },
        },
        'message not sent',
      );
    }
  }
}
