import { isRecord } from '../domain/shared/guards.js';

/**
 * Where a response schema says nothing: a part that accepts any value (`Type.Unknown()`, `Type.Any()`, `{}`) or
 * an object that names no property and accepts any (`Type.Object({}, { additionalProperties: true })`).
 * An object that names its properties and also allows others (a FHIR resource's resource-level schema) is typed.
 * Returns a path per open part: `a.b` for properties, `[]` for array items, `{}` for record values, `|n` for a
 * union's branch.
 */
export function openParts(schema: unknown, at = '(root)'): string[] {
  if (schema === true) return [at];
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) return [];
  const s = schema as Record<string, unknown>;
  const out: string[] = [];
  const describes = ['type', 'anyOf', 'oneOf', 'allOf', 'const', 'enum', '$ref', 'not'].some((key) => key in s);
  if (!describes) return [at];
  const prefix = at === '(root)' ? '' : `${at}.`;
  const properties = isRecord(s.properties) ? s.properties : {};
  const patterns = isRecord(s.patternProperties) ? s.patternProperties : {};
  const types = Array.isArray(s.type) ? s.type : [s.type];
  if (
    types.includes('object') &&
    Object.keys(properties).length === 0 &&
    Object.keys(patterns).length === 0 &&
    s.additionalProperties !== false &&
    !isRecord(s.additionalProperties)
  ) {
    out.push(at);
  }
  for (const [name, sub] of Object.entries(properties)) out.push(...openParts(sub, `${prefix}${name}`));
  for (const sub of Object.values(patterns)) out.push(...openParts(sub, `${at}{}`));
  if (isRecord(s.additionalProperties)) out.push(...openParts(s.additionalProperties, `${at}{}`));
  if (s.items !== undefined) out.push(...openParts(s.items, `${at}[]`));
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const branches = s[key];
    if (Array.isArray(branches)) branches.forEach((branch, i) => out.push(...openParts(branch, `${at}|${i}`)));
  }
  return out;
}
