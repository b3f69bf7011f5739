/**
 * SMART App Launch v2 scopes for API tokens (https://hl7.org/fhir/smart-app-launch/scopes-and-launch-context.html,
 * section "Scopes for requesting FHIR resources"): `<context>/<type>.<permissions>`, context `patient`, `user` or
 * `system`, type a FHIR resource type or `*`, permissions an ordered subset of `cruds` (create, read, update,
 * delete, search). The SMART v1 forms `.read`, `.write` and `.*` are accepted and read as `rs`, `cud` and `cruds`.
 *
 * A `patient/` scope limits the token to one patient's compartment (the token names the patient); `user/` and
 * `system/` scopes reach the whole clinic. What a token may do is what its scopes allow AND what its role allows.
 */

export type ScopeContext = 'patient' | 'user' | 'system';
export type ScopeInteraction = 'c' | 'r' | 'u' | 'd' | 's';

export interface SmartScope {
  readonly context: ScopeContext;
  /** A resource type, or `*` for every type. */
  readonly resourceType: string;
  readonly interactions: ReadonlySet<ScopeInteraction>;
  /** The scope as written, normalised to the v2 form (`system/Observation.rs`). */
  readonly text: string;
}

const SCOPE = /^(patient|user|system)\/(\*|[A-Z][A-Za-z]{1,63})\.(read|write|\*|c?r?u?d?s?)$/;
const V1: Readonly<Record<string, string>> = { read: 'rs', write: 'cud', '*': 'cruds' };

export type ScopeParse = { ok: true; scope: SmartScope } | { ok: false; message: string };

/** Parses one scope; `knownTypes` are the resource types this server serves (a typo should not pass silently). */
export function parseScope(text: string, knownTypes: readonly string[]): ScopeParse {
  const m = SCOPE.exec(text.trim());
  if (!m || m[3] === '') return { ok: false, message: `"${text}" is not a SMART scope (<patient|user|system>/<Type|*>.<cruds>, e.g. system/Observation.rs)` };
  const [, context, resourceType, raw] = m as unknown as [string, ScopeContext, string, string];
  if (resourceType !== '*' && !knownTypes.includes(resourceType)) {
    return { ok: false, message: `"${text}": ${resourceType} is not a resource type this server serves (${knownTypes.join(', ')})` };
  }
  const letters = V1[raw] ?? raw;
  const interactions = new Set([...letters] as ScopeInteraction[]);
  return { ok: true, scope: { context, resourceType, interactions, text: `${context}/${resourceType}.${letters}` } };
}

/** Whether any scope grants `interaction` on `resourceType`. */
export function scopesAllow(scopes: readonly SmartScope[], resourceType: string, interaction: ScopeInteraction): boolean {
  return scopes.some((s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.interactions.has(interaction));
}

/** Whether the scopes are limited to a patient's compartment (any `patient/` scope makes the token a patient token). */
export function isPatientScoped(scopes: readonly SmartScope[]): boolean {
  return scopes.some((s) => s.context === 'patient');
}
