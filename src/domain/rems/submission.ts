/**
 * The date a Patient Monitoring Form was submitted, as the clinic records it ("submitted on 2026-11-05").
 *
 * Source: SPRAVATO REMS (the rule sets in rules.ts, citations SPRAVATO_REMS_FORM_2024 and SPRAVATO_REMS_OUTPATIENT):
 * the form is submitted for each treatment session, within 7 days after it. A form cannot be submitted before its
 * session nor on a day still to come; and a date names a whole day, so it counts as submitted at that day's last
 * moment (the reading least favourable to the clinic when `formStatus` judges the 7-day deadline), but never before
 * the session ended (a form sent on the session's own day is on time).
 */

export type SubmissionDateProblem = 'is in the future' | 'is before the treatment date';

/** Why a submission date cannot be recorded, or undefined when it can. Dates are clinic dates, YYYY-MM-DD. */
export function submissionDateProblem(
  submittedOn: string,
  facts: { readonly today: string; readonly treatmentDate: string },
): SubmissionDateProblem | undefined {
  if (submittedOn > facts.today) return 'is in the future';
  if (submittedOn < facts.treatmentDate) return 'is before the treatment date';
  return undefined;
}

/** When a form submitted on a day counts as submitted: the end of that day, or the session's end if that is later. */
export function submittedAtFor(endOfSubmittedDay: Date, sessionEndedAt: Date): Date {
  return endOfSubmittedDay.getTime() < sessionEndedAt.getTime() ? sessionEndedAt : endOfSubmittedDay;
}
