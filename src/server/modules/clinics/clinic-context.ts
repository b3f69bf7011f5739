/**
 * What intake, eligibility, plans and scheduling need to know about the clinic: its time zone, its hours, and its
 * own versions of the eligibility rules and protocols (the shipped, cited defaults with the clinic's edits applied);
 * and a request's clinic settings, as read with its session or read now.
 */
import {
  applyClinicOverrides,
  DEFAULT_ELIGIBILITY_RULES,
  SHIPPED_RULE_SET_VERSION,
  type ClinicOverrides,
  type EligibilityRuleSet,
} from '../../../domain/eligibility/index.js';
import { applyProtocolSettings, getProtocol, type Protocol } from '../../../domain/protocols/index.js';
import { isRecord } from '../../../domain/shared/guards.js';
import { NotFoundError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import { resolveClinicSettings, type ClinicSettings } from './clinic-settings.js';
import type { ClinicsRepository } from './clinics.repository.js';
import { localDateOf } from './clinic-time.js';

export interface ClinicContext {
  readonly clinicId: string;
  readonly timeZone: string;
  readonly settings: ClinicSettings;
  readonly rules: EligibilityRuleSet;
  /**
   * Stored rule edits the current rules refuse (e.g. a weakening of an esketamine label rule saved before rule set
   * 2.0.0): they are not applied, the shipped rule stands, and the care settings list them for an admin.
   */
  readonly refusedRuleEdits: readonly { readonly field: string; readonly message: string }[];
  /** The clinic's version of a protocol (DomainValidationError on `field` for an unknown id). */
  protocol(id: string, field?: string): Protocol;
  /** The clinic's calendar date at an instant. */
  today(now: Date): string;
}

export function clinicContext(clinic: {
  id: string;
  timeZone: string;
  settings: Record<string, unknown> | null;
}): ClinicContext {
  const settings = resolveClinicSettings(clinic.settings);
  const { rules, refused } = clinicRules(settings.eligibilityRuleOverrides, settings.eligibilityRuleSetRevision);
  return {
    clinicId: clinic.id,
    timeZone: clinic.timeZone,
    settings,
    rules,
    refusedRuleEdits: refused,
    protocol(id, field = 'protocol') {
      const base = getProtocol(id, field);
      const changes = settings.protocolSettings[base.id];
      return changes && Object.keys(changes).length > 0 ? applyProtocolSettings(base, changes) : base;
    },
    today: (now) => localDateOf(now, clinic.timeZone),
  };
}

/**
 * The clinic's eligibility rules: the shipped set with its stored edits, versioned `<shipped>+clinic.<revision>` so
 * a decision names exactly the rules it used. Edits are applied one rule at a time; one the domain refuses is left
 * out (the shipped, stricter rule stands) and reported, so a stored setting can never loosen a label rule.
 */
export function clinicRules(
  overrides: ClinicOverrides,
  revision: number,
): { rules: EligibilityRuleSet; refused: Array<{ field: string; message: string }> } {
  const entries: Array<{ modality: string; code: string | undefined; change: unknown }> = [];
  for (const [modality, byCode] of Object.entries(overrides as Record<string, unknown>)) {
    if (isRecord(byCode)) {
      for (const [code, change] of Object.entries(byCode)) entries.push({ modality, code, change });
    } else {
      entries.push({ modality, code: undefined, change: byCode });
    }
  }
  if (entries.length === 0) return { rules: DEFAULT_ELIGIBILITY_RULES, refused: [] };
  const version = `${SHIPPED_RULE_SET_VERSION}+clinic.${revision}`;
  let rules: EligibilityRuleSet = { ...DEFAULT_ELIGIBILITY_RULES, version };
  const refused: Array<{ field: string; message: string }> = [];
  for (const { modality, code, change } of entries) {
    try {
      rules = applyClinicOverrides(
        code === undefined ? { [modality]: change } : { [modality]: { [code]: change } },
        rules,
        version,
      );
    } catch (error) {
      refused.push({
        field: `eligibilityRuleOverrides.${modality}${code === undefined ? '' : `.${code}`}`,
        message: error instanceof Error ? error.message : 'refused',
      });
    }
  }
  return { rules, refused };
}

export async function loadClinicContext(clinics: ClinicsRepository, clinicId: string): Promise<ClinicContext> {
  const clinic = await clinics.findById(clinicId);
  if (!clinic) throw new NotFoundError('No such clinic.');
  return clinicContext(clinic);
}

/**
 * `ctx` with the clinic's stored settings in hand (as read with the session, or read now): a caller about to write in
 * a transaction passes it on, so that nothing inside the transaction reads outside it.
 */
export async function withClinicSettings(
  clinics: Pick<ClinicsRepository, 'findById'>,
  ctx: RequestContext,
): Promise<RequestContext> {
  if (ctx.clinicSettings !== undefined) return ctx;
  return { ...ctx, clinicSettings: (await clinics.findById(ctx.principal.clinicId))?.settings ?? null };
}

/** The clinic's settings, with their defaults, for a request: as read with the session, or read now. */
export async function requestClinicSettings(
  clinics: Pick<ClinicsRepository, 'findById'>,
  ctx: RequestContext,
): Promise<ClinicSettings> {
  return resolveClinicSettings((await withClinicSettings(clinics, ctx)).clinicSettings);
}
