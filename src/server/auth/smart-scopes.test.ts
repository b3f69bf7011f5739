/**
 * SMART v2 scopes as API tokens use them (SMART App Launch 2.0, "Scopes for requesting FHIR resources").
 */
import { describe, expect, it } from 'vitest';
import { grantScopes, isPatientScoped, parseScope, scopesAllow, type SmartScope } from './smart-scopes.js';

const TYPES = ['Patient', 'Observation', 'Encounter'];
const parsed = (...texts: string[]): SmartScope[] =>
  texts.map((t) => {
    const r = parseScope(t, TYPES);
    if (!r.ok) throw new Error(r.message);
    return r.scope;
  });

describe('SMART scopes', () => {
  it('reads v2 scopes: context, type and the ordered cruds letters', () => {
    const r = parseScope('patient/Observation.rs', TYPES);
    expect(
      r.ok && { context: r.scope.context, type: r.scope.resourceType, letters: [...r.scope.interactions].join('') },
    ).toEqual({ context: 'patient', type: 'Observation', letters: 'rs' });
  });

  it('reads the v1 forms .read, .write and .* as rs, cud and cruds', () => {
    expect(parsed('system/*.read', 'user/Patient.write', 'system/Encounter.*').map((s) => s.text)).toEqual([
      'system/*.rs',
      'user/Patient.cud',
      'system/Encounter.cruds',
    ]);
  });

  it('refuses letters out of order, unknown contexts, unknown types and empty permissions, saying why', () => {
    for (const bad of [
      'system/Observation.sr',
      'launch/Patient.r',
      'system/Medication.r',
      'system/Patient.',
      'system/Patient',
    ]) {
      const r = parseScope(bad, TYPES);
      expect(r.ok, bad).toBe(false);
      if (!r.ok) expect(r.message).toContain(bad);
    }
  });

  it('grants an interaction only when a scope names the type (or *) and the letter', () => {
    const scopes = parsed('system/Patient.r', 'system/Encounter.s');
    expect(scopesAllow(scopes, 'Patient', 'r')).toBe(true);
    expect(scopesAllow(scopes, 'Patient', 's')).toBe(false);
    expect(scopesAllow(scopes, 'Observation', 'r')).toBe(false);
    expect(scopesAllow(parsed('system/*.rs'), 'Observation', 's')).toBe(true);
    expect(scopesAllow(parsed('system/*.rs'), 'Observation', 'c')).toBe(false);
  });

  it('makes a token a patient token when any scope has the patient context', () => {
    expect(isPatientScoped(parsed('system/Patient.r', 'patient/Observation.rs'))).toBe(true);
    expect(isPatientScoped(parsed('system/*.rs', 'user/Patient.r'))).toBe(false);
  });

  describe('granting a backend client what it asks for and may have (SMART Backend Services: the server may grant less)', () => {
    const texts = (scopes: SmartScope[]) => scopes.map((s) => s.text);
    it('grants a requested type under a wildcard allowance, and a wildcard request as the allowed types', () => {
      expect(texts(grantScopes(parsed('system/Patient.rs'), parsed('system/*.rs')))).toEqual(['system/Patient.rs']);
      expect(texts(grantScopes(parsed('system/*.rs'), parsed('system/Patient.rs', 'system/Observation.r')))).toEqual([
        'system/Patient.rs',
        'system/Observation.r',
      ]);
    });
    it('keeps only the interactions both sides name, and nothing of another type or context', () => {
      expect(texts(grantScopes(parsed('system/Observation.cruds'), parsed('system/*.rs')))).toEqual([
        'system/Observation.rs',
      ]);
      expect(grantScopes(parsed('system/Observation.rs'), parsed('system/Patient.rs'))).toEqual([]);
      expect(grantScopes(parsed('user/Patient.rs'), parsed('system/Patient.rs'))).toEqual([]);
    });
  });
});
