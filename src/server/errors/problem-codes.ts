/**
 * Every problem `code` the API answers with, declared once with its one HTTP status. Services and the domain throw
 * by code (`RuleViolationError(code, …)` in src/domain, `RuleRefusedError` / `TreatmentConflictError` /
 * `CodedForbiddenError` here); the error handler (plugins/error-handler.ts) takes the status from this table, so
 * the same code never answers 409 in one module and 422 in another. `problem-codes.test.ts` checks that every code
 * thrown in src is listed.
 *
 * The statuses, by meaning:
 * - 400: the request lacks something the rule needs (a reason, a value), named in `errors[].field`;
 * - 403: the user may not do this now, for a reason the client can act on;
 * - 409: the record's current state does not allow it (already done, not started, not active, changed meanwhile);
 * - 422: well-formed, but a clinical or business rule refuses it.
 */
export const PROBLEM_CODES = {
  // Any module ------------------------------------------------------------------------------------------------------
  'concurrent-change': 409,
  'double-booked': 409,
  'session-not-active': 409,

  // Authentication and users ---------------------------------------------------------------------------------------
  'mfa-verification-required': 403,
  'password-change-required': 403,
  'staff-session-on-patient-link': 403,
  'last-active-admin': 422,
  'role-cannot-hold-type': 422,
  'admin-required': 422,

  // Consent, eligibility, plans -------------------------------------------------------------------------------------
  'consent-required': 422,
  'consent-text-mismatch': 422,
  'consent-document-outdated': 422,
  'consent-document-wrong': 422,
  'no-intake': 422,
  'no-override': 422,
  'not-required': 422,
  'nothing-to-override': 422,
  'override-not-allowed': 422,
  'countersignature-not-needed': 422,
  'second-prescriber-required': 422,
  'decision-superseded': 422,
  'decision-mismatch': 422,
  'label-contraindication-locked': 422,
  'label-rule-locked': 422,
  'no-eligibility-decision': 422,
  'eligibility-eligible': 422,
  'eligibility-review-overridden': 422,
  'eligibility-ineligible-overridden': 422,
  'eligibility-review-needs-override': 422,
  'eligibility-ineligible-needs-override': 422,
  'eligibility-ineligible-needs-countersignature': 422,
  'eligibility-ineligible-absolute': 422,
  'eligibility-intake-changed': 422,
  'eligibility-rules-changed': 422,
  'no-protocol': 422,
  'plan-not-active': 422,
  'protocol-indication-mismatch': 422,
  'review-required': 422,
  'review-too-early': 422,
  'no-review-due': 422,
  'weight-required': 422,
  'dosing-weight-incomplete': 422,
  'setting-locked': 422,
  'setting-out-of-range': 422,

  // Scheduling and appointments ---------------------------------------------------------------------------------------
  'chair-double-booked': 409,
  'staff-double-booked': 409,
  'room-double-booked': 409,
  'chair-inactive': 422,
  'no-chairs': 422,
  'in-the-past': 422,
  'outside-clinic-hours': 422,
  'spacing-below-minimum': 422,
  'staff-not-on-shift': 422,
  'session-not-scheduled': 422,
  'no-clinic-day-long-enough': 422,

  // Messaging --------------------------------------------------------------------------------------------------------
  'no-email-on-file': 422,
  'no-phone-on-file': 422,
  'patient-address-missing': 422,

  // The treatment day: the session's state ---------------------------------------------------------------------------
  'session-discharged': 409,
  'already-discharged': 409,
  'session-not-discharged': 409,
  'not-checked-in': 409,
  'dosing-started': 409,
  'no-dose': 409,
  'dose-not-verified': 409,
  'already-verified': 409,
  'verifier-is-preparer': 409,
  'already-started': 409,
  'not-running': 409,
  'not-paused': 409,
  'already-acknowledged': 409,
  'not-a-warning': 409,
  'recorded-vitals-change': 409,
  'checklist-blocked': 409,
  'checklist-warning-unacknowledged': 409,
  'delivered-differs-from-estimate': 409,
  'discharge-blocked': 409,
  'note-signed': 409,
  'note-not-signed': 409,
  'note-version-conflict': 409,
  'rems-form-submitted': 409,
  'event-before-last': 400,
  'pause-reason-required': 400,
  'rate-required': 400,
  // The treatment day: rules ------------------------------------------------------------------------------------------
  'modality-not-supported': 422,
  'wrong-modality': 422,
  'no-planned-dose': 422,
  'dose-above-cap': 422,
  'dose-above-cap-per-kg': 422,
  'dose-above-cap-per-kg-per-hour': 422,
  'dose-needs-prescriber-override': 422,
  'rate-above-remaining-dose': 422,
  'delivered-above-prepared-dose': 422,
  'all-devices-given': 422,
  'device-too-soon': 422,
  'not-correctable': 422,
  'pk-inputs-missing': 422,
  'pk-iv-only': 422,
  'note-empty': 422,
  'not-started-yet': 422,
  'not-esketamine': 422,
  'rems-form-incomplete': 422,
  'rems-form-not-required': 422,
  'rems-patient-not-enrolled': 422,

  // The controlled-substance ledger ----------------------------------------------------------------------------------
  'ledger-integrity': 409,
  'sequence-conflict': 422,
  'witness-credentials-invalid': 401,
  'witness-required': 422,
  'two-witnesses-required': 422,
  'witness-not-authenticated': 422,
  'witness-role-not-allowed': 422,
  'witness-same-as-actor': 422,
  'witnesses-not-distinct': 422,
  'location-access-denied': 422,
  'negative-balance': 422,
  'lot-expired': 422,
  'lot-expiry-mismatch': 422,
  'lot-not-in-stock': 422,
  'lot-not-received': 422,
  'loss-already-used': 422,
  'loss-mismatch': 422,
  'loss-not-found': 422,
  'discrepancy-not-found': 422,
  'discrepancy-not-open': 422,
  'correction-target-not-found': 422,
  'entry-referenced': 422,
  'entry-voided': 422,
  'session-mixed-units': 422,
  'session-patient-mismatch': 422,

  // Therapy notes ---------------------------------------------------------------------------------------------------
  'note-type-required': 422,
  'appointment-not-started': 422,
  'addendum-empty': 422,
  'not-a-therapy-appointment': 422,
} as const satisfies Record<string, 400 | 401 | 403 | 409 | 422>;

export type ProblemCode = keyof typeof PROBLEM_CODES;
export type ProblemStatus = (typeof PROBLEM_CODES)[ProblemCode];

export function isProblemCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code);
}

/** The status of a code, or undefined for a code the table does not list (a test keeps that from happening). */
export function statusOfCode(code: string): ProblemStatus | undefined {
  return isProblemCode(code) ? PROBLEM_CODES[code] : undefined;
}
