import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../../../domain/shared/validation.js';
import { instantToLocal, isTimeZone, localDateOf, localToInstant, utcOffsetMinutes } from './clinic-time.js';

describe('clinic wall clock', () => {
  it('reads an instant on the clinic clock, whatever the server zone', () => {
    expect(instantToLocal(new Date('2026-11-02T15:00:00Z'), 'America/New_York')).toBe('2026-11-02T10:00');
    expect(instantToLocal(new Date('2026-07-01T15:00:00Z'), 'America/New_York')).toBe('2026-07-01T11:00');
    expect(localDateOf(new Date('2026-11-03T03:30:00Z'), 'America/New_York')).toBe('2026-11-02');
    expect(instantToLocal(new Date('2026-11-02T15:00:00Z'), 'UTC')).toBe('2026-11-02T15:00');
  });

  it('turns a local time into the instant it names, in winter and in summer', () => {
    expect(localToInstant('2026-11-02T10:00', 'America/New_York').toISOString()).toBe('2026-11-02T15:00:00.000Z');
    expect(localToInstant('2026-07-01T10:00', 'America/New_York').toISOString()).toBe('2026-07-01T14:00:00.000Z');
    expect(localToInstant('2026-07-01T10:00', 'Europe/Berlin').toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(localToInstant('2026-07-01T10:00', 'Asia/Kolkata').toISOString()).toBe('2026-07-01T04:30:00.000Z');
  });

  it('round-trips every quarter hour across a daylight-saving change', () => {
    // 2026-03-08: New York clocks go forward at 02:00; 2026-11-01: back at 02:00.
    for (const day of ['2026-03-08', '2026-11-01']) {
      for (let m = 0; m < 24 * 60; m += 15) {
        const local = `${day}T${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
        if (day === '2026-03-08' && m >= 120 && m < 180) continue;
        expect(instantToLocal(localToInstant(local, 'America/New_York'), 'America/New_York')).toBe(local);
      }
    }
  });

  it('takes the earlier instant of a repeated hour and refuses a skipped one', () => {
    expect(localToInstant('2026-11-01T01:30', 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
    expect(() => localToInstant('2026-03-08T02:30', 'America/New_York', 'sessions.0.start')).toThrow(
      DomainValidationError,
    );
  });

  it('knows offsets and zone names', () => {
    expect(utcOffsetMinutes(new Date('2026-01-15T12:00:00Z'), 'America/New_York')).toBe(-300);
    expect(isTimeZone('America/New_York')).toBe(true);
    expect(isTimeZone('Mars/Olympus_Mons')).toBe(false);
  });

  it('refuses a malformed local time, naming the field', () => {
    expect(() => localToInstant('2026-11-02 10:00', 'UTC', 'start')).toThrow(/start/);
  });
});
