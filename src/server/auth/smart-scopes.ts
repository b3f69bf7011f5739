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
  if (!m || m[3] === '')
    return {
      ok: false,
      message: `"${text}" is not a SMART scope (<patient|user|system>/<Type|*>.<cruds>, e.g. system/Observation.rs)`,
    };
  const [, context, resourceType, raw] = m as unknown as [string, ScopeContext, string, string];
  if (resourceType !== '*' && !knownTypes.includes(resourceType)) {
    return {
      ok: false,
      message: `"${text}": ${resourceType} is not a resource type this server serves (${knownTypes.join(', ')})`,
    };
  }
  const letters = V1[raw] ?? raw;
  const interactions = new Set([...letters] as ScopeInteraction[]);
  return { ok: true, scope: { context, resourceType, interactions, text: `${context}/${resourceType}.${letters}` } };
}

/** Whether any scope grants `interaction` on `resourceType`. */
export function scopesAllow(
  scopes: readonly SmartScope[],
  resourceType: string,
  interaction: ScopeInteraction,
): boolean {
  return scopes.some(
    (s) => (s.resourceType === '*' || s.resourceType === resourceType) && s.interactions.has(interaction),
  );
}

/** Whether the scopes are limited to a patient's compartment (any `patient/` scope makes the token a patient token). */
export function isPatientScoped(scopes: readonly SmartScope[]): boolean {
  return scopes.some((s) => s.context === 'patient');
}

/**
 * What a backend client is granted (SMART Backend Services: the server may grant less than requested): for each
 * requested scope, the part an allowed scope of the same context covers, as `context/Type.letters`. A request for
 * `system/*.rs` where `system/Patient.rs` is allowed is granted `system/Patient.rs`; `system/Observation.cruds`
 * where `system/*.rs` is allowed, `system/Observation.rs`.
 */
export function grantScopes(requested: readonly SmartScope[], allowed: readonly SmartScope[]): SmartScope[] {
  const order: ScopeInteraction[] = ['c', 'r', 'u', 'd', 's'];
  const granted = new Map<
    string,
    { context: ScopeContext; resourceType: string; interactions: Set<ScopeInteraction> }
  >();
  for (const want of requested) {
    for (const may of allowed) {
      if (may.context !== want.context) continue;
      const resourceType =
        want.resourceType === '*'
          ? may.resourceType
          : may.resourceType === '*' || may.resourceType === want.resourceType
            ? want.resourceType
            : undefined;
      if (resourceType === undefined) continue;
      const both = order.filter((i) => want.interactions.has(i) && may.interactions.has(i));
      if (both.length === 0) continue;
      const key = `${want.context}/${resourceType}`;
      const entry = granted.get(key) ?? {
        context: want.context,
        resourceType,
        interactions: new Set<ScopeInteraction>(),
      };
      both.forEach((i) => entry.interactions.add(i));
      granted.set(key, entry);
    }
  }
  return [...granted.values()].map((g) => {
    const letters = order.filter((i) => g.interactions.has(i)).join('');
    return {
      context: g.context,
      resourceType: g.resourceType,
      interactions: new Set(g.interactions),
      text: `${g.context}/${g.resourceType}.${letters}`,
    };
  });
}
