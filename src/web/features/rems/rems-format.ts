/**
 * The arithmetic the REMS page shows: the time left to a form's 7-day deadline, counted from the server's clock
 * (`generatedAt` of the list) plus the time since the list arrived, so a browser whose clock is off does not move it.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds to the deadline: positive before it, negative after. */
export function msUntil(deadline: string, serverNow: string, elapsedSinceServerNowMs = 0): number {
  return Date.parse(deadline) - (Date.parse(serverNow) + elapsedSinceServerNowMs);
}

/** "6 d 23 h", "5 h 12 min", "3 min": the largest two units, rounded down. */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, Math.abs(ms));
  const days = Math.floor(abs / DAY);
  const hours = Math.floor((abs % DAY) / HOUR);
  const minutes = Math.floor((abs % HOUR) / MINUTE);
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  return `${minutes} min`;
}

/** "6 d 23 h left" before the deadline, "overdue by 2 h 5 min" after it. */
export function describeCountdown(ms: number): string {
  return ms >= 0 ? `${formatDuration(ms)} left` : `overdue by ${formatDuration(ms)}`;
}

export const STATUS_LABELS = { due: 'Due', overdue: 'Overdue', submitted: 'Submitted' } as const;
