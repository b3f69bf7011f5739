import { describe, expect, it } from 'vitest';
import { createRefetchScheduler, reopenDelayMs, type SchedulerTimers } from './refetch-scheduler';

/** A hand-driven clock: timers fire only when the test advances time. */
function manualTimers() {
  let now = 0;
  let nextId = 1;
  const timers = new Map<number, { at: number; run: () => void }>();
  const api: SchedulerTimers & { advance(ms: number): void } = {
    now: () => now,
    setTimeout: (run, ms) => {
      const id = nextId++;
      timers.set(id, { at: now + ms, run });
      return id;
    },
    clearTimeout: (handle) => {
      timers.delete(handle as number);
    },
    advance(ms) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
  return api;
}

/** A scheduler with a 500 ms window on hand-driven timers, counting the refetches it runs. */
function countingScheduler() {
  const timers = manualTimers();
  const run = { timers, refetches: 0, scheduler: createRefetchScheduler(() => (run.refetches += 1), 500, timers) };
  return run;
}

describe('coalescing board refetches', () => {
  it('refetches at once for a lone event', () => {
    const run = countingScheduler();
    run.scheduler.request();
    expect(run.refetches).toBe(1);
  });

  it('turns a burst of events into one immediate and one trailing refetch', () => {
    const run = countingScheduler();
    for (let i = 0; i < 10; i += 1) {
      run.scheduler.request();
      run.timers.advance(20);
    }
    expect(run.refetches).toBe(1);
    run.timers.advance(500);
    expect(run.refetches).toBe(2);
  });

  it('drops a pending refetch when cancelled', () => {
    const run = countingScheduler();
    run.scheduler.request();
    run.scheduler.request();
    run.scheduler.cancel();
    run.timers.advance(1_000);
    expect(run.refetches).toBe(1);
  });

  it('waits longer between attempts to reopen a refused stream, up to 30 s', () => {
    expect([0, 1, 2, 3, 4, 10].map(reopenDelayMs)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });
});
