import { describe, expect, it } from 'vitest';
import { canOverride, esketamineIndicationsEstablished, evaluateEligibility } from './evaluate.js';
import { DEFAULT_ELIGIBILITY_RULES, SHIPPED_RULE_SET_VERSION, applyClinicOverrides } from './rules.js';
import { ruleViolationOf } from '../shared/thrown.js';
import { TWO_FAILED_TRIALS } from './trials.testing.js';

const trdAdult = {
  age: 45,
  systolic: 122,
  diastolic: 78,
  pregnant: false,
  diagnoses: ['F33.2'],
  trials: TWO_FAILED_TRIALS,
  medications: ['sertraline'],
};

describe('missing facts are not "eligible" (issue 10, item 10)', () => {
  // Source: SPRAVATO US PI section 8.4 (not approved under 18), Warnings: Increase in Blood Pressure (assess BP
  // before dosing), Embryo-fetal Toxicity and section 8.1 (not recommended in pregnancy). A rule that cannot be
  // applied because its fact is missing must not pass silently: before 2.0.0 these facts gave `eligible`.
  it('asks for a review naming age, blood pressure and pregnancy status when none is recorded', () => {
    const result = evaluateEligibility('esketamine-nasal', { diagnoses: ['F33.2'], trials: TWO_FAILED_TRIALS });
    expect(result.decision).toBe('review');
    expect(result.reasons.map((r) => r.code)).toEqual([
      'age-not-recorded',
      'pregnancy-status-not-recorded',
      'blood-pressure-not-recorded',
    ]);
    expect(result.reasons.map((r) => r.message.split('.')[0])).toEqual([
      'Not recorded: age',
      'Not recorded: pregnancy status, nor whether the patient can become pregnant',
      'Not recorded: blood pressure',
    ]);
  });

  it('treats pregnancy status "unknown" for someone who can become pregnant as a review reason for esketamine', () => {
    const result = evaluateEligibility('esketamine-nasal', {
      ...trdAdult,
      pregnant: undefined,
      canBecomePregnant: true,
    });
    expect(result.decision).toBe('review');
    expect(result.reasons[0]).toMatchObject({ code: 'pregnancy-status-not-recorded', severity: 'relative' });
    expect(result.reasons[0]?.source.detail).toContain('8.1');
  });

  it('needs no pregnancy status from someone who cannot become pregnant', () => {
    expect(
      evaluateEligibility('esketamine-nasal', { ...trdAdult, pregnant: undefined, canBecomePregnant: false }).decision,
    ).toBe('eligible');
  });

  it('does not ask for a fact whose rule the clinic turned off (racemic ketamine, clinic defaults)', () => {
    const rules = applyClinicOverrides({ 'iv-ketamine': { 'age-under-minimum': { enabled: false } } });
    const codes = evaluateEligibility('iv-ketamine', { ...trdAdult, age: undefined }, rules).reasons.map((r) => r.code);
    expect(codes).not.toContain('age-not-recorded');
  });
});

describe('locked means locked: esketamine label rules can only be made stricter (issue 10, item 11)', () => {
  // Source: SPRAVATO US PI section 8.4 (adults only), section 8.1 and Warnings: Embryo-fetal Toxicity (pregnancy),
  // Warnings: Increase in Blood Pressure (> 140/90 mmHg as a general guide), section 1 (indications).
  it('refuses the settings that made a 12-year-old, pregnant, BP 200/120, PTSD only come back eligible', () => {
    const weakenings = [
      [
        { 'blood-pressure-elevated': { threshold: { systolicAbove: 250, diastolicAbove: 150 } } },
        'overrides.esketamine-nasal.blood-pressure-elevated.threshold.systolicAbove',
      ],
      [
        { 'blood-pressure-elevated': { threshold: { diastolicAbove: 150 } } },
        'overrides.esketamine-nasal.blood-pressure-elevated.threshold.diastolicAbove',
      ],
      [{ 'age-under-minimum': { enabled: false } }, 'overrides.esketamine-nasal.age-under-minimum.enabled'],
      [
        { 'age-under-minimum': { threshold: { minAgeYears: 12 } } },
        'overrides.esketamine-nasal.age-under-minimum.threshold.minAgeYears',
      ],
      [{ pregnancy: { enabled: false } }, 'overrides.esketamine-nasal.pregnancy.enabled'],
      [{ pregnancy: { blocking: false } }, 'overrides.esketamine-nasal.pregnancy.blocking'],
      [{ pregnancy: { severity: 'info' } }, 'overrides.esketamine-nasal.pregnancy.severity'],
      [
        { 'esketamine-indication-not-established': { enabled: false } },
        'overrides.esketamine-nasal.esketamine-indication-not-established.enabled',
      ],
      [
        { 'blood-pressure-not-recorded': { severity: 'info' } },
        'overrides.esketamine-nasal.blood-pressure-not-recorded.severity',
      ],
      [{ 'medication-unrecognised': { enabled: false } }, 'overrides.esketamine-nasal.medication-unrecognised.enabled'],
    ] as const;
    for (const [change, field] of weakenings) {
      const error = ruleViolationOf(() => applyClinicOverrides({ 'esketamine-nasal': change }));
      expect(error.code, field).toBe('label-rule-locked');
      expect(error.field).toBe(field);
    }
    const child = { age: 12, pregnant: true, systolic: 200, diastolic: 120, diagnoses: ['F43.10'] };
    const result = evaluateEligibility('esketamine-nasal', child);
    expect(result.decision).toBe('ineligible');
    expect(result.reasons.map((r) => r.code)).toEqual(
      expect.arrayContaining([
        'age-under-minimum',
        'pregnancy',
        'blood-pressure-elevated',
        'esketamine-indication-not-established',
      ]),
    );
  });

  it('lets a clinic make a label rule stricter: lower BP threshold, older minimum age, blocking BP, info made relative', () => {
    const rules = applyClinicOverrides(
      {
        'esketamine-nasal': {
          'blood-pressure-elevated': { threshold: { systolicAbove: 130, diastolicAbove: 85 }, blocking: true },
          'age-under-minimum': { threshold: { minAgeYears: 21 } },
          'medication-benzodiazepine': { severity: 'relative' },
        },
      },
      DEFAULT_ELIGIBILITY_RULES,
      `${SHIPPED_RULE_SET_VERSION}+clinic.1`,
    );
    expect(rules.version).toBe('2.0.0+clinic.1');
    expect(evaluateEligibility('esketamine-nasal', { ...trdAdult, systolic: 135, diastolic: 80 }, rules).decision).toBe(
      'ineligible',
    );
    expect(evaluateEligibility('esketamine-nasal', { ...trdAdult, age: 19 }, rules).reasons.map((r) => r.code)).toEqual(
      ['age-under-minimum'],
    );
  });

  it('still lets a clinic weaken a rule that is its own default (racemic ketamine)', () => {
    const rules = applyClinicOverrides({
      'iv-ketamine': { 'blood-pressure-elevated': { threshold: { systolicAbove: 180, diastolicAbove: 110 } } },
    });
    expect(evaluateEligibility('iv-ketamine', { ...trdAdult, systolic: 170, diastolic: 100 }, rules).decision).toBe(
      'eligible',
    );
  });
});

describe('esketamine indications (issue 10, item 12)', () => {
  // Source: SPRAVATO US PI section 1: TRD in adults (with an oral antidepressant or, since 21 Jan 2025, alone);
  // depressive symptoms in adults with MDD with acute suicidal ideation or behaviour, in conjunction with an oral
  // antidepressant.
  it('needs an oral antidepressant alongside for MDD with acute suicidal ideation', () => {
    const mdsi = { age: 30, systolic: 120, diastolic: 80, pregnant: false, diagnoses: ['F32.2', 'R45.851'] };
    const alone = evaluateEligibility('esketamine-nasal', mdsi);
    expect(alone.decision).toBe('ineligible');
    expect(alone.reasons[0]?.message).toContain('no oral antidepressant');
    expect(evaluateEligibility('esketamine-nasal', { ...mdsi, medications: ['Zoloft 100 mg'] }).decision).toBe(
      'eligible',
    );
  });

  it('makes a non-MDD diagnosis ineligible for the label: off-label needs a documented reason and a second prescriber', () => {
    const ptsd = evaluateEligibility('esketamine-nasal', { ...trdAdult, diagnoses: ['F43.10'] });
    expect(ptsd.decision).toBe('ineligible');
    expect(ptsd.reasons[0]).toMatchObject({
      code: 'esketamine-indication-not-established',
      severity: 'relative',
      blocking: true,
    });
    expect(canOverride(ptsd.decision, ptsd.reasons)).toMatchObject({
      allowed: true,
      prescribersRequired: 2,
      reasonRequired: true,
    });
  });

  it.each(['F32.4', 'F32.5', 'F33.4', 'F33.40', 'F33.41', 'F33.42'])(
    'does not count the remission code %s as qualifying MDD',
    (code) => {
      const result = evaluateEligibility('esketamine-nasal', { ...trdAdult, diagnoses: [code] });
      expect(result.decision).toBe('ineligible');
      expect(result.reasons[0]?.message).toContain('in remission');
    },
  );

  // Source: bipolar disorder is outside the label population (SPRAVATO sections 1 and 14: MDD); review by clinic default.
  it('makes a bipolar history a review reason, from the condition or an F31 diagnosis, not only current mania', () => {
    expect(
      evaluateEligibility('esketamine-nasal', { ...trdAdult, conditions: ['bipolar-disorder-history'] }).reasons.map(
        (r) => r.code,
      ),
    ).toEqual(['bipolar-disorder-history']);
    expect(
      evaluateEligibility('esketamine-nasal', { ...trdAdult, diagnoses: ['F33.2', 'F31.81'] }).reasons.map(
        (r) => r.code,
      ),
    ).toEqual(['bipolar-disorder-history']);
  });

  // Source: SPRAVATO US PI section 8.6 (2019 numbering), Hepatic Impairment: moderate impairment may need longer monitoring.
  it('makes moderate hepatic impairment a review reason that says monitoring may need to be longer', () => {
    const result = evaluateEligibility('esketamine-nasal', {
      ...trdAdult,
      conditions: ['moderate-hepatic-impairment'],
    });
    expect(result.decision).toBe('review');
    expect(result.reasons[0]?.message).toContain('longer monitoring');
    expect(result.reasons[0]?.source.detail).toContain('8.6');
  });
});

describe('esketamineIndicationsEstablished', () => {
  // Source: SPRAVATO US PI sections 1 and 2: each indication has its own schedule (TRD induction and maintenance;
  // MDSI 84 mg twice weekly for 4 weeks), so a plan's protocol must match the indication the facts establish.
  it('tells TRD from MDD with acute suicidal ideation (with an oral antidepressant)', () => {
    expect(esketamineIndicationsEstablished(trdAdult)).toEqual({ trd: true, mdsi: false });
    expect(esketamineIndicationsEstablished({ diagnoses: ['F32.2', 'R45.851'], medications: ['Zoloft'] })).toEqual({
      trd: false,
      mdsi: true,
    });
    expect(esketamineIndicationsEstablished({ diagnoses: ['F32.2', 'R45.851'] })).toEqual({ trd: false, mdsi: false });
    expect(esketamineIndicationsEstablished({ ...trdAdult, diagnoses: ['F33.41'] })).toEqual({
      trd: false,
      mdsi: false,
    });
  });
});
