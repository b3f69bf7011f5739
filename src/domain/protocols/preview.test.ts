import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { previewPlan, type PlanPreview, type PlanPreviewInput } from './preview.js';
import { PROTOCOLS } from './definitions.js';
import { PROTOCOL_IDS, type ProtocolId } from './protocol.js';
import { addDays, daysBetween, weekdayOf, type Weekday } from '../scheduling/dates.js';
import type { ClinicHours } from '../scheduling/clinic-hours.js';
import { weekdayHours } from '../scheduling/clinic-hours.testing.js';
import { ruleViolationOf, invalidFieldsOf } from '../shared/thrown.js';

const WEEKDAYS: ClinicHours = { 0: 'closed', ...weekdayHours('08:00', '18:00'), 6: 'closed' };
const MONDAY = '2025-03-03';

/** The preview of a plan starting on Monday 3 March 2025 in a clinic open on weekdays. */
const fromMonday = (protocol: ProtocolId, more: Pick<PlanPreviewInput, 'weightKg' | 'options'> = {}) =>
  previewPlan({ protocol, startDate: MONDAY, clinicHours: WEEKDAYS, ...more });

const inWeeks = (plan: PlanPreview, from: number, to: number) =>
  plan.sessions.filter((s) => s.week >= from && s.week <= to);

// Source: SPRAVATO US PI section 2 (TRD: weeks 1-4 twice weekly, day 1 56 mg then 56 or 84 mg; weeks 5-8 weekly;
// week 9 on every 2 weeks or weekly; 28 mg per device, 5 min apart; monitoring at least 2 hours).
describe('previewPlan: esketamine-trd', () => {
  it('starting on a Monday gives 8 sessions in weeks 1-4 and 4 in weeks 5-8, the first dose 56 mg', () => {
    const plan = fromMonday('esketamine-trd');
    expect(inWeeks(plan, 1, 4)).toHaveLength(8);
    expect(inWeeks(plan, 5, 8)).toHaveLength(4);
    expect(plan.sessions).toHaveLength(12);
    expect(plan.sessions[0]).toEqual({
      number: 1,
      date: MONDAY,
      week: 1,
      phase: 'induction',
      doseMg: 56,
      route: 'intranasal',
      durationMin: 5,
      monitoringMin: 120,
    });
    expect(plan.sessions.map((s) => s.date)).toEqual([
      '2025-03-03',
      '2025-03-06',
      '2025-03-10',
      '2025-03-13',
      '2025-03-17',
      '2025-03-20',
      '2025-03-24',
      '2025-03-27',
      '2025-03-31',
      '2025-04-07',
      '2025-04-14',
      '2025-04-21',
    ]);
    expect(inWeeks(plan, 5, 8).every((s) => s.phase === 'maintenance')).toBe(true);
    expect(plan.warnings).toEqual([]);
  });

  it('uses the chosen induction dose after day 1 and carries it into maintenance', () => {
    const plan = fromMonday('esketamine-trd', { options: { inductionDoseMg: 84 } });
    expect(plan.sessions.map((s) => s.doseMg)).toEqual([56, 84, 84, 84, 84, 84, 84, 84, 84, 84, 84, 84]);
    expect(plan.sessions[1]?.durationMin).toBe(10);
    const lower = fromMonday('esketamine-trd', { options: { inductionDoseMg: 84, maintenanceDoseMg: 56 } });
    expect(lower.sessions.slice(8).every((s) => s.doseMg === 56)).toBe(true);
  });

  it('adds maintenance from week 9 every 2 weeks by default, or weekly', () => {
    const fortnightly = fromMonday('esketamine-trd', { options: { maintenanceWeeks: 8 } });
    expect(fortnightly.sessions.slice(12).map((s) => s.week)).toEqual([9, 11, 13, 15]);
    const weekly = fromMonday('esketamine-trd', { options: { maintenanceWeeks: 8, maintenanceFrequency: 'weekly' } });
    expect(weekly.sessions.slice(12).map((s) => s.week)).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
  });

  it('refuses doses the TRD label schedule does not allow', () => {
    expect(invalidFieldsOf(() => fromMonday('esketamine-trd', { options: { inductionDoseMg: 28 } }))).toEqual([
      'options.inductionDoseMg',
    ]);
    expect(invalidFieldsOf(() => fromMonday('esketamine-trd', { options: { maintenanceDoseMg: 70 } }))).toEqual([
      'options.maintenanceDoseMg',
    ]);
  });

  it('moves a session off a closed day to the next open day in the same week', () => {
    const noThursdays: ClinicHours = { ...WEEKDAYS, 4: 'closed' };
    const plan = previewPlan({ protocol: 'esketamine-trd', startDate: MONDAY, clinicHours: noThursdays });
    expect(plan.sessions[1]?.date).toBe('2025-03-07'); // Friday
    expect(plan.sessions.every((s) => weekdayOf(s.date) !== 4)).toBe(true);
  });

  it('starts on the first open day when the start date is a closed Saturday, keeping 2 days between sessions', () => {
    const plan = previewPlan({ protocol: 'esketamine-trd', startDate: '2025-03-01', clinicHours: WEEKDAYS });
    expect(plan.sessions.slice(0, 2).map((s) => s.date)).toEqual(['2025-03-03', '2025-03-05']);
    expect(inWeeks(plan, 1, 4)).toHaveLength(8);
  });

  it('leaves a session out and warns when a week cannot hold two sessions', () => {
    const mondaysOnly: ClinicHours = { 1: { open: '09:00', close: '17:00' } };
    const plan = previewPlan({ protocol: 'esketamine-trd', startDate: MONDAY, clinicHours: mondaysOnly });
    expect(inWeeks(plan, 1, 4)).toHaveLength(4);
    expect(plan.warnings.filter((w) => w.code === 'week-short')).toHaveLength(4);
  });

  it('refuses clinic hours with no day long enough for dosing plus 2 hours of monitoring', () => {
    const short: ClinicHours = { 1: { open: '09:00', close: '11:00' } };
    expect(
      ruleViolationOf(() => previewPlan({ protocol: 'esketamine-trd', startDate: MONDAY, clinicHours: short })).code,
    ).toBe('no-clinic-day-long-enough');
  });
});

// Source: SPRAVATO US PI section 2 (MDD with acute suicidal ideation: 84 mg twice weekly for 4 weeks, may reduce to 56 mg).
describe('previewPlan: esketamine-mdsi', () => {
  it('plans 84 mg twice weekly for 4 weeks', () => {
    const plan = fromMonday('esketamine-mdsi');
    expect(plan.sessions).toHaveLength(8);
    expect(
      plan.sessions.every(
        (s) => s.doseMg === 84 && s.durationMin === 10 && s.monitoringMin === 120 && s.phase === 'acute',
      ),
    ).toBe(true);
    expect(plan.sessions.at(-1)?.week).toBe(4);
  });

  it('allows 56 mg for tolerability', () => {
    expect(fromMonday('esketamine-mdsi', { options: { doseMg: 56 } }).sessions[3]?.doseMg).toBe(56);
  });
});

// Source: Sanacora et al. 2017 (0.5 mg/kg over 40 min); series length, 48 h spacing and 21-day window are clinic
// defaults (issue 4; clinical-reference section 1).
describe('previewPlan: iv-ketamine-induction', () => {
  it('plans six 0.5 mg/kg infusions on alternate open days within 21 days', () => {
    const plan = fromMonday('iv-ketamine-induction', { weightKg: 70 });
    expect(plan.sessions.map((s) => s.date)).toEqual([
      '2025-03-03',
      '2025-03-05',
      '2025-03-07',
      '2025-03-10',
      '2025-03-12',
      '2025-03-14',
    ]);
    expect(
      plan.sessions.every(
        (s) => s.doseMg === 35 && s.durationMin === 40 && s.monitoringMin === 60 && s.route === 'intravenous',
      ),
    ).toBe(true);
    expect(plan.warnings).toEqual([]);
  });

  it('never plans infusions less than 48 hours apart', () => {
    const plan = fromMonday('iv-ketamine-induction', { weightKg: 70 });
    plan.sessions
      .slice(1)
      .forEach((s, i) => expect(daysBetween(plan.sessions[i]!.date, s.date)).toBeGreaterThanOrEqual(2));
    expect(
      ruleViolationOf(() => fromMonday('iv-ketamine-induction', { weightKg: 70, options: { intervalDays: 1 } })).code,
    ).toBe('spacing-below-minimum');
  });

  it('warns when the series runs past 21 days', () => {
    const plan = fromMonday('iv-ketamine-induction', { weightKg: 70, options: { intervalDays: 4 } });
    expect(plan.warnings.map((w) => w.code)).toEqual(['course-window-exceeded']);
  });

  it('refuses a dose above the cap and warns about a dose off the titration steps', () => {
    const error = ruleViolationOf(() =>
      fromMonday('iv-ketamine-induction', { weightKg: 70, options: { mgPerKg: 1.2 } }),
    );
    expect(error.code).toBe('dose-above-cap-per-kg');
    expect(error.field).toBe('options.mgPerKg');
    const plan = fromMonday('iv-ketamine-induction', { weightKg: 70, options: { mgPerKg: 0.6 } });
    expect(plan.sessions[0]?.doseMg).toBe(42);
    expect(plan.warnings.map((w) => w.code)).toEqual(['off-titration-steps']);
  });

  it('needs a weight', () => {
    expect(invalidFieldsOf(() => fromMonday('iv-ketamine-induction'))).toEqual(['weightKg']);
  });
});

describe('previewPlan: iv-ketamine-maintenance', () => {
  it('plans boosters every 4 weeks by default', () => {
    const plan = fromMonday('iv-ketamine-maintenance', { weightKg: 80 });
    expect(plan.sessions.map((s) => s.date)).toEqual(['2025-03-03', '2025-03-31', '2025-04-28']);
    expect(plan.sessions.every((s) => s.phase === 'maintenance' && s.doseMg === 40)).toBe(true);
  });
});

// Source: Cohen et al., Reg Anesth Pain Med 2018 (CRPS: 0.35 mg/kg/h over 4 hours daily for 10 days).
describe('previewPlan: iv-ketamine-pain', () => {
  it('plans ten 4-hour infusions of 0.35 mg/kg/h and warns where a weekend interrupts the daily course', () => {
    const plan = fromMonday('iv-ketamine-pain', { weightKg: 80 });
    expect(plan.sessions).toHaveLength(10);
    expect(plan.sessions.every((s) => s.doseMg === 112 && s.durationMin === 240)).toBe(true);
    expect(plan.warnings).toEqual([expect.objectContaining({ code: 'course-gap', sessionNumber: 6 })]);
  });

  it('refuses a rate above the cap and clinic days too short for a 4-hour infusion plus monitoring', () => {
    expect(
      ruleViolationOf(() => fromMonday('iv-ketamine-pain', { weightKg: 80, options: { mgPerKgPerHour: 1.5 } })).code,
    ).toBe('dose-above-cap-per-kg-per-hour');
    const mornings: ClinicHours = { 1: { open: '08:00', close: '12:00' }, 3: { open: '08:00', close: '12:00' } };
    expect(
      ruleViolationOf(() =>
        previewPlan({ protocol: 'iv-ketamine-pain', startDate: MONDAY, clinicHours: mornings, weightKg: 80 }),
      ).code,
    ).toBe('no-clinic-day-long-enough');
  });
});

describe('previewPlan: kap', () => {
  it('plans a preparation session, weekly sublingual dosing at the prescribed dose, and integration after each', () => {
    const plan = fromMonday('kap', { options: { doseMg: 150 } });
    expect(plan.therapySessions[0]).toEqual({ date: MONDAY, kind: 'preparation' });
    expect(plan.sessions.map((s) => s.date)).toEqual([
      '2025-03-05',
      '2025-03-12',
      '2025-03-19',
      '2025-03-26',
      '2025-04-02',
      '2025-04-09',
    ]);
    expect(plan.sessions[0]).toMatchObject({ doseMg: 150, route: 'sublingual', durationMin: 15, monitoringMin: 120 });
    expect(plan.therapySessions.filter((t) => t.kind === 'integration').map((t) => t.date)[0]).toBe('2025-03-06');
    expect(plan.therapySessions).toHaveLength(7);
  });

  it('needs the prescriber to set the dose, and a weight for intramuscular dosing', () => {
    expect(invalidFieldsOf(() => fromMonday('kap'))).toEqual(['options.doseMg']);
    expect(invalidFieldsOf(() => fromMonday('kap', { options: { route: 'intramuscular', mgPerKg: 0.5 } }))).toEqual([
      'weightKg',
    ]);
    const im = fromMonday('kap', { weightKg: 70, options: { route: 'intramuscular', mgPerKg: 0.5 } });
    expect(im.sessions[0]).toMatchObject({ doseMg: 35, route: 'intramuscular' });
    expect(ruleViolationOf(() => fromMonday('kap', { options: { doseMg: 400 } })).code).toBe('dose-above-cap');
  });
});

describe('previewPlan: input checks', () => {
  it('names the bad fields', () => {
    expect(
      invalidFieldsOf(() =>
        previewPlan({ protocol: 'esketamine-xyz' as ProtocolId, startDate: MONDAY, clinicHours: WEEKDAYS }),
      ),
    ).toEqual(['protocol']);
    expect(
      invalidFieldsOf(() =>
        previewPlan({
          protocol: 'esketamine-trd',
          startDate: '2025-02-30',
          clinicHours: { 1: { open: '18:00', close: '08:00' } },
          options: { colour: 'blue' },
        }),
      ),
    ).toEqual(['startDate', 'clinicHours.1.close', 'options.colour']);
  });

  it('for any start date and any set of open days, puts every session on an open day with the minimum spacing', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3650 }),
        fc.subarray([0, 1, 2, 3, 4, 5, 6] as Weekday[], { minLength: 1 }),
        fc.constantFrom(...PROTOCOL_IDS),
        (offset, openDays, id) => {
          const hours: ClinicHours = Object.fromEntries(openDays.map((d) => [d, { open: '07:00', close: '19:00' }]));
          const plan = previewPlan({
            protocol: id,
            startDate: addDays('2024-01-01', offset),
            clinicHours: hours,
            weightKg: 75,
            options: id === 'kap' ? { doseMg: 100 } : {},
          });
          const p = PROTOCOLS[id];
          const minDays = p.settings.minHoursBetween
            ? Math.ceil(p.settings.minHoursBetween.value / 24)
            : (p.settings.minDaysBetween?.value ?? 1);
          for (const s of plan.sessions) expect(openDays).toContain(weekdayOf(s.date));
          plan.sessions
            .slice(1)
            .forEach((s, i) => expect(daysBetween(plan.sessions[i]!.date, s.date)).toBeGreaterThanOrEqual(minDays));
        },
      ),
      { numRuns: 300 },
    );
  });
});
