import { describe, expect, it } from 'vitest';
import { checkWithinClinicHours, openMinutesOn, validateClinicHours, type ClinicHours } from './clinic-hours.js';
import { DomainValidationError } from '../shared/validation.js';

const hours: ClinicHours = { 1: { open: '08:00', close: '17:00' }, 3: { open: '10:00', close: '14:00' }, 0: 'closed' };

describe('clinic hours', () => {
  it('accepts a session that starts at opening and ends at closing', () => {
    expect(checkWithinClinicHours({ date: '2025-03-03', startTime: '08:00', durationMin: 540 }, hours)).toEqual({
      inside: true,
    });
  });

  it('rejects closed days, early starts and late ends, saying which', () => {
    expect(checkWithinClinicHours({ date: '2025-03-04', startTime: '09:00', durationMin: 60 }, hours)).toMatchObject({
      inside: false,
      reason: 'closed-day',
    });
    expect(checkWithinClinicHours({ date: '2025-03-02', startTime: '09:00', durationMin: 60 }, hours)).toMatchObject({
      inside: false,
      reason: 'closed-day',
    });
    expect(checkWithinClinicHours({ date: '2025-03-03', startTime: '07:45', durationMin: 60 }, hours)).toMatchObject({
      inside: false,
      reason: 'starts-before-opening',
    });
    // Source: SPRAVATO US PI (at least 2 h of monitoring): 5 min dosing + 120 min from 12:00 ends 14:05, after 14:00.
    expect(checkWithinClinicHours({ date: '2025-03-05', startTime: '12:00', durationMin: 125 }, hours)).toMatchObject({
      inside: false,
      reason: 'ends-after-closing',
    });
  });

  it('counts open minutes per date', () => {
    expect(openMinutesOn('2025-03-05', hours)).toBe(240);
    expect(openMinutesOn('2025-03-04', hours)).toBe(0);
  });

  it('validates hours from JSON, naming each bad field', () => {
    expect(validateClinicHours({ '1': { open: '08:00', close: '17:00' }, '6': 'closed' })).toEqual({
      1: { open: '08:00', close: '17:00' },
      6: 'closed',
    });
    try {
      validateClinicHours({
        '7': 'closed',
        '1': { open: '8am', close: '17:00' },
        '2': { open: '12:00', close: '09:00' },
        '3': 42,
      });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field).sort()).toEqual([
        'clinicHours.1.open',
        'clinicHours.2.close',
        'clinicHours.3',
        'clinicHours.7',
      ]);
    }
  });
});
