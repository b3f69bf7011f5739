import { DomainValidationError, type FieldIssue } from '../shared/validation.js';
import { getProtocol } from '../protocols/definitions.js';
import {
  REQUIREMENT_CODES,
  type PreSessionRequirement,
  type Protocol,
  type ProtocolId,
  type RequirementCode,
} from '../protocols/protocol.js';

export interface PreSessionChecklist {
  /** Every requirement that applies to this session is confirmed. */
  readonly complete: boolean;
  /** Still to confirm, in the protocol's order: what the day view shows as missing. */
  readonly missing: readonly PreSessionRequirement[];
  readonly satisfied: readonly PreSessionRequirement[];
}

/**
 * The pre-session reminders for a session of a protocol, split into what is confirmed and what is still missing.
 * `confirmed` lists requirement codes already confirmed for this session (e.g. `ride-home` when the ride is
 * arranged, `fasting` when the patient acknowledged the fasting instructions). Requirements scoped to the first
 * session (REMS enrolment) apply only to session 1. Confirmations the protocol does not ask for are ignored;
 * unknown codes are a DomainValidationError naming `confirmed.<index>`.
 */
export function preSessionChecklist(
  protocol: Protocol | ProtocolId,
  confirmed: readonly unknown[],
  sessionNumber = 1,
): PreSessionChecklist {
  const p = typeof protocol === 'string' ? getProtocol(protocol) : protocol;
  const issues: FieldIssue[] = [];
  if (!Array.isArray(confirmed))
    throw new DomainValidationError([{ field: 'confirmed', message: 'must be a list of requirement codes' }]);
  confirmed.forEach((code, i) => {
    if (!(REQUIREMENT_CODES as readonly unknown[]).includes(code)) {
      issues.push({ field: `confirmed.${i}`, message: `unknown requirement; known: ${REQUIREMENT_CODES.join(', ')}` });
    }
  });
  if (!Number.isInteger(sessionNumber) || sessionNumber < 1)
    issues.push({ field: 'sessionNumber', message: 'must be a whole number from 1' });
  if (issues.length > 0) throw new DomainValidationError(issues);
  const done = new Set(confirmed as RequirementCode[]);
  const applicable = p.preSession.filter((r) => r.scope === 'every-session' || sessionNumber === 1);
  const missing = applicable.filter((r) => !done.has(r.code));
  return { complete: missing.length === 0, missing, satisfied: applicable.filter((r) => done.has(r.code)) };
}
