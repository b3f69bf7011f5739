/**
 * Whether a stored eligibility decision (with its override, if any) lets a prescriber plan treatment. Pure.
 *
 *   eligible                                     -> may plan
 *   review + one prescriber's override           -> may plan
 *   ineligible (relative only) + override + countersignature by a second prescriber -> may plan
 *   ineligible with an absolute reason           -> never
 *   a decision made on an older intake version   -> evaluate again first (the intake may have changed what applies)
 *   a decision made under another rule-set version (when the caller gives the current one, as planning does)
 *                                                -> evaluate again first (the clinic's rules or the shipped rules changed)
 */
import type { EligibilityDecisionValue } from '../../db/schema.js';

export type StandingCode =
  | 'eligible'
  | 'review-overridden'
  | 'ineligible-overridden'
  | 'review-needs-override'
  | 'ineligible-needs-override'
  | 'ineligible-needs-countersignature'
  | 'ineligible-absolute'
  | 'intake-changed'
  | 'rules-changed';

export interface Standing {
  readonly mayPlan: boolean;
  readonly code: StandingCode;
  readonly message: string;
}

export interface StandingInput {
  readonly decision: EligibilityDecisionValue;
  readonly reasons: ReadonlyArray<{ readonly code: string; readonly severity: string }>;
  readonly intakeVersion: number;
  readonly ruleSetVersion?: string;
  readonly override: { readonly prescribersRequired: number; readonly countersignedAt: Date | string | null } | null;
}

export function planStanding(
  input: StandingInput,
  latestIntakeVersion: number,
  currentRuleSetVersion?: string,
): Standing {
  if (input.intakeVersion !== latestIntakeVersion) {
    return {
      mayPlan: false,
      code: 'intake-changed',
      message: `This decision was made on intake version ${input.intakeVersion}; the intake is now at version ${latestIntakeVersion}. Evaluate eligibility again.`,
    };
  }
  if (
    currentRuleSetVersion !== undefined &&
    input.ruleSetVersion !== undefined &&
    input.ruleSetVersion !== currentRuleSetVersion
  ) {
    return {
      mayPlan: false,
      code: 'rules-changed',
      message: `This decision was made under eligibility rules ${input.ruleSetVersion}; the clinic's rules are now ${currentRuleSetVersion}. Evaluate eligibility again.`,
    };
  }
  if (input.decision === 'eligible') return { mayPlan: true, code: 'eligible', message: 'Eligible.' };
  const absolute = input.reasons.filter((r) => r.severity === 'absolute').map((r) => r.code);
  if (absolute.length > 0) {
    return {
      mayPlan: false,
      code: 'ineligible-absolute',
      message: `Ineligible for an absolute reason (${absolute.join(', ')}): no override is possible.`,
    };
  }
  if (input.decision === 'review') {
    return input.override
      ? {
          mayPlan: true,
          code: 'review-overridden',
          message: 'Review: a prescriber went ahead with a documented reason.',
        }
      : {
          mayPlan: false,
          code: 'review-needs-override',
          message: 'Review: a prescriber must confirm with a documented reason before treatment is planned.',
        };
  }
  if (!input.override) {
    return {
      mayPlan: false,
      code: 'ineligible-needs-override',
      message:
        "Ineligible for relative reasons: a prescriber's documented override and a second prescriber's countersignature are needed.",
    };
  }
  return input.override.countersignedAt
    ? {
        mayPlan: true,
        code: 'ineligible-overridden',
        message:
          'Ineligible for relative reasons, overridden by a prescriber and countersigned by a second prescriber.',
      }
    : {
        mayPlan: false,
        code: 'ineligible-needs-countersignature',
        message: "Overridden by a prescriber; a second prescriber's countersignature is still needed.",
      };
}
