/**
 * The Stanley-Brown Safety Planning Intervention: a written, prioritised plan the patient builds with a clinician,
 * in six steps. The section prompts below are in our own words.
 */
import type { Citation } from '../shared/citation.js';
import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { isRecord } from '../shared/guards.js';

export const STANLEY_BROWN_CITATION: Citation = {
  source:
    'Stanley B, Brown GK. Safety Planning Intervention: a brief intervention to mitigate suicide risk. Cogn Behav Pract 2012;19(2):256-264',
  detail:
    'Six steps: warning signs; internal coping strategies; people and social settings that provide distraction; people to ask for help; professionals and agencies to contact in a crisis; making the environment safe',
  url: 'https://doi.org/10.1016/j.cbpra.2011.01.001',
  status: 'published',
};

export interface SafetyPlanContact {
  readonly name: string;
  readonly phone?: string;
}

/** A contact that must be reachable: a phone number is required. */
export interface SafetyPlanHelper {
  readonly name: string;
  readonly phone: string;
}

export interface StanleyBrownSafetyPlan {
  /** Step 1: thoughts, images, moods, situations or behaviours that signal a crisis may be starting. */
  readonly warningSigns: readonly string[];
  /** Step 2: things the patient can do alone to take their mind off the problem. */
  readonly internalCopingStrategies: readonly string[];
  /** Step 3: people and social settings that provide distraction (a phone number is optional). */
  readonly peopleAndSocialSettings: readonly SafetyPlanContact[];
  /** Step 4: people the patient can ask for help. */
  readonly peopleToAskForHelp: readonly SafetyPlanHelper[];
  /** Step 5: professionals and agencies to contact in a crisis (clinicians, crisis line, emergency services). */
  readonly professionalsAndAgencies: readonly SafetyPlanHelper[];
  /** Step 6: steps to make the environment safe (limiting access to lethal means). */
  readonly makingEnvironmentSafe: readonly string[];
  /** Optional: what the patient finds most worth living for. */
  readonly reasonForLiving?: string;
}

export const SAFETY_PLAN_SECTIONS = [
  {
    key: 'warningSigns',
    step: 1,
    title: 'Warning signs',
    prompt: 'What tells you a crisis may be starting (thoughts, images, moods, situations, behaviour)?',
  },
  {
    key: 'internalCopingStrategies',
    step: 2,
    title: 'Internal coping strategies',
    prompt: 'What can you do on your own to take your mind off your problems?',
  },
  {
    key: 'peopleAndSocialSettings',
    step: 3,
    title: 'People and social settings that provide distraction',
    prompt: 'Who, or which places, help take your mind off things?',
  },
  {
    key: 'peopleToAskForHelp',
    step: 4,
    title: 'People I can ask for help',
    prompt: 'Whom could you contact and tell that you need help?',
  },
  {
    key: 'professionalsAndAgencies',
    step: 5,
    title: 'Professionals or agencies to contact during a crisis',
    prompt: 'Your clinicians, a crisis line (988 in the US) and emergency services.',
  },
  {
    key: 'makingEnvironmentSafe',
    step: 6,
    title: 'Making the environment safe',
    prompt: 'What will you do to keep means of harm out of reach?',
  },
] as const;

const MAX_TEXT = 500;
const PHONE = /^[0-9+()\-.\s]{3,30}$/;

export interface SafetyPlanValidationOptions {
  /** A draft may leave sections empty; a final plan needs at least one entry in every section. */
  readonly isDraft?: boolean;
}

/** Validates and normalises (trims) a safety plan; throws `DomainValidationError` naming `safetyPlan.<field>`. */
export function validateSafetyPlan(input: unknown, options: SafetyPlanValidationOptions = {}): StanleyBrownSafetyPlan {
  const issues: FieldIssue[] = [];
  if (!isRecord(input)) throw new DomainValidationError([{ field: 'safetyPlan', message: 'must be an object' }]);

  const text = (value: unknown, field: string): string | null => {
    if (typeof value !== 'string' || value.trim() === '') {
      issues.push({ field, message: 'must be non-empty text' });
      return null;
    }
    if (value.trim().length > MAX_TEXT) {
      issues.push({ field, message: `must be at most ${MAX_TEXT} characters` });
      return null;
    }
    return value.trim();
  };
  const phone = (value: unknown, field: string, isRequired: boolean): string | undefined => {
    if (value === undefined || value === null || value === '') {
      if (isRequired) issues.push({ field, message: 'is required' });
      return undefined;
    }
    if (typeof value !== 'string' || !PHONE.test(value.trim())) {
      issues.push({ field, message: 'must be a phone number (digits, spaces, + ( ) - .)' });
      return undefined;
    }
    return value.trim();
  };
  const list = <T>(key: string, parse: (entry: unknown, field: string) => T | null): T[] => {
    const field = `safetyPlan.${key}`;
    const value = input[key];
    if (value === undefined && options.isDraft === true) return [];
    if (!Array.isArray(value)) {
      issues.push({ field, message: 'must be a list' });
      return [];
    }
    if (value.length === 0 && options.isDraft !== true)
      issues.push({ field, message: 'needs at least one entry in a final plan' });
    const parsed: T[] = [];
    value.forEach((entry, i) => {
      const item = parse(entry, `${field}.${i}`);
      if (item !== null) parsed.push(item);
    });
    return parsed;
  };
  const contact = (isPhoneRequired: boolean) => (entry: unknown, field: string) => {
    if (!isRecord(entry)) {
      issues.push({ field, message: 'must be an object with a name' });
      return null;
    }
    const name = text(entry['name'], `${field}.name`);
    const number = phone(entry['phone'], `${field}.phone`, isPhoneRequired);
    if (name === null) return null;
    return number === undefined ? { name } : { name, phone: number };
  };

  const plan = {
    warningSigns: list('warningSigns', text),
    internalCopingStrategies: list('internalCopingStrategies', text),
    peopleAndSocialSettings: list('peopleAndSocialSettings', contact(false)),
    peopleToAskForHelp: list('peopleToAskForHelp', contact(true)) as SafetyPlanHelper[],
    professionalsAndAgencies: list('professionalsAndAgencies', contact(true)) as SafetyPlanHelper[],
    makingEnvironmentSafe: list('makingEnvironmentSafe', text),
  };
  const known = new Set([...SAFETY_PLAN_SECTIONS.map((s) => s.key as string), 'reasonForLiving']);
  for (const key of Object.keys(input)) {
    if (!known.has(key)) issues.push({ field: `safetyPlan.${key}`, message: 'is not a section of the safety plan' });
  }
  let reasonForLiving: string | undefined;
  if (input['reasonForLiving'] !== undefined)
    reasonForLiving = text(input['reasonForLiving'], 'safetyPlan.reasonForLiving') ?? undefined;
  if (issues.length > 0) throw new DomainValidationError(issues);
  return reasonForLiving === undefined ? plan : { ...plan, reasonForLiving };
}
