import { describe, expect, it } from 'vitest';
import { MAX_SEND_ATTEMPTS, retryDelayMs } from './outbox-retry.js';

describe('outbox retry backoff', () => {
  it('waits 1, 2, 4, 8, 16, 32 minutes, then at most an hour', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelayMs)).toEqual([
      60_000, 120_000, 240_000, 480_000, 960_000, 1_920_000, 3_600_000,
    ]);
  });

  it('gives up after the last attempt', () => {
    expect(retryDelayMs(MAX_SEND_ATTEMPTS)).toBeNull();
  });
});
