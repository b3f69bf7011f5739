import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MOAA_S } from '../instruments/moaa-s.js';
import { DomainValidationError } from '../shared/validation.js';
import { evaluateVitals, groupReadingAlerts } from './evaluate-vitals.js';
import {
  ALERT_CODES,
  DEFAULT_ALERT_THRESHOLDS,
  validateAlertThresholds,
  type AlertThresholdSet,
} from './thresholds.js';

const normal = { systolic: 120, diastolic: 80, heartRate: 72, spo2: 98, respiratoryRate: 14 };
const codes = (
  reading: Parameters<typeof evaluateVitals>[0],
  baseline?: Parameters<typeof evaluateVitals>[1],
): string[] => evaluateVitals(reading, baseline).map((a) => a.code);

describe('evaluateVitals with the default thresholds', () => {
  // Source: clinic defaults (clinical-reference.md section 1: IV stop/alert limits are unconfirmed, shipped as
  // clinic-editable defaults SBP > 180, DBP > 110, HR > 110 or < 50, SpO2 < 92%; issue 5 adds RR and MOAA/S <= 2).
  it('raises nothing for a normal reading', () => {
    expect(evaluateVitals(normal, normal)).toEqual([]);
  });

  it('alerts at systolic 181 and not at 180', () => {
    expect(codes({ ...normal, systolic: 180 })).not.toContain(ALERT_CODES.sbpHigh);
    expect(codes({ ...normal, systolic: 181 })).toContain(ALERT_CODES.sbpHigh);
  });

  it('alerts at diastolic 111 and not at 110', () => {
    expect(codes({ ...normal, diastolic: 110 })).not.toContain(ALERT_CODES.dbpHigh);
    expect(codes({ ...normal, diastolic: 111 })).toContain(ALERT_CODES.dbpHigh);
  });

  it('alerts at heart rate 111 and 49, not at 110 and 50', () => {
    expect(codes({ ...normal, heartRate: 110 })).toEqual([]);
    expect(codes({ ...normal, heartRate: 111 })).toEqual([ALERT_CODES.hrHigh]);
    expect(codes({ ...normal, heartRate: 50 })).toEqual([]);
    expect(codes({ ...normal, heartRate: 49 })).toEqual([ALERT_CODES.hrLow]);
  });

  it('alerts at SpO2 91 and not at 92', () => {
    expect(codes({ ...normal, spo2: 92 })).toEqual([]);
    expect(codes({ ...normal, spo2: 91 })).toEqual([ALERT_CODES.spo2Low]);
  });

  it('alerts at respiratory rate 7 and 25, not at 8 and 24', () => {
    expect(codes({ ...normal, respiratoryRate: 8 })).toEqual([]);
    expect(codes({ ...normal, respiratoryRate: 7 })).toEqual([ALERT_CODES.rrLow]);
    expect(codes({ ...normal, respiratoryRate: 24 })).toEqual([]);
    expect(codes({ ...normal, respiratoryRate: 25 })).toEqual([ALERT_CODES.rrHigh]);
  });

  // Source: Chernik DA et al., J Clin Psychopharmacol 1990;10:244-251 (MOAA/S anchors) and the SPRAVATO PI 5.1
  // (a score of 3 or less is moderate or greater sedation): the in-session alert matches the instrument's flag, so a
  // 3 alerts (it did not before issue 10 item 8) and a 4 does not.
  it("alerts at MOAA/S 3 or lower, the instrument's moderate-sedation limit, and not at 4", () => {
    expect(codes({ moaas: 4 })).toEqual([]);
    expect(codes({ moaas: 3 })).toEqual([ALERT_CODES.moaasLow]);
    expect(MOAA_S.score({ 1: 3 }).flags.map((f) => f.code)).toContain('sedation');
    expect(codes({ moaas: 2 })).toEqual([ALERT_CODES.moaasLow]);
    expect(codes({ moaas: 0 })).toEqual([ALERT_CODES.moaasLow]);
  });

  // Source: Spravato PI 5.6 reports rises of >= 40 mmHg systolic and/or >= 25 mmHg diastolic; the alert is a clinic default.
  it('alerts on a systolic rise of 40 over baseline and not 39', () => {
    const baseline = { systolic: 120, diastolic: 80 };
    expect(codes({ systolic: 159, diastolic: 80 }, baseline)).toEqual([]);
    expect(codes({ systolic: 160, diastolic: 80 }, baseline)).toEqual([ALERT_CODES.sbpRise]);
  });

  it('alerts on a diastolic rise of 25 over baseline and not 24', () => {
    const baseline = { systolic: 120, diastolic: 70 };
    expect(codes({ systolic: 125, diastolic: 94 }, baseline)).toEqual([]);
    expect(codes({ systolic: 125, diastolic: 95 }, baseline)).toEqual([ALERT_CODES.dbpRise]);
  });

  it('does not judge a rise without a baseline', () => {
    expect(codes({ systolic: 170, diastolic: 105 })).toEqual([]);
  });

  it('says what was measured, the limit and where the limit comes from', () => {
    const [alert] = evaluateVitals({ ...normal, systolic: 186 });
    expect(alert).toMatchObject({
      code: 'sbp-high',
      value: 186,
      limit: 180,
      severity: 'critical',
      thresholdsVersion: DEFAULT_ALERT_THRESHOLDS.version,
      citation: { status: 'clinic-default' },
    });
    expect(alert?.message).toBe('Systolic BP 186 mmHg is above the limit of 180 mmHg');
  });

  it('raises several alerts from one reading', () => {
    expect(
      codes(
        { systolic: 190, diastolic: 115, heartRate: 120, spo2: 90, respiratoryRate: 6, moaas: 1 },
        { systolic: 130, diastolic: 80 },
      ),
    ).toEqual(['sbp-high', 'dbp-high', 'hr-high', 'spo2-low', 'rr-low', 'moaas-low', 'sbp-rise', 'dbp-rise']);
  });

  it('rejects implausible input with the field named instead of alerting', () => {
    expect(() => evaluateVitals({ systolic: 900, diastolic: 80 })).toThrow(DomainValidationError);
    expect(() => evaluateVitals({ moaas: 7 })).toThrow(
      expect.objectContaining({ issues: [expect.objectContaining({ field: 'reading.moaas' })] }),
    );
  });
});

describe('clinic-edited thresholds', () => {
  it('use the clinic value and skip disabled thresholds', () => {
    const clinic: AlertThresholdSet = {
      version: 'clinic-7',
      thresholds: DEFAULT_ALERT_THRESHOLDS.thresholds.map((t) =>
        t.code === 'sbp-high' ? { ...t, limit: 170 } : t.code === 'hr-high' ? { ...t, enabled: false } : t,
      ),
    };
    const alerts = evaluateVitals({ ...normal, systolic: 171, heartRate: 130 }, undefined, clinic);
    expect(alerts.map((a) => a.code)).toEqual(['sbp-high']);
    expect(alerts[0]?.thresholdsVersion).toBe('clinic-7');
  });

  it('are validated: every threshold needs a citation and a known measure', () => {
    const broken = {
      version: 'x',
      thresholds: [
        { ...DEFAULT_ALERT_THRESHOLDS.thresholds[0]!, citation: { source: '', status: 'clinic-default' as const } },
      ],
    };
    expect(() => validateAlertThresholds(broken)).toThrow(/citation/);
    expect(() => validateAlertThresholds(DEFAULT_ALERT_THRESHOLDS)).not.toThrow();
  });
});

describe('evaluateVitals (property)', () => {
  // Source: clinic defaults, SBP > 180 and SpO2 < 92.
  it('alerts on systolic exactly when it is above 180 and on SpO2 exactly when it is below 92', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 300 }), fc.integer({ min: 50, max: 100 }), (systolic, spo2) => {
        const found = evaluateVitals({ systolic, diastolic: 70, spo2 }).map((a) => a.code);
        expect(found.includes('sbp-high')).toBe(systolic > 180);
        expect(found.includes('spo2-low')).toBe(spo2 < 92);
      }),
    );
  });
});

describe('groupReadingAlerts', () => {
  // Source: clinic default alert limits (clinical-reference.md section 1) and the SPRAVATO PI 5.6 rise over baseline.
  // One reading of 215/125 over a 130/80 baseline crosses four limits: it is one alert to acknowledge, and each
  // limit crossed stays visible inside it (issue 10 item 7).
  it('makes one alert of everything one reading raises, keeping each threshold crossed', () => {
    const alerts = evaluateVitals({ systolic: 215, diastolic: 125 }, { systolic: 130, diastolic: 80 });
    expect(alerts.map((a) => a.code)).toEqual(['sbp-high', 'dbp-high', 'sbp-rise', 'dbp-rise']);
    const grouped = groupReadingAlerts(alerts);
    expect(grouped).toMatchObject({
      severity: 'critical',
      code: 'sbp-high',
      codes: ['sbp-high', 'dbp-high', 'sbp-rise', 'dbp-rise'],
    });
    expect(grouped?.message).toContain('4 limits crossed');
    for (const a of alerts) expect(grouped?.message).toContain(a.message);
  });

  it('raises nothing for a reading inside every limit', () => {
    expect(groupReadingAlerts(evaluateVitals(normal))).toBeUndefined();
  });
});
