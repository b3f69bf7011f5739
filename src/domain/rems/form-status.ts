import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { addMinutes, checkDate } from '../session/time.js';
import { CURRENT_REMS_RULES, type RemsRuleSet } from './rules.js';

export interface FormStatus {
  readonly status: 'due' | 'overdue' | 'submitted';
  /** `submissionDays` (7) x 24 h after the session. */
  readonly deadline: Date;
  readonly submittedAt?: Date;
  /** For a submitted form: whether it went in after the deadline. */
  readonly submittedLate?: boolean;
  /** For a form not yet submitted: ms to the deadline (negative when overdue). */
  readonly msUntilDeadline?: number;
  readonly ruleVersion: string;
}

/**
 * Status of a session's Patient Monitoring Form. The deadline is counted as 7 x 24 hours from the session
 * (the end of monitoring): a conservative reading of "within 7 days" that needs no time zone.
 */
export function formStatus(
  sessionDate: Date,
  submittedAt: Date | undefined,
  now: Date,
  rules: RemsRuleSet = CURRENT_REMS_RULES,
): FormStatus {
  const issues: FieldIssue[] = [];
  checkDate(sessionDate, 'sessionDate', issues);
  checkDate(now, 'now', issues);
  if (
    submittedAt !== undefined &&
    checkDate(submittedAt, 'submittedAt', issues) &&
    submittedAt.getTime() < sessionDate.getTime()
  ) {
    issues.push({ field: 'submittedAt', message: 'is before the session' });
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  const deadline = addMinutes(sessionDate, rules.formSubmissionDays * 24 * 60);
  if (submittedAt) {
    return {
      status: 'submitted',
      deadline,
      submittedAt,
      submittedLate: submittedAt.getTime() > deadline.getTime(),
      ruleVersion: rules.version,
    };
  }
  const msUntilDeadline = deadline.getTime() - now.getTime();
  return { status: msUntilDeadline >= 0 ? 'due' : 'overdue', deadline, msUntilDeadline, ruleVersion: rules.version };
}
