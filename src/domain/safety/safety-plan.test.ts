import { describe, expect, it } from 'vitest';
import { DomainValidationError } from '../shared/validation.js';
import { DEFAULT_CRISIS_RESOURCES } from './crisis-resources.js';
import { SAFETY_PLAN_SECTIONS, validateSafetyPlan } from './safety-plan.js';

const plan = {
  warningSigns: ['  Not sleeping, isolating myself '],
  internalCopingStrategies: ['Walk the dog'],
  peopleAndSocialSettings: [{ name: 'Coffee shop on Main St' }, { name: 'Sam', phone: '555-0100' }],
  peopleToAskForHelp: [{ name: 'My sister Ana', phone: '+1 (555) 010-2000' }],
  professionalsAndAgencies: [
    { name: 'Dr. Lee, Ketaclinic', phone: '555-0199' },
    { name: '988 Suicide & Crisis Lifeline', phone: '988' },
  ],
  makingEnvironmentSafe: ['Ana keeps my medication'],
  reasonForLiving: 'My children',
};

describe('Stanley-Brown safety plan', () => {
  // Source: Stanley & Brown, Cogn Behav Pract 2012;19:256-264 - six steps.
  it('has the six sections in order', () => {
    expect(SAFETY_PLAN_SECTIONS.map((s) => s.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(SAFETY_PLAN_SECTIONS.map((s) => s.title)).toEqual([
      'Warning signs',
      'Internal coping strategies',
      'People and social settings that provide distraction',
      'People I can ask for help',
      'Professionals or agencies to contact during a crisis',
      'Making the environment safe',
    ]);
  });

  it('accepts a complete plan and trims its text', () => {
    const valid = validateSafetyPlan(plan);
    expect(valid.warningSigns).toEqual(['Not sleeping, isolating myself']);
    expect(valid.professionalsAndAgencies[1]).toEqual({ name: '988 Suicide & Crisis Lifeline', phone: '988' });
    expect(valid.reasonForLiving).toBe('My children');
  });

  it('requires every section in a final plan but not in a draft', () => {
    const draft = { warningSigns: ['Racing thoughts'] };
    expect(validateSafetyPlan(draft, { isDraft: true }).internalCopingStrategies).toEqual([]);
    try {
      validateSafetyPlan({ ...plan, makingEnvironmentSafe: [] });
      expect.unreachable();
    } catch (error) {
      expect((error as DomainValidationError).issues).toEqual([
        { field: 'safetyPlan.makingEnvironmentSafe', message: 'needs at least one entry in a final plan' },
      ]);
    }
  });

  it('requires a phone number for people to ask for help and for professionals', () => {
    const bad = {
      ...plan,
      peopleToAskForHelp: [{ name: 'Ana' }],
      professionalsAndAgencies: [{ name: 'Clinic', phone: 'call me' }],
    };
    try {
      validateSafetyPlan(bad);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(DomainValidationError);
      expect((error as DomainValidationError).issues.map((i) => i.field)).toEqual([
        'safetyPlan.peopleToAskForHelp.0.phone',
        'safetyPlan.professionalsAndAgencies.0.phone',
      ]);
    }
  });

  it('rejects empty text and unknown sections', () => {
    expect(() => validateSafetyPlan({ ...plan, warningSigns: ['  '] })).toThrowError(
      /safetyPlan\.warningSigns\.0: must be non-empty text/,
    );
    expect(() => validateSafetyPlan({ ...plan, hobbies: [] })).toThrowError(/safetyPlan\.hobbies: is not a section/);
    expect(() => validateSafetyPlan('plan')).toThrowError(/safetyPlan: must be an object/);
  });
});

describe('crisis resources', () => {
  // Source: SAMHSA 988 Suicide & Crisis Lifeline (US, since 16 July 2022).
  it('defaults to the 988 Suicide & Crisis Lifeline and emergency services (US)', () => {
    expect(DEFAULT_CRISIS_RESOURCES.resources.map((r) => r.name)).toEqual([
      '988 Suicide & Crisis Lifeline',
      'Emergency services',
    ]);
    expect(DEFAULT_CRISIS_RESOURCES.resources[0]?.contact).toContain('988');
  });
});
