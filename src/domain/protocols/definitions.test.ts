import { describe, expect, it } from 'vitest';
import { PROTOCOLS, getProtocol } from './definitions.js';
import { PROTOCOL_IDS } from './protocol.js';
import { applyProtocolSettings } from './settings.js';
import { previewPlan } from './preview.js';
import { DomainValidationError } from '../shared/validation.js';
import { ruleViolationOf } from '../shared/thrown.js';

describe('protocol definitions', () => {
  it('has every protocol, versioned, with sources and a cited value for every setting', () => {
    for (const id of PROTOCOL_IDS) {
      const p = getProtocol(id);
      expect(p.id).toBe(id);
      expect(p.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(p.sources.length).toBeGreaterThan(0);
      for (const [name, setting] of Object.entries(p.settings)) {
        expect(setting.source.source, `${id}.${name}`).toBeTruthy();
        expect(setting.value).toBeGreaterThanOrEqual(setting.min);
        expect(setting.value).toBeLessThanOrEqual(setting.max);
      }
    }
  });

  it('requires a current consent and a ride home before every session of every protocol', () => {
    for (const p of Object.values(PROTOCOLS)) {
      const codes = p.preSession.map((r) => r.code);
      expect(codes).toContain('consent-current');
      expect(codes).toContain('ride-home');
      expect(codes).toContain('fasting');
    }
  });

  // Source: SPRAVATO US PI section 2 (no food 2 h, no liquids 30 min; nasal steroid/decongestant >= 1 h before;
  // monitoring >= 2 h) and the REMS (enrol before the first treatment).
  it('gives esketamine the label fasting rule, nasal-medication timing, REMS enrolment and 2 hours of monitoring', () => {
    for (const id of ['esketamine-trd', 'esketamine-mdsi'] as const) {
      const p = PROTOCOLS[id];
      expect(p.preSession.find((r) => r.code === 'fasting')?.fasting).toEqual({ noFoodHours: 2, noLiquidsMinutes: 30 });
      expect(p.preSession.find((r) => r.code === 'fasting')?.source.status).toBe('label');
      expect(p.preSession.find((r) => r.code === 'rems-enrolled')?.scope).toBe('first-session');
      expect(p.preSession.map((r) => r.code)).toContain('nasal-medication-timing');
      expect(p.settings.monitoringMin?.value).toBeGreaterThanOrEqual(120);
      expect(p.settings.monitoringMin?.min).toBe(120);
    }
  });

  it('marks the IV fasting rule as a clinic default, not a label rule', () => {
    expect(PROTOCOLS['iv-ketamine-induction'].preSession.find((r) => r.code === 'fasting')?.source.status).toBe(
      'clinic-default',
    );
  });

  it('refuses an unknown protocol id', () => {
    expect(() => getProtocol('ketamine-lozenge')).toThrow(DomainValidationError);
  });
});

describe('applyProtocolSettings', () => {
  // Source: SPRAVATO US PI (monitoring at least 2 hours after administration).
  it('lets a clinic lengthen esketamine monitoring but never shorten it below the label 120 minutes', () => {
    const longer = applyProtocolSettings(PROTOCOLS['esketamine-trd'], { monitoringMin: 150 });
    expect(longer.version).toBe('1.1.0+clinic');
    expect(longer.settings.monitoringMin?.source.status).toBe('clinic-default');
    expect(
      previewPlan({
        protocol: longer,
        startDate: '2025-03-03',
        clinicHours: { 1: { open: '08:00', close: '18:00' }, 4: { open: '08:00', close: '18:00' } },
      }).sessions[0]?.monitoringMin,
    ).toBe(150);
    const shorter = ruleViolationOf(() => applyProtocolSettings(PROTOCOLS['esketamine-trd'], { monitoringMin: 90 }));
    expect(shorter.code).toBe('setting-out-of-range');
    expect(shorter.message).toContain('2 hours');
    expect(shorter.field).toBe('settings.monitoringMin');
  });

  it('refuses to change what the label fixes', () => {
    expect(ruleViolationOf(() => applyProtocolSettings(PROTOCOLS['esketamine-trd'], { firstDoseMg: 84 })).code).toBe(
      'setting-locked',
    );
  });

  it('lets a clinic lower the IV cap, and the preview then refuses doses above it', () => {
    const capped = applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], {
      capMgPerKg: 0.75,
      titrationSteps: [0.5, 0.6, 0.75],
    });
    expect(capped.titrationSteps).toEqual([0.5, 0.6, 0.75]);
    expect(
      ruleViolationOf(() =>
        previewPlan({
          protocol: capped,
          startDate: '2025-03-03',
          weightKg: 70,
          options: { mgPerKg: 1 },
          clinicHours: { 1: { open: '08:00', close: '18:00' } },
        }),
      ).code,
    ).toBe('dose-above-cap-per-kg');
  });

  it('checks titration steps and names unknown settings', () => {
    expect(
      ruleViolationOf(() => applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], { titrationSteps: [0.5, 1.5] }))
        .code,
    ).toBe('setting-out-of-range');
    try {
      applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], {
        titrationSteps: [0.75, 0.5],
        speed: 3,
        sessions: 'six',
      });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'settings.titrationSteps',
        'settings.speed',
        'settings.sessions',
      ]);
    }
  });
});

describe('clinic settings stay inside the cited antidepressant range (issue 10 item 4)', () => {
  // Source: Zanos P et al., Pharmacol Rev 2018;70:621-660, Table 1: 0.5 mg/kg IV over 40 min is the antidepressant
  // (subanaesthetic) dose, studied up to about 1 mg/kg; 1-2 mg/kg IV is anaesthetic induction. Sanacora et al.,
  // JAMA Psychiatry 2017: 0.5 mg/kg over 40 minutes.
  it('refuses an IV cap of 2 mg/kg, naming the setting and the reason, where it used to accept it', () => {
    for (const id of ['iv-ketamine-induction', 'iv-ketamine-maintenance'] as const) {
      const error = ruleViolationOf(() => applyProtocolSettings(PROTOCOLS[id], { capMgPerKg: 2 }));
      expect(error.code).toBe('setting-out-of-range');
      expect(error.field).toBe('settings.capMgPerKg');
      expect(error.message).toMatch(/anaesthetic dosing, Zanos/);
      expect(PROTOCOLS[id].settings.capMgPerKg?.rangeSource?.source).toMatch(/Zanos/);
    }
  });

  it('refuses a 20-minute infusion: the studied antidepressant infusion runs 40 minutes', () => {
    const error = ruleViolationOf(() => applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], { infusionMin: 20 }));
    expect(error.field).toBe('settings.infusionMin');
    expect(error.message).toMatch(/40 minutes/);
  });

  it('still lets a clinic titrate inside the range (cap 1 mg/kg, 60-minute infusions)', () => {
    const p = applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], {
      capMgPerKg: 1,
      defaultMgPerKg: 0.75,
      infusionMin: 60,
    });
    expect(p.settings.infusionMin?.value).toBe(60);
  });

  // Source: Cohen SP et al., Reg Anesth Pain Med 2018 (ASRA/AAPM/ASA): "low-dose" infusion is at most 1 mg/kg/h.
  it('keeps the chronic-pain infusion rate at low-dose ketamine (at most 1 mg/kg/h)', () => {
    const error = ruleViolationOf(() => applyProtocolSettings(PROTOCOLS['iv-ketamine-pain'], { capMgPerKgPerHour: 2 }));
    expect(error.field).toBe('settings.capMgPerKgPerHour');
    expect(error.message).toMatch(/low-dose/);
  });

  it('bounds every shipped IV dose setting at or below the cited antidepressant / low-dose limit', () => {
    for (const id of ['iv-ketamine-induction', 'iv-ketamine-maintenance'] as const) {
      expect(PROTOCOLS[id].settings.capMgPerKg?.max).toBeLessThanOrEqual(1);
      expect(PROTOCOLS[id].settings.defaultMgPerKg?.max).toBeLessThanOrEqual(1);
      expect(PROTOCOLS[id].settings.infusionMin?.min).toBeGreaterThanOrEqual(40);
    }
    expect(PROTOCOLS['iv-ketamine-pain'].settings.capMgPerKgPerHour?.max).toBeLessThanOrEqual(1);
  });
});
