/**
 * The SMART scopes an admin gives an API token or a backend client, and the scopes stored on them, parsed against
 * the FHIR resource types the server serves (see smart-scopes.ts for the grammar).
 */
import { BadRequestError } from '../errors/http-errors.js';
import { parseScope, type SmartScope } from './smart-scopes.js';

/**
 * Parses requested scopes, without repeats. Every scope that does not parse, or that `refusal` refuses (it returns
 * why), is named in one 400 as `scopes.<index>`.
 */
export function parseRequestedScopes(
  texts: readonly string[],
  knownTypes: readonly string[],
  refusal: (scope: SmartScope, text: string) => string | undefined = () => undefined,
): SmartScope[] {
  const problems: Array<{ field: string; message: string }> = [];
  const scopes: SmartScope[] = [];
  texts.forEach((text, i) => {
    const r = parseScope(text, knownTypes);
    const refused = r.ok ? refusal(r.scope, text) : r.message;
    if (refused !== undefined) problems.push({ field: `scopes.${i}`, message: refused });
    else if (r.ok) scopes.push(r.scope);
  });
  if (problems.length > 0) throw new BadRequestError('Some scopes are not valid.', problems);
  return [...new Map(scopes.map((s) => [s.text, s])).values()];
}

/**
 * The scopes among `texts` that parse; the others are dropped (a stored scope naming a resource type since removed,
 * or a scope a client asks the token endpoint for that the server does not know).
 */
export function validScopes(texts: readonly string[], knownTypes: readonly string[]): SmartScope[] {
  return texts.map((s) => parseScope(s, knownTypes)).flatMap((r) => (r.ok ? [r.scope] : []));
}
