import { describe, expect, it } from 'vitest';
import { describeCountdown, formatDuration, msUntil } from './rems-format';

describe('the REMS deadline countdown', () => {
  // SPRAVATO REMS: the Patient Monitoring Form is due within 7 days of the session (src/domain/rems/rules.ts).
  const dischargedAt = '2026-11-02T17:04:00.000Z';
  const deadline = '2026-11-09T17:04:00.000Z';

  it('counts from the server clock, plus the time since the list arrived', () => {
    expect(msUntil(deadline, dischargedAt)).toBe(7 * 24 * 3_600_000);
    expect(msUntil(deadline, dischargedAt, 60_000)).toBe(7 * 24 * 3_600_000 - 60_000);
  });

  it('shows the two largest units, rounded down', () => {
    expect(formatDuration(7 * 24 * 3_600_000 - 60_000)).toBe('6 d 23 h');
    expect(formatDuration(5 * 3_600_000 + 12 * 60_000 + 59_000)).toBe('5 h 12 min');
    expect(formatDuration(3 * 60_000 + 30_000)).toBe('3 min');
    expect(formatDuration(0)).toBe('0 min');
  });

  it('says time left before the deadline and overdue after it', () => {
    expect(describeCountdown(msUntil(deadline, '2026-11-09T17:03:00.000Z'))).toBe('1 min left');
    expect(describeCountdown(msUntil(deadline, deadline))).toBe('0 min left');
    expect(describeCountdown(msUntil(deadline, '2026-11-09T19:09:00.000Z'))).toBe('overdue by 2 h 5 min');
  });
});
