/**
 * What intake, eligibility, plans and scheduling need to know about the clinic: its time zone, its hours, and its
 * own versions of the eligibility rules and protocols (the shipped, cited defaults with the clinic's edits applied).
 */
import { applyClinicOverrides, DEFAULT_ELIGIBILITY_RULES, type EligibilityRuleSet } from '../../../domain/eligibility/index.js';
import { applyProtocolSettings, getProtocol, type Protocol } from '../../../domain/protocols/index.js';
import { NotFoundError } from '../../errors/http-errors.js';
import { resolveClinicSettings, type ClinicSettings } from '../clinics/clinic-settings.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { localDateOf } from './clinic-time.js';

export interface ClinicContext {
  readonly clinicId: string;
  readonly timeZone: string;
  readonly settings: ClinicSettings;
  readonly rules: EligibilityRuleSet;
  /** The clinic's version of a protocol (DomainValidationError on `field` for an unknown id). */
  protocol(id: string, field?: string): Protocol;
  /** The clinic's calendar date at an instant. */
  today(now: Date): string;
}

export function clinicContext(clinic: { id: string; timeZone: string; settings: Record<string, unknown> | null }): ClinicContext {
  const settings = resolveClinicSettings(clinic.settings);
  const hasRuleEdits = Object.keys(settings.eligibilityRuleOverrides).length > 0;
  const rules = hasRuleEdits ? applyClinicOverrides(settings.eligibilityRuleOverrides) : DEFAULT_ELIGIBILITY_RULES;
  return {
    clinicId: clinic.id,
    timeZone: clinic.timeZone,
    settings,
    rules,
    protocol(id, field = 'protocol') {
      const base = getProtocol(id, field);
      const changes = settings.protocolSettings[base.id];
      return changes && Object.keys(changes).length > 0 ? applyProtocolSettings(base, changes) : base;
    },
    today: (now) => localDateOf(now, clinic.timeZone),
  };
}

export async function loadClinicContext(clinics: ClinicsRepository, clinicId: string): Promise<ClinicContext> {
  const clinic = await clinics.findById(clinicId);
  if (!clinic) throw new NotFoundError('No such clinic.');
  return clinicContext(clinic);
}
