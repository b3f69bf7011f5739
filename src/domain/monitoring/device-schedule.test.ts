import { describe, expect, it } from 'vitest';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';
import { assertDeviceMayBeGiven, deviceSchedule } from './device-schedule.js';

const T0 = Date.parse('2025-03-04T09:00:00Z');
const at = (min: number, sec = 0): Date => new Date(T0 + min * 60_000 + sec * 1000);

// Source: Spravato PI / Instructions for Use: 28 mg per device; wait 5 minutes after each device.
// Source: Spravato PI and REMS: monitor at least 2 hours; issue 5 starts the clock at the last device.
describe('deviceSchedule', () => {
  it('lets the first device go at once', () => {
    expect(deviceSchedule([], 2, at(0))).toMatchObject({
      givenCount: 0,
      allGiven: false,
      nextDeviceNumber: 1,
      nextDeviceAllowedAt: null,
      canGiveNextDeviceNow: true,
      msUntilNextDevice: 0,
      monitoringStartsAt: null,
      monitoringEndsAt: null,
    });
  });

  it('counts down 5 minutes to the next device', () => {
    const s = deviceSchedule([at(0)], 3, at(3, 30));
    expect(s).toMatchObject({
      nextDeviceNumber: 2,
      nextDeviceAllowedAt: at(5),
      canGiveNextDeviceNow: false,
      msUntilNextDevice: 90_000,
    });
  });

  it('allows the next device exactly 5 minutes after the previous one', () => {
    expect(deviceSchedule([at(0)], 2, at(4, 59)).canGiveNextDeviceNow).toBe(false);
    expect(deviceSchedule([at(0)], 2, at(5)).canGiveNextDeviceNow).toBe(true);
  });

  it('starts the 120-minute monitoring clock at the last device once all are given', () => {
    const s = deviceSchedule([at(0), at(5), at(11)], 3, at(30));
    expect(s).toMatchObject({
      allGiven: true,
      nextDeviceNumber: null,
      nextDeviceAllowedAt: null,
      canGiveNextDeviceNow: false,
      monitoringStartsAt: at(11),
      monitoringEndsAt: at(131),
      msUntilMonitoringEnds: 101 * 60_000,
    });
  });

  it('reports a device recorded too soon after the previous one, for review', () => {
    expect(deviceSchedule([at(0), at(3)], 2, at(10)).intervalIssues).toEqual([
      { deviceNumber: 2, minutesAfterPrevious: 3 },
    ]);
  });

  it('sorts devices recorded out of order', () => {
    expect(deviceSchedule([at(5), at(0)], 2, at(10)).monitoringStartsAt).toEqual(at(5));
  });

  it('rejects more devices than planned, future times and impossible device counts', () => {
    expect(() => deviceSchedule([at(0), at(5), at(10)], 2, at(20))).toThrow(DomainValidationError);
    expect(() => deviceSchedule([at(30)], 2, at(20))).toThrow(/devicesAdministeredAt.0: is later than now/);
    expect(() => deviceSchedule([], 4, at(0))).toThrow(/totalDevices/);
  });
});

describe('assertDeviceMayBeGiven', () => {
  it('refuses a device before the 5 minutes are up, saying when it is allowed', () => {
    expect(() => assertDeviceMayBeGiven([at(0)], 2, at(4))).toThrow(RuleViolationError);
    expect(() => assertDeviceMayBeGiven([at(0)], 2, at(4))).toThrow(/2025-03-04T09:05:00.000Z/);
    expect(() => assertDeviceMayBeGiven([at(0)], 2, at(5))).not.toThrow();
  });

  it('refuses a device beyond the planned dose', () => {
    expect(() => assertDeviceMayBeGiven([at(0), at(5)], 2, at(20))).toThrow(
      expect.objectContaining({ code: 'all-devices-given' }),
    );
  });
});
