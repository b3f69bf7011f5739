/**
 * The clinic's wall clock. Clinic hours, plan dates and bookings are local ('YYYY-MM-DD', 'YYYY-MM-DDTHH:MM') in the
 * clinic's IANA time zone; the database stores instants (timestamptz). These pure helpers convert between the two
 * with Intl, so the server's own zone never matters.
 */
import { DomainValidationError } from '../../../domain/shared/validation.js';
import { toMinuteNumber, type LocalDateTime } from '../../../domain/scheduling/index.js';
import { wallClockIn } from '../../../domain/session/time.js';

/** A valid IANA time zone name (what Intl accepts), e.g. America/Chicago: for clinic settings and `ketaclinic clinic add`. */
export function isTimeZone(value: string): boolean {
  try {
    wallClockIn(new Date(0), value);
    return true;
  } catch {
    return false;
  }
}

/** Minutes the zone is ahead of UTC at that instant (New York in winter: -300). */
export function utcOffsetMinutes(at: Date, timeZone: string): number {
  const p = wallClockIn(at, timeZone);
  const asUtc = Date.UTC(p.y, p.mo - 1, p.d, p.h, p.mi, p.s);
  return Math.round((asUtc - Math.floor(at.getTime() / 1000) * 1000) / 60_000);
}

/** 'YYYY-MM-DDTHH:MM' on the clinic's wall clock for an instant. */
export function instantToLocal(at: Date, timeZone: string): LocalDateTime {
  const p = wallClockIn(at, timeZone);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}`;
}

/** An instant on the clinic's wall clock with the zone's UTC offset then, to the second: "2026-11-02T10:00:00-05:00". */
export function instantWithOffset(at: Date, timeZone: string): string {
  const p = wallClockIn(at, timeZone);
  const offset = utcOffsetMinutes(at, timeZone);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const sign = offset < 0 ? '-' : '+';
  const zone = `${sign}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${pad(p.y, 4)}-${pad(p.mo)}-${pad(p.d)}T${pad(p.h)}:${pad(p.mi)}:${pad(p.s)}${zone}`;
}

/** The clinic's calendar date at an instant. */
export function localDateOf(at: Date, timeZone: string): string {
  return instantToLocal(at, timeZone).slice(0, 10);
}

/**
 * The instant a local wall-clock time names in the zone. When the clocks go back, the earlier of the two instants;
 * a time skipped when the clocks go forward is refused (DomainValidationError naming `field`).
 */
export function localToInstant(local: LocalDateTime, timeZone: string, field = 'start'): Date {
  const minute = toMinuteNumber(local, field);
  const wallMs = minute * 60_000;
  const candidates = new Set<number>();
  for (const probe of [wallMs - 86_400_000, wallMs, wallMs + 86_400_000]) {
    const offset = utcOffsetMinutes(new Date(probe), timeZone);
    candidates.add(wallMs - offset * 60_000);
  }
  const matching = [...candidates]
    .filter((ms) => instantToLocal(new Date(ms), timeZone) === local)
    .sort((a, b) => a - b);
  if (matching.length === 0) {
    throw new DomainValidationError([
      { field, message: `${local} does not exist in ${timeZone} (the clocks go forward then)` },
    ]);
  }
  return new Date(matching[0]!);
}
