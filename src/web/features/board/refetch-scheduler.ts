/**
 * Coalesces live-channel events into snapshot refetches: the first event refetches at once, further events within
 * `minIntervalMs` of the last refetch cause one more refetch at the end of that interval. A busy clinic (40 chairs
 * writing every 5 s is 8 events a second) then costs a board at most one snapshot per interval, while a lone
 * change still shows within the interval.
 */
export interface RefetchScheduler {
  /** An event arrived. */
  request(): void;
  /** Stop (the page unmounts): a pending refetch is dropped. */
  cancel(): void;
}

export interface SchedulerTimers {
  readonly now: () => number;
  readonly setTimeout: (run: () => void, ms: number) => unknown;
  readonly clearTimeout: (handle: unknown) => void;
}

const browserTimers: SchedulerTimers = {
  now: () => Date.now(),
  setTimeout: (run, ms) => globalThis.setTimeout(run, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};

export function createRefetchScheduler(
  refetch: () => void,
  minIntervalMs: number,
  timers: SchedulerTimers = browserTimers,
): RefetchScheduler {
  let lastRunAt = Number.NEGATIVE_INFINITY;
  let pending: unknown;
  const run = () => {
    pending = undefined;
    lastRunAt = timers.now();
    refetch();
  };
  return {
    request() {
      if (pending !== undefined) return;
      const wait = lastRunAt + minIntervalMs - timers.now();
      if (wait <= 0) run();
      else pending = timers.setTimeout(run, wait);
    },
    cancel() {
      if (pending !== undefined) timers.clearTimeout(pending);
      pending = undefined;
    },
  };
}

/** Wait before the n-th attempt to reopen a stream the browser gave up on: 2 s doubling to 30 s. */
export function reopenDelayMs(attempt: number): number {
  return Math.min(30_000, 2_000 * 2 ** Math.min(attempt, 10));
}
