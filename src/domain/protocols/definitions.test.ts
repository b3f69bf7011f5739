import { describe, expect, it } from 'vitest';
import { PROTOCOLS, getProtocol } from './definitions.js';
import { PROTOCOL_IDS } from './protocol.js';
import { applyProtocolSettings } from './settings.js';
import { previewPlan } from './preview.js';
import { DomainValidationError, RuleViolationError } from '../shared/validation.js';

function violationOf(fn: () => unknown): RuleViolationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof RuleViolationError) return error;
    throw error;
  }
  throw new Error('expected a RuleViolationError');
}

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
    expect(PROTOCOLS['iv-ketamine-induction'].preSession.find((r) => r.code === 'fasting')?.source.status).toBe('clinic-default');
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
    expect(previewPlan({ protocol: longer, startDate: '2025-03-03', clinicHours: { 1: { open: '08:00', close: '18:00' }, 4: { open: '08:00', close: '18:00' } } }).sessions[0]?.monitoringMin).toBe(150);
    const shorter = violationOf(() => applyProtocolSettings(PROTOCOLS['esketamine-trd'], { monitoringMin: 90 }));
    expect(shorter.code).toBe('setting-out-of-range');
    expect(shorter.message).toContain('2 hours');
    expect(shorter.field).toBe('settings.monitoringMin');
  });

  it('refuses to change what the label fixes', () => {
    expect(violationOf(() => applyProtocolSettings(PROTOCOLS['esketamine-trd'], { firstDoseMg: 84 })).code).toBe('setting-locked');
  });

  it('lets a clinic lower the IV cap, and the preview then refuses doses above it', () => {
    const capped = applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], { capMgPerKg: 0.75, titrationSteps: [0.5, 0.6, 0.75] });
    expect(capped.titrationSteps).toEqual([0.5, 0.6, 0.75]);
    expect(
      violationOf(() =>
        previewPlan({ protocol: capped, startDate: '2025-03-03', weightKg: 70, options: { mgPerKg: 1 }, clinicHours: { 1: { open: '08:00', close: '18:00' } } }),
      ).code,
    ).toBe('dose-above-cap-per-kg');
  });

  it('checks titration steps and names unknown settings', () => {
    expect(violationOf(() => applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], { titrationSteps: [0.5, 1.5] })).code).toBe('setting-out-of-range');
    try {
      applyProtocolSettings(PROTOCOLS['iv-ketamine-induction'], { titrationSteps: [0.75, 0.5], speed: 3, sessions: 'six' });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual(['settings.titrationSteps', 'settings.speed', 'settings.sessions']);
    }
  });
});
