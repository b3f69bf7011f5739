import { describe, expect, it } from 'vitest';
import { getProtocol } from '../protocols/index.js';
import { minimumDaysBetween, sessionReminders, spacingConflict } from './booking-rules.js';

describe('minimumDaysBetween', () => {
  it("reads the protocol's spacing: 48 h for the IV induction is 2 days", () => {
    // src/domain/protocols/README.md: IV induction >= 48 h apart (clinic default, issue 4).
    expect(minimumDaysBetween(getProtocol('iv-ketamine-induction'))).toBe(2);
    expect(minimumDaysBetween(getProtocol('esketamine-trd'))).toBe(
      getProtocol('esketamine-trd').settings.minDaysBetween!.value,
    );
  });
});

describe('spacingConflict', () => {
  const booked = [
    { sessionNumber: 1, date: '2026-11-02' },
    { sessionNumber: 3, date: '2026-11-06' },
  ];
  it('finds a booked session closer than the minimum, before or after', () => {
    expect(spacingConflict('2026-11-03', booked, 2)).toEqual({
      sessionNumber: 1,
      date: '2026-11-02',
      daysApart: 1,
      minimumDays: 2,
    });
    expect(spacingConflict('2026-11-05', booked, 2)).toMatchObject({ sessionNumber: 3, daysApart: 1 });
  });
  it('allows exactly the minimum', () => {
    expect(spacingConflict('2026-11-04', booked, 2)).toBeUndefined();
  });
});

describe('sessionReminders', () => {
  // Spravato label: no food 2 h, no liquids 30 min; REMS enrolment before the first session.
  it('lists what is missing for an esketamine session, REMS only before session 1', () => {
    const first = sessionReminders(getProtocol('esketamine-trd'), 1, new Map(), false);
    expect(first.complete).toBe(false);
    expect(first.items.map((i) => i.code)).toEqual([
      'consent-current',
      'rems-enrolled',
      'ride-home',
      'fasting',
      'nasal-medication-timing',
    ]);
    expect(first.items.find((i) => i.code === 'fasting')?.fasting).toEqual({ noFoodHours: 2, noLiquidsMinutes: 30 });
    const later = sessionReminders(getProtocol('esketamine-trd'), 2, new Map(), true);
    expect(later.items.map((i) => i.code)).not.toContain('rems-enrolled');
    expect(later.items.find((i) => i.code === 'consent-current')).toMatchObject({
      status: 'confirmed',
      automatic: true,
    });
  });

  it('is complete when consent is current and staff confirmed the rest', () => {
    const at = new Date('2026-11-02T13:00:00Z');
    const confirmations = new Map([
      ['ride-home', { at, by: 'u1' }],
      ['fasting', { at, by: 'u1' }],
    ]);
    const reminders = sessionReminders(getProtocol('iv-ketamine-induction'), 2, confirmations, true);
    expect(reminders).toMatchObject({ complete: true, missing: [] });
    expect(reminders.items.find((i) => i.code === 'ride-home')).toMatchObject({
      status: 'confirmed',
      confirmedAt: at.toISOString(),
      confirmedBy: 'u1',
    });
  });

  it('agrees with the session checklist: a recorded REMS enrolment and a ride confirmed at check-in count, without a hand confirmation', () => {
    // SPRAVATO REMS: the patient is enrolled before the first treatment; the checklist reads the enrolment record
    // (issue 14: the day schedule showed REMS and ride MISSING while the checklist showed PASS).
    const at = new Date('2026-11-02T13:00:00Z');
    const fromRecords = new Map([
      ['rems-enrolled', { at, by: 'u2' }],
      ['ride-home', { at, by: 'u3' }],
    ]);
    const reminders = sessionReminders(getProtocol('esketamine-trd'), 1, new Map(), true, fromRecords);
    expect(reminders.items.find((i) => i.code === 'rems-enrolled')).toMatchObject({
      status: 'confirmed',
      automatic: true,
      confirmedBy: 'u2',
    });
    expect(reminders.items.find((i) => i.code === 'ride-home')).toMatchObject({
      status: 'confirmed',
      automatic: true,
      confirmedBy: 'u3',
    });
    expect(reminders.missing).toEqual(expect.not.arrayContaining(['Enrolled in the SPRAVATO REMS']));
    const handConfirmed = sessionReminders(
      getProtocol('esketamine-trd'),
      1,
      new Map([['ride-home', { at, by: 'u1' }]]),
      true,
      fromRecords,
    );
    expect(handConfirmed.items.find((i) => i.code === 'ride-home')).toMatchObject({
      automatic: false,
      confirmedBy: 'u1',
    });
  });

  it('never takes a hand confirmation for consent', () => {
    const reminders = sessionReminders(
      getProtocol('iv-ketamine-induction'),
      2,
      new Map([['consent-current', { at: new Date('2026-11-02T15:00:00Z'), by: 'u1' }]]),
      false,
    );
    expect(reminders.missing).toContain('Current consent signed');
  });
});
