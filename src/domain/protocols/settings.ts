import { DomainValidationError, RuleViolationError, type FieldIssue } from '../shared/validation.js';
import type { Protocol, ProtocolSetting } from './protocol.js';

/**
 * A clinic's version of a protocol: numeric settings changed within their ranges, and optionally new titration
 * steps. The result has version `<version>+clinic` and each changed setting cites the clinic setting.
 *
 * - A setting the label fixes (`locked`, e.g. the esketamine day-1 dose and schedule) cannot change:
 *   RuleViolationError `setting-locked`.
 * - A value outside the setting's range is a RuleViolationError `setting-out-of-range` whose message says why the
 *   bound exists (e.g. esketamine monitoring cannot go below the label's 120 minutes).
 * - Unknown settings and non-numbers are DomainValidationErrors naming `settings.<name>`.
 * - Titration steps must be ascending, positive and not above the protocol's cap (`settings.titrationSteps`).
 */
export function applyProtocolSettings(protocol: Protocol, changes: unknown): Protocol {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw new DomainValidationError([{ field: 'settings', message: 'must be an object of setting name -> value' }]);
  }
  const issues: FieldIssue[] = [];
  const settings: Record<string, ProtocolSetting> = { ...protocol.settings };
  let titrationSteps = protocol.titrationSteps;
  for (const [name, value] of Object.entries(changes as Record<string, unknown>)) {
    const field = `settings.${name}`;
    if (name === 'titrationSteps') {
      if (!protocol.titrationSteps) {
        issues.push({ field, message: `${protocol.id} has no titration steps` });
        continue;
      }
      const cap = protocol.settings.capMgPerKg?.value ?? protocol.settings.capMgPerKgPerHour?.value ?? Infinity;
      if (
        !Array.isArray(value) ||
        value.length === 0 ||
        value.some((v) => typeof v !== 'number' || !Number.isFinite(v) || v <= 0)
      ) {
        issues.push({ field, message: 'must be a non-empty list of positive numbers' });
      } else if (value.some((v, i) => i > 0 && (v as number) <= (value[i - 1] as number))) {
        issues.push({ field, message: 'must be in ascending order' });
      } else if ((value.at(-1) as number) > cap) {
        throw new RuleViolationError(
          'setting-out-of-range',
          `titration steps go above the protocol cap of ${cap}`,
          field,
        );
      } else {
        titrationSteps = value as number[];
      }
      continue;
    }
    const current = settings[name];
    if (!current) {
      issues.push({ field, message: `is not a setting of ${protocol.id}` });
      continue;
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issues.push({ field, message: 'must be a number' });
      continue;
    }
    if (current.locked && value !== current.value) {
      throw new RuleViolationError(
        'setting-locked',
        `${name} is fixed by the label at ${current.value} ${current.unit}`,
        field,
      );
    }
    if (value < current.min || value > current.max) {
      const why =
        value < current.min && current.minReason
          ? `: ${current.minReason}`
          : value > current.max && current.maxReason
            ? `: ${current.maxReason}`
            : '';
      throw new RuleViolationError(
        'setting-out-of-range',
        `${name} must be from ${current.min} to ${current.max} ${current.unit}${why}`,
        field,
      );
    }
    if (value !== current.value) {
      settings[name] = {
        ...current,
        value,
        source: {
          source: 'Clinic setting',
          detail: `Changed by the clinic from ${current.value} ${current.unit} (default cites: ${current.source.source})`,
          status: 'clinic-default',
        },
      };
    }
  }
  if (issues.length > 0) throw new DomainValidationError(issues);
  return {
    ...protocol,
    version: protocol.version.endsWith('+clinic') ? protocol.version : `${protocol.version}+clinic`,
    settings,
    ...(titrationSteps ? { titrationSteps } : {}),
  };
}
