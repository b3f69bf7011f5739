import { describe, expect, it } from 'vitest';
import { getProtocol } from '../protocols/index.js';
import { dueReminders, preparationFromProtocol, preparationSteps, reminderHorizonMin } from './reminders.js';

const start = new Date('2026-11-10T15:00:00Z');
const hoursBefore = (h: number) => new Date(start.getTime() - h * 3_600_000);

describe('appointment reminders', () => {
  // Source: clinic default (issue 14): reminders 48 h and 2 h before each visit.
  it('is due 48 hours before, then 2 hours before, and never once the visit has started', () => {
    expect(dueReminders(start, hoursBefore(49))).toEqual([]);
    expect(dueReminders(start, hoursBefore(48))).toEqual(['48h']);
    expect(dueReminders(start, hoursBefore(3))).toEqual(['48h']);
    expect(dueReminders(start, hoursBefore(2))).toEqual(['2h']);
    expect(dueReminders(start, hoursBefore(0.5))).toEqual(['2h']);
    expect(dueReminders(start, start)).toEqual([]);
  });

  it('sends only the 2-hour reminder for a visit booked an hour ahead', () => {
    expect(dueReminders(start, hoursBefore(1))).toEqual(['2h']);
  });

  it('looks 48 hours ahead', () => {
    expect(reminderHorizonMin()).toBe(2880);
  });
});

describe('preparation before a dosing visit', () => {
  // Source: SPRAVATO prescribing information, Dosage and Administration (no food for at least 2 hours, no liquids
  // for at least 30 minutes before dosing) and Warnings and Precautions 5.8 / Patient Counseling 17 (no driving
  // until the next day after a restful sleep).
  it('tells an esketamine patient: no food 2 h, no liquids 30 min, a ride home, each citing the label', () => {
    const steps = preparationSteps('esketamine-nasal');
    expect(steps.map((s) => s.code)).toEqual(['no-food', 'no-liquids', 'ride-home']);
    expect(steps[0]?.text).toMatch(/2 hours/);
    expect(steps[1]?.text).toMatch(/30 minutes/);
    expect(steps.every((s) => s.citation.status === 'label' && /SPRAVATO/.test(s.citation.source))).toBe(true);
  });

  it('asks IV ketamine patients for a ride home as a clinic default, and nothing for a consultation', () => {
    expect(preparationSteps('iv-ketamine')).toEqual([
      expect.objectContaining({ code: 'ride-home', citation: expect.objectContaining({ status: 'clinic-default' }) }),
    ]);
    expect(preparationSteps(null)).toEqual([]);
  });
});

describe("preparation from a plan's protocol", () => {
  // Source: SPRAVATO prescribing information, Dosage and Administration (no food 2 h, no liquids 30 min; nasal
  // corticosteroid or decongestant at least 1 h before) and 5.8 (no driving until the next day).
  it('gives an esketamine plan the label instructions: fasting, nasal sprays, a ride home', () => {
    const steps = preparationFromProtocol(getProtocol('esketamine-trd').preSession);
    expect(steps.map((s) => s.code)).toEqual(['fasting', 'nasal-medication-timing', 'ride-home']);
    expect(steps[0]?.text).toMatch(/2 hours .* 30 minutes/);
    expect(steps[0]?.citation.status).toBe('label');
  });

  // Source: clinic default fasting for racemic ketamine (no consensus value), as the day schedule checks it.
  it('gives an IV ketamine plan the clinic default fasting and a ride home, not the REMS or consent items', () => {
    const steps = preparationFromProtocol(getProtocol('iv-ketamine-induction').preSession);
    expect(steps.map((s) => s.code)).toEqual(['fasting', 'ride-home']);
    expect(steps[0]?.text).toMatch(/4 hours .* 1 hour/);
    expect(steps[0]?.citation.status).toBe('clinic-default');
  });
});
