import { describe, expect, it } from 'vitest';
import { resourceLabel } from './resource-label.js';

describe('record types as an audit listing names them', () => {
  it('turns a type name into words, keeping acronyms', () => {
    expect(resourceLabel('LedgerReconciliation')).toBe('Ledger reconciliation');
    expect(resourceLabel('Patient')).toBe('Patient');
    expect(resourceLabel('REMSForm')).toBe('REMSForm');
    expect(resourceLabel('self-intake-link')).toBe('Self intake link');
  });

  it('names the records people ask about most in plain words', () => {
    expect(resourceLabel('TreatmentSession')).toBe('Treatment session');
    expect(resourceLabel('OutcomesOverview')).toBe('Clinic outcomes page');
  });
});
