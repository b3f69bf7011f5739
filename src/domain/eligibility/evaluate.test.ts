import { describe, expect, it } from 'vitest';
import { canOverride, decide, evaluateEligibility, type EligibilityReason } from './evaluate.js';
import { DEFAULT_ELIGIBILITY_RULES, ESKETAMINE_ONLY_RULE_CODES, RULE_CODES, applyClinicOverrides } from './rules.js';
import { DomainValidationError } from '../shared/validation.js';
import { MODALITIES, type Modality } from '../protocols/modality.js';
import { ruleViolationOf } from '../shared/thrown.js';

const healthy = {
  age: 40,
  systolic: 120,
  diastolic: 80,
  pregnant: false,
  diagnoses: ['F33.1'],
  acuteSuicidalIdeation: true,
  medications: ['sertraline'],
};

describe('evaluateEligibility', () => {
  // Source: SPRAVATO US PI section 4 (contraindications).
  it('makes a patient with a history of intracerebral haemorrhage ineligible for esketamine, citing the label', () => {
    const result = evaluateEligibility('esketamine-nasal', {
      ...healthy,
      conditions: ['intracerebral-hemorrhage-history'],
    });
    expect(result.decision).toBe('ineligible');
    expect(result.reasons[0]).toMatchObject({ code: 'intracerebral-hemorrhage-history', severity: 'absolute' });
    expect(result.reasons[0]?.source.status).toBe('label');
  });

  it('refuses an unknown modality, naming the field', () => {
    try {
      evaluateEligibility('oral-ketamine' as Modality, healthy);
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues[0]?.field).toBe('modality');
    }
  });

  it('refuses an unknown condition code, naming its index', () => {
    try {
      evaluateEligibility('iv-ketamine', { conditions: ['schizophrenia', 'glaucoma'] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues[0]?.field).toBe('facts.conditions.1');
    }
  });

  it('puts the patient-specific facts into the message', () => {
    const result = evaluateEligibility('esketamine-nasal', {
      ...healthy,
      systolic: 152,
      diastolic: 88,
      medications: ['Modafinil'],
    });
    expect(result.reasons.find((r) => r.code === 'blood-pressure-elevated')?.message).toContain(
      '152/88 mmHg is above 140/90 mmHg',
    );
    expect(result.reasons.find((r) => r.code === 'medication-stimulant')?.message).toContain('Taking modafinil');
  });

  it('orders reasons absolute, relative, info', () => {
    const result = evaluateEligibility('iv-ketamine', {
      age: 30,
      conditions: ['schizophrenia', 'aneurysmal-vascular-disease'],
      medications: ['zolpidem'],
    });
    expect(result.reasons.map((r) => [r.severity, r.code])).toEqual([
      ['absolute', 'aneurysmal-vascular-disease'],
      ['relative', 'schizophrenia'],
      ['relative', 'pregnancy-status-not-recorded'],
      ['relative', 'blood-pressure-not-recorded'],
      ['info', 'medication-other-sedative'],
    ]);
  });

  it('gives every modality a rule for every condition code, each with a citation', () => {
    for (const modality of MODALITIES) {
      const rules = DEFAULT_ELIGIBILITY_RULES.modalities[modality];
      for (const code of RULE_CODES) {
        const rule = rules[code];
        if (ESKETAMINE_ONLY_RULE_CODES.includes(code) && modality !== 'esketamine-nasal') {
          expect(rule).toBeUndefined();
          continue;
        }
        expect(rule, `${modality} ${code}`).toBeDefined();
        expect(rule?.source.source).toBeTruthy();
      }
    }
  });
});

describe('decide', () => {
  const reason = (severity: EligibilityReason['severity'], blocking = false): EligibilityReason => ({
    code: 'pregnancy',
    severity,
    blocking,
    message: 'x',
    source: { source: 'test', status: 'clinic-default' },
  });

  it('any absolute -> ineligible; blocking relative -> ineligible; relative -> review; info only -> eligible', () => {
    expect(decide([reason('info'), reason('absolute')])).toBe('ineligible');
    expect(decide([reason('relative', true)])).toBe('ineligible');
    expect(decide([reason('relative'), reason('info')])).toBe('review');
    expect(decide([reason('info')])).toBe('eligible');
    expect(decide([])).toBe('eligible');
  });
});

describe('canOverride', () => {
  it('lets one prescriber with a reason override review', () => {
    const result = evaluateEligibility('iv-ketamine', { ...healthy, conditions: ['schizophrenia'] });
    expect(canOverride(result.decision, result.reasons)).toMatchObject({
      allowed: true,
      prescribersRequired: 1,
      reasonRequired: true,
    });
  });

  it('needs a countersignature for an ineligible decision caused only by blocking relative reasons', () => {
    const result = evaluateEligibility('iv-ketamine', { ...healthy, pregnant: true });
    expect(result.decision).toBe('ineligible');
    expect(canOverride(result.decision, result.reasons)).toMatchObject({
      allowed: true,
      prescribersRequired: 2,
      reasonRequired: true,
    });
  });

  it('never allows overriding an absolute reason', () => {
    const result = evaluateEligibility('esketamine-nasal', {
      ...healthy,
      pregnant: true,
      conditions: ['arteriovenous-malformation'],
    });
    expect(canOverride(result.decision, result.reasons)).toMatchObject({ allowed: false, prescribersRequired: 0 });
  });

  it('has nothing to override when eligible', () => {
    expect(canOverride('eligible', [])).toMatchObject({ allowed: false, prescribersRequired: 0 });
  });

  it('refuses a decision that does not match its reasons', () => {
    const result = evaluateEligibility('esketamine-nasal', { ...healthy, conditions: ['arteriovenous-malformation'] });
    expect(ruleViolationOf(() => canOverride('review', result.reasons)).code).toBe('decision-mismatch');
  });
});

describe('applyClinicOverrides', () => {
  it('lets a clinic make a relative rule blocking, and cites the clinic setting while keeping the default source', () => {
    const rules = applyClinicOverrides({ 'iv-ketamine': { schizophrenia: { blocking: true } } });
    const rule = rules.modalities['iv-ketamine'].schizophrenia;
    expect(rule?.blocking).toBe(true);
    expect(rule?.source.status).toBe('clinic-default');
    expect(rule?.defaultSource?.source).toContain('Sanacora');
    expect(evaluateEligibility('iv-ketamine', { ...healthy, conditions: ['schizophrenia'] }, rules).decision).toBe(
      'ineligible',
    );
    // the default set is untouched
    expect(DEFAULT_ELIGIBILITY_RULES.modalities['iv-ketamine'].schizophrenia?.blocking).toBe(false);
  });

  it('lets a clinic change a threshold', () => {
    const rules = applyClinicOverrides({
      'iv-ketamine': { 'blood-pressure-elevated': { threshold: { systolicAbove: 140, diastolicAbove: 90 } } },
    });
    expect(evaluateEligibility('iv-ketamine', { ...healthy, systolic: 150, diastolic: 85 }, rules).decision).toBe(
      'review',
    );
  });

  it('lets a clinic turn off a non-label rule and downgrade a clinic-default absolute', () => {
    const rules = applyClinicOverrides({
      'iv-ketamine': {
        'medication-lamotrigine': { enabled: false },
        'arteriovenous-malformation': { severity: 'relative' },
      },
    });
    expect(evaluateEligibility('iv-ketamine', { ...healthy, medications: ['lamotrigine'] }, rules).reasons).toEqual([]);
    expect(
      evaluateEligibility('iv-ketamine', { ...healthy, conditions: ['arteriovenous-malformation'] }, rules).decision,
    ).toBe('review');
  });

  // Source: SPRAVATO US PI section 4. The label's contraindications are not the clinic's to soften.
  it.each([
    'aneurysmal-vascular-disease',
    'arteriovenous-malformation',
    'intracerebral-hemorrhage-history',
    'ketamine-hypersensitivity',
  ])('refuses to downgrade or disable the esketamine label contraindication %s', (code) => {
    const downgrade = ruleViolationOf(() =>
      applyClinicOverrides({ 'esketamine-nasal': { [code]: { severity: 'relative' } } }),
    );
    expect(downgrade.code).toBe('label-contraindication-locked');
    expect(downgrade.field).toBe(`overrides.esketamine-nasal.${code}.severity`);
    expect(
      ruleViolationOf(() => applyClinicOverrides({ 'esketamine-nasal': { [code]: { enabled: false } } })).code,
    ).toBe('label-contraindication-locked');
  });

  it('lets a clinic reword a label contraindication without weakening it', () => {
    const rules = applyClinicOverrides({
      'esketamine-nasal': { 'arteriovenous-malformation': { message: 'AVM: do not treat.' } },
    });
    expect(rules.modalities['esketamine-nasal']['arteriovenous-malformation']).toMatchObject({
      severity: 'absolute',
      message: 'AVM: do not treat.',
    });
    expect(rules.modalities['esketamine-nasal']['arteriovenous-malformation']?.source.status).toBe('label');
  });

  it('names unknown modalities, rule codes, settings and threshold keys', () => {
    try {
      applyClinicOverrides({
        oral: {},
        'iv-ketamine': {
          glaucoma: {},
          pregnancy: { severity: 'maybe', colour: 'red', threshold: { minAgeYears: 16 } },
        },
        'esketamine-nasal': { 'age-under-minimum': { threshold: { systolicAbove: 150 } } },
      });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'overrides.oral',
        'overrides.iv-ketamine.glaucoma',
        'overrides.iv-ketamine.pregnancy.colour',
        'overrides.iv-ketamine.pregnancy.severity',
        'overrides.iv-ketamine.pregnancy.threshold',
        'overrides.esketamine-nasal.age-under-minimum.threshold.systolicAbove',
      ]);
    }
  });
});
