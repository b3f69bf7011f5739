import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateDischarge, type DischargeInput } from './discharge.js';
import { DEFAULT_MONITORING_SETTINGS } from './settings.js';

const T0 = Date.parse('2025-03-04T10:00:00Z');
const at = (min: number): Date => new Date(T0 + min * 60_000);

/** Esketamine: last device at 10:00 (minute 0); everything fine at `now`. */
function esketamineAt(nowMin: number, overrides: Partial<DischargeInput> = {}): DischargeInput {
  return {
    modality: 'esketamine-nasal',
    lastDeviceAt: at(0),
    latestVitals: {
      takenAt: at(nowMin - 2),
      systolic: 128,
      diastolic: 82,
      heartRate: 76,
      spo2: 98,
      respiratoryRate: 14,
    },
    baselineVitals: { systolic: 124, diastolic: 80 },
    latestMoaas: { score: 5, at: at(nowMin - 2) },
    clinicallyStable: true,
    ridePresent: true,
    openAlerts: [],
    now: at(nowMin),
    ...overrides,
  };
}

function ivAt(nowMin: number, overrides: Partial<DischargeInput> = {}): DischargeInput {
  const { lastDeviceAt: _unused, ...rest } = esketamineAt(nowMin, overrides);
  return { ...rest, modality: 'iv-ketamine', infusionEndedAt: at(0), ...overrides };
}

const codes = (input: DischargeInput): string[] => evaluateDischarge(input).reasons.map((r) => r.code);

describe('evaluateDischarge for esketamine', () => {
  // Source: Spravato PI boxed warning and 5.1-5.2, and the FDA REMS summary: monitor at least 2 hours, then assess
  // clinical stability. The clock starts at the last device (issue 5).
  it('blocks at 119 minutes after the last device and says how long remains', () => {
    const decision = evaluateDischarge(esketamineAt(119));
    expect(decision.allowed).toBe(false);
    expect(decision.reasons).toEqual([
      expect.objectContaining({
        code: 'monitoring-time-not-reached',
        overridable: false,
        message:
          '119 of the required 120 min after the last device (10:00) have passed; 1 min remain, earliest discharge 12:00.',
      }),
    ]);
    expect(decision.earliestAt).toEqual(at(120));
  });

  it('allows discharge at 120 minutes when the patient is stable', () => {
    expect(evaluateDischarge(esketamineAt(120))).toEqual({
      allowed: true,
      overridden: false,
      reasons: [],
      earliestAt: at(120),
    });
  });

  it('does not let a prescriber override the 2-hour minimum', () => {
    const decision = evaluateDischarge(
      esketamineAt(90, { override: { by: 'dr-lee', at: at(90), reason: 'family emergency' } }),
    );
    expect(decision.allowed).toBe(false);
    expect(decision.overridden).toBe(false);
  });

  it('blocks until the last device is recorded', () => {
    const { lastDeviceAt: _unused, ...noDevice } = esketamineAt(130);
    expect(codes(noDevice)).toContain('dosing-not-complete');
  });

  it('needs MOAA/S 5 (clinic default)', () => {
    const decision = evaluateDischarge(esketamineAt(125, { latestMoaas: { score: 4, at: at(123) } }));
    expect(decision.reasons.map((r) => r.message)).toEqual([
      'MOAA/S is 4; discharge needs 5 (responds readily to name in a normal tone).',
    ]);
  });

  it('needs vital signs within limits, naming the value that is out', () => {
    const decision = evaluateDischarge(
      esketamineAt(125, { latestVitals: { takenAt: at(124), systolic: 184, diastolic: 96, heartRate: 80, spo2: 97 } }),
    );
    expect(decision.allowed).toBe(false);
    expect(decision.reasons[0]?.code).toBe('vitals-out-of-limits');
    expect(decision.reasons[0]?.message).toContain('Systolic BP 184 mmHg is above the limit of 180 mmHg');
    expect(decision.reasons[0]?.message).toContain('Systolic BP rise over baseline is 60 mmHg');
  });

  it('needs vital signs and MOAA/S taken after dosing and within the last 15 minutes', () => {
    const stale = esketamineAt(150, {
      latestVitals: { takenAt: at(130), systolic: 120, diastolic: 80 },
      latestMoaas: { score: 5, at: at(130) },
    });
    expect(codes(stale)).toEqual(['vitals-stale', 'moaas-stale']);
    const early = esketamineAt(125, { latestVitals: { takenAt: at(-10), systolic: 120, diastolic: 80 } });
    expect(codes(early)).toEqual(['vitals-before-monitoring-start']);
    const none = esketamineAt(125, { latestVitals: undefined, latestMoaas: undefined });
    expect(codes(none)).toEqual(['vitals-missing', 'moaas-missing']);
  });

  // Source: Spravato PI 5.8 / 17: no driving until the next day after restful sleep.
  it('lists every unmet condition at once', () => {
    const decision = evaluateDischarge(
      esketamineAt(100, {
        clinicallyStable: false,
        ridePresent: false,
        openAlerts: [{ code: 'sbp-high', message: 'Systolic BP 186 mmHg is above the limit of 180 mmHg' }],
      }),
    );
    expect(decision.reasons.map((r) => r.code)).toEqual([
      'monitoring-time-not-reached',
      'not-clinically-stable',
      'no-ride',
      'open-alerts',
    ]);
    expect(decision.reasons.find((r) => r.code === 'open-alerts')?.message).toBe(
      '1 alert(s) not yet acknowledged: Systolic BP 186 mmHg is above the limit of 180 mmHg.',
    );
  });
});

describe('evaluateDischarge for IV ketamine', () => {
  // Source: clinic default, 30 min after the infusion ends (no guideline fixes it).
  it('blocks at 29 minutes after the infusion ends and allows at 30', () => {
    expect(codes(ivAt(29))).toEqual(['monitoring-time-not-reached']);
    expect(evaluateDischarge(ivAt(30)).allowed).toBe(true);
  });

  it('uses the clinic minimum', () => {
    const settings = { ...DEFAULT_MONITORING_SETTINGS, ivMinimumPostInfusionMin: 60 };
    expect(evaluateDischarge(ivAt(45, { settings })).allowed).toBe(false);
    expect(evaluateDischarge(ivAt(60, { settings })).allowed).toBe(true);
  });

  it('lets a prescriber override the clinic minimum and a missing ride, with a reason, keeping the reasons on record', () => {
    const override = { by: 'dr-lee', at: at(20), reason: 'stable, partner arriving in 5 min' };
    const decision = evaluateDischarge(ivAt(20, { ridePresent: false, override }));
    expect(decision).toMatchObject({ allowed: true, overridden: true, override });
    expect(decision.reasons.map((r) => r.code)).toEqual(['monitoring-time-not-reached', 'no-ride']);
  });

  it('does not let an override skip unacknowledged alerts', () => {
    const override = { by: 'dr-lee', at: at(40), reason: 'ok' };
    expect(evaluateDischarge(ivAt(40, { openAlerts: [{ code: 'spo2-low' }], override })).allowed).toBe(false);
  });

  it('rejects an override without a reason, naming the field', () => {
    expect(() => evaluateDischarge(ivAt(20, { override: { by: 'dr-lee', at: at(20), reason: ' ' } }))).toThrow(
      /override.reason/,
    );
  });
});

describe('evaluateDischarge timing (property)', () => {
  // Source: Spravato PI and REMS, at least 2 hours after the last device.
  it('allows a stable esketamine patient exactly when at least 120 min have passed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 24 * 60 * 60 }), (seconds) => {
        const nowMin = seconds / 60;
        const decision = evaluateDischarge(esketamineAt(nowMin));
        expect(decision.allowed).toBe(nowMin >= 120);
      }),
    );
  });
});
