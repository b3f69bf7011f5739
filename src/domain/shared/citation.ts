/**
 * How a citation's value stands to its source: `label` or `published` when the value is the source's own;
 * `regulation` when a rule of law sets it; `clinic-default` when the value is a default the clinic may change because
 * the source does not fix it (it is shown to users as a clinic default, not as the label).
 */
export const CITATION_STATUSES = ['label', 'published', 'regulation', 'clinic-default'] as const;

/**
 * Where a clinical rule comes from. Every rule, threshold, band and schedule in `src/domain` carries one,
 * and the test that checks the rule cites the same source in a comment.
 */
export interface Citation {
  /** Short human reference, e.g. "Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16(9):606-613". */
  readonly source: string;
  /** Where in the source, e.g. "Table 2" or "Section 2.1 Dosage". */
  readonly detail?: string;
  /** A stable link (DOI, PubMed, label) when there is one. */
  readonly url?: string;
  /** See CITATION_STATUSES. */
  readonly status: (typeof CITATION_STATUSES)[number];
}
