import { describe, expect, it } from 'vitest';
import { isClinicalStaff, shiftProblem } from './staff-shifts.js';

// Source: issue 4 (chair scheduling, clinic defaults): sessions are staffed by active clinical staff; a shift ends
// after it starts and lasts at most 16 hours.
describe('isClinicalStaff', () => {
  it('counts active nurses, prescribers and therapists', () => {
    for (const role of ['nurse', 'prescriber', 'therapist'])
      expect(isClinicalStaff({ isActive: true, role })).toBe(true);
  });

  it('leaves out admins, the front desk and anyone inactive', () => {
    expect(isClinicalStaff({ isActive: true, role: 'admin' })).toBe(false);
    expect(isClinicalStaff({ isActive: true, role: 'front_desk' })).toBe(false);
    expect(isClinicalStaff({ isActive: false, role: 'nurse' })).toBe(false);
  });
});

describe('shiftProblem', () => {
  const start = new Date('2026-11-02T12:30:00Z');
  const hoursLater = (h: number) => new Date(start.getTime() + h * 3_600_000);

  it('accepts a shift of up to 16 hours', () => {
    expect(shiftProblem(start, hoursLater(11))).toBeUndefined();
    expect(shiftProblem(start, hoursLater(16))).toBeUndefined();
  });

  it('refuses a shift that ends when or before it starts', () => {
    expect(shiftProblem(start, start)).toEqual({
      message: 'A shift ends after it starts.',
      fieldMessage: 'must be after start',
    });
    expect(shiftProblem(start, hoursLater(-1))).toMatchObject({ message: 'A shift ends after it starts.' });
  });

  it('refuses a shift longer than 16 hours', () => {
    expect(shiftProblem(start, hoursLater(16.25))).toEqual({
      message: 'A shift is at most 16 hours.',
      fieldMessage: 'at most 16 hours after start',
    });
  });
});
