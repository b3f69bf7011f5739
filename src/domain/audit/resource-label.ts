/**
 * The words an audit listing shows for a record type (`LedgerReconciliation` -> "Ledger reconciliation"), so the
 * people answering "who viewed this patient?" read what was seen, not a type name.
 */
const SPECIAL: Readonly<Record<string, string>> = {
  TreatmentSession: 'Treatment session',
  QuestionnaireResponse: 'Questionnaire answers',
  AuditLog: 'Audit log',
  OutcomesOverview: 'Clinic outcomes page',
  Route: 'Page or action',
};

export function resourceLabel(resourceType: string): string {
  const special = SPECIAL[resourceType];
  if (special) return special;
  const words = resourceType
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[-_]+/g, ' ')
    .trim()
    .split(/\s+/);
  return words
    .map((w, i) => (i === 0 ? w.charAt(0).toUpperCase() + w.slice(1) : /^[A-Z0-9]+$/.test(w) ? w : w.toLowerCase()))
    .join(' ');
}
