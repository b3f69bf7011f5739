import { describe, expect, it } from 'vitest';
import { formStatus } from './form-status.js';
import { remsSessionEnd } from './session-end.js';

// Source: SPRAVATO REMS (FDA REMS page, last update 12/31/2024) and the Patient Monitoring Form: a form is
// completed for each treatment session and submitted within 7 days, however the session ended.
const at = (hhmm: string) => new Date(`2026-11-02T${hhmm}:00Z`);
const base = {
  devicesAdministeredAt: [at('15:00'), at('15:05')],
  scheduleStatus: 'scheduled',
  scheduledEndsAt: at('17:30'),
  clinicDayEndsAt: new Date('2026-11-03T05:00:00Z'),
  now: at('18:00'),
};

describe('remsSessionEnd (issue 10 item 15)', () => {
  it('a discharge ends the session at the discharge', () => {
    expect(remsSessionEnd({ ...base, dischargedAt: at('17:10') })).toEqual({
      ended: true,
      how: 'discharged',
      endedAt: at('17:10'),
    });
  });

  it('a session the schedule marks completed has ended, even with nothing recorded on the treatment day', () => {
    expect(remsSessionEnd({ ...base, devicesAdministeredAt: [], scheduleStatus: 'completed' })).toEqual({
      ended: true,
      how: 'completed-in-schedule',
      endedAt: at('17:30'),
    });
    expect(remsSessionEnd({ ...base, scheduleStatus: 'completed', lastRecordedAt: at('16:50') })).toMatchObject({
      how: 'completed-in-schedule',
      endedAt: at('16:50'),
    });
  });

  it('a session stopped after a device and never discharged has ended once its clinic day is over, or once the booking is closed', () => {
    expect(remsSessionEnd({ ...base, lastRecordedAt: at('15:20') })).toEqual({ ended: false });
    expect(remsSessionEnd({ ...base, lastRecordedAt: at('15:20'), now: new Date('2026-11-03T05:00:00Z') })).toEqual({
      ended: true,
      how: 'stopped-early',
      endedAt: at('15:20'),
    });
    expect(remsSessionEnd({ ...base, scheduleStatus: 'cancelled', lastRecordedAt: at('15:20') })).toMatchObject({
      ended: true,
      how: 'stopped-early',
    });
  });

  it('no device and not completed: no form', () => {
    expect(
      remsSessionEnd({
        ...base,
        devicesAdministeredAt: [],
        scheduleStatus: 'cancelled',
        now: new Date('2026-11-04T00:00:00Z'),
      }),
    ).toEqual({ ended: false });
  });

  it('gives every ended session its 7-day deadline', () => {
    const end = remsSessionEnd({ ...base, scheduleStatus: 'completed', lastRecordedAt: at('16:50') });
    if (!end.ended) throw new Error('expected an ended session');
    expect(formStatus(end.endedAt, undefined, at('18:00')).deadline).toEqual(new Date('2026-11-09T16:50:00Z'));
  });
});
