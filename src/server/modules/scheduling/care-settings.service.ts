/**
 * The clinic's care settings that intake, eligibility, plans and scheduling read: time zone, opening hours, the
 * dosing weight basis, edits to the eligibility rules and to protocol settings. Each is validated by the domain
 * before it is stored (a label contraindication cannot be weakened; esketamine monitoring cannot go below 2 h).
 */
import type { Canonical } from '../../../domain/audit/hash-chain.js';
import {
  applyClinicOverrides,
  DEFAULT_ELIGIBILITY_RULES,
  SHIPPED_RULE_SET_VERSION,
} from '../../../domain/eligibility/index.js';
import type { WeightBasis } from '../../../domain/dosing/index.js';
import { applyProtocolSettings, getProtocol } from '../../../domain/protocols/index.js';
import { validateClinicHours } from '../../../domain/scheduling/index.js';
import { DomainValidationError, RuleViolationError, type FieldIssue } from '../../../domain/shared/validation.js';
import type { Transact } from '../../db/transaction.js';
import { BadRequestError } from '../../errors/http-errors.js';
import type { RequestContext } from '../../http.js';
import type { AuditService } from '../audit/audit.service.js';
import { isKnownLocale, type HourCycle } from '../clinics/clinic-settings.js';
import type { ClinicsRepository } from '../clinics/clinics.repository.js';
import { loadClinicContext } from '../clinics/clinic-context.js';
import { isTimeZone } from '../clinics/clinic-time.js';

export interface CareSettingsInput {
  readonly timeZone?: string | undefined;
  readonly locale?: string | undefined;
  readonly hourCycle?: HourCycle | undefined;
  readonly clinicHours?: Record<string, unknown> | undefined;
  readonly dosingWeightBasis?: WeightBasis | undefined;
  readonly eligibilityRuleOverrides?: Record<string, unknown> | undefined;
  readonly protocolSettings?: Record<string, Record<string, unknown>> | undefined;
}

/** Re-labels the fields of a domain error so they name the request's fields. */
function renamed(error: unknown, from: string, to: string): unknown {
  const rename = (field: string) =>
    field === from || field.startsWith(`${from}.`) ? `${to}${field.slice(from.length)}` : `${to}.${field}`;
  if (error instanceof DomainValidationError)
    return new DomainValidationError(error.issues.map((i) => ({ field: rename(i.field), message: i.message })));
  if (error instanceof RuleViolationError)
    return new RuleViolationError(error.code, error.message, error.field ? rename(error.field) : to);
  return error;
}

export class CareSettingsService {
  constructor(
    private readonly clinics: ClinicsRepository,
    private readonly audit: AuditService,
    private readonly transact: Transact,
    private readonly clock: () => Date,
  ) {}

  async get(ctx: RequestContext) {
    const clinic = await loadClinicContext(this.clinics, ctx.principal.clinicId);
    return {
      timeZone: clinic.timeZone,
      locale: clinic.settings.locale,
      hourCycle: clinic.settings.hourCycle,
      clinicHours: clinic.settings.clinicHours as Record<string, unknown>,
      dosingWeightBasis: clinic.settings.dosingWeightBasis,
      eligibilityRuleOverrides: clinic.settings.eligibilityRuleOverrides as Record<string, unknown>,
      eligibilityRuleSetVersion: clinic.rules.version,
      eligibilityRuleEditsRefused: [...clinic.refusedRuleEdits],
      protocolSettings: clinic.settings.protocolSettings as Record<string, Record<string, unknown>>,
    };
  }

  async update(ctx: RequestContext, input: CareSettingsInput) {
    const patch: Record<string, unknown> = {};
    if (input.timeZone !== undefined && !isTimeZone(input.timeZone)) {
      throw new BadRequestError('Unknown time zone.', [
        { field: 'timeZone', message: 'must be an IANA time zone such as America/New_York' },
      ]);
    }
    if (input.locale !== undefined) {
      if (!isKnownLocale(input.locale))
        throw new BadRequestError('Unknown locale.', [
          { field: 'locale', message: 'must be a locale such as en-US, en-GB or de-DE' },
        ]);
      patch.locale = input.locale;
    }
    if (input.hourCycle !== undefined) patch.hourCycle = input.hourCycle;
    if (input.clinicHours !== undefined) {
      patch.clinicHours = validateClinicHours(input.clinicHours, 'clinicHours');
      const open = Object.values(patch.clinicHours as object).filter((h) => h !== 'closed');
      if (open.length === 0)
        throw new BadRequestError('The clinic must be open on at least one day.', [
          { field: 'clinicHours', message: 'has no open day' },
        ]);
    }
    if (input.dosingWeightBasis !== undefined) patch.dosingWeightBasis = input.dosingWeightBasis;
    if (input.eligibilityRuleOverrides !== undefined) {
      try {
        // Esketamine label rules may only be made stricter: a weaker edit is a 422 naming the field.
        applyClinicOverrides(input.eligibilityRuleOverrides, DEFAULT_ELIGIBILITY_RULES);
      } catch (error) {
        throw renamed(error, 'overrides', 'eligibilityRuleOverrides');
      }
      patch.eligibilityRuleOverrides = input.eligibilityRuleOverrides;
    }
    if (input.protocolSettings !== undefined) {
      const issues: FieldIssue[] = [];
      for (const [id, changes] of Object.entries(input.protocolSettings)) {
        try {
          applyProtocolSettings(getProtocol(id, `protocolSettings.${id}`), changes);
        } catch (error) {
          if (
            error instanceof DomainValidationError &&
            error.issues.every((i) => i.field.startsWith('protocolSettings.'))
          )
            issues.push(...error.issues);
          else if (error instanceof DomainValidationError)
            issues.push(...(renamed(error, 'settings', `protocolSettings.${id}`) as DomainValidationError).issues);
          else throw renamed(error, 'settings', `protocolSettings.${id}`);
        }
      }
      if (issues.length > 0) throw new DomainValidationError(issues);
      patch.protocolSettings = input.protocolSettings;
    }
    const now = this.clock();
    const before =
      input.eligibilityRuleOverrides !== undefined
        ? await loadClinicContext(this.clinics, ctx.principal.clinicId)
        : undefined;
    await this.transact(async (trx) => {
      await this.clinics.updateCareSettings(trx, ctx.principal.clinicId, patch, input.timeZone);
      // Each saved change to the rules is its own rule-set version; the audit keeps the values before and after.
      const rules = before ? await this.clinics.nextEligibilityRuleSetRevision(trx, ctx.principal.clinicId) : undefined;
      await this.audit.record(
        ctx,
        {
          action: 'update',
          resourceType: 'ClinicSettings',
          resourceId: ctx.principal.clinicId,
          occurredAt: now,
          detail: {
            changed: [...Object.keys(patch), ...(input.timeZone ? ['timeZone'] : [])],
            ...(before && rules !== undefined
              ? {
                  eligibilityRules: {
                    fromVersion: before.rules.version,
                    toVersion:
                      Object.keys(input.eligibilityRuleOverrides ?? {}).length > 0
                        ? `${SHIPPED_RULE_SET_VERSION}+clinic.${rules}`
                        : SHIPPED_RULE_SET_VERSION,
                    before: JSON.parse(JSON.stringify(before.settings.eligibilityRuleOverrides)) as Canonical,
                    after: JSON.parse(JSON.stringify(input.eligibilityRuleOverrides ?? {})) as Canonical,
                  },
                }
              : {}),
          },
        },
        trx,
      );
    });
    return this.get(ctx);
  }
}
