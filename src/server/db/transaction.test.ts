import { describe, expect, it } from 'vitest';
import { TRANSACTION_ATTEMPTS, withRetry } from './transaction.js';

const noWait = async (): Promise<void> => {};
const failing = (code: string) => Object.assign(new Error('refused'), { code });

describe('a transaction PostgreSQL rolled back for a deadlock is run again', () => {
  it('runs it again after a deadlock (40P01) and returns what the next attempt gives', async () => {
    let attempts = 0;
    const result = await withRetry(async () => {
      attempts++;
      if (attempts === 1) throw failing('40P01');
      return 'booked';
    }, noWait);
    expect(result).toBe('booked');
    expect(attempts).toBe(2);
  });

  it('runs it again after a serialization failure (40001)', async () => {
    let attempts = 0;
    await withRetry(async () => {
      if (++attempts < 3) throw failing('40001');
    }, noWait);
    expect(attempts).toBe(3);
  });

  it(`gives up after ${TRANSACTION_ATTEMPTS} attempts and passes the last error on`, async () => {
    let attempts = 0;
    await expect(
      withRetry(async () => {
        attempts++;
        throw failing('40P01');
      }, noWait),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(attempts).toBe(TRANSACTION_ATTEMPTS);
  });

  it('never repeats work that failed for any other reason (a refused double booking, a bug)', async () => {
    for (const error of [failing('23P01'), failing('23505'), new Error('no code')]) {
      let attempts = 0;
      await expect(
        withRetry(async () => {
          attempts++;
          throw error;
        }, noWait),
      ).rejects.toBe(error);
      expect(attempts).toBe(1);
    }
  });

  it('waits a little longer before each new attempt, so the rivals do not meet again', async () => {
    const waits: number[] = [];
    await expect(
      withRetry(
        async () => {
          throw failing('40P01');
        },
        async (ms) => {
          waits.push(ms);
        },
      ),
    ).rejects.toMatchObject({ code: '40P01' });
    expect(waits).toHaveLength(TRANSACTION_ATTEMPTS - 1);
    for (const [i, ms] of waits.entries()) {
      expect(ms).toBeGreaterThanOrEqual(1);
      expect(ms).toBeLessThanOrEqual(10 * (i + 1));
    }
  });
});
