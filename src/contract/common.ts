/**
 * The API contract's shared pieces (issue 13). `src/contract/<module>.ts` declares, in TypeBox, what each route
 * accepts and answers; the routes use those schemas and the web app imports their types (`Static<typeof X>`), so
 * server and client read one declaration. Contract files import only TypeBox, `src/domain` and each other.
 */
import { Type, type Static, type TLiteral, type TSchema, type TUnion } from 'typebox';
import { CITATION_STATUSES } from '../domain/shared/citation.js';

/** A schema accepting exactly one of `values`, typed as their union. */
export function literalUnion<const T extends readonly string[]>(
  values: T,
): TUnion<{ -readonly [K in keyof T]: TLiteral<T[K]> }> {
  return Type.Union(values.map((v) => Type.Literal(v))) as unknown as TUnion<{
    -readonly [K in keyof T]: TLiteral<T[K]>;
  }>;
}

/** `schema` or null. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** A member of staff as an answer names them (who recorded, saved, changed or is booked). */
export const StaffRefSchema = Type.Object({ id: Type.String(), displayName: Type.String() });
export type StaffRef = Static<typeof StaffRefSchema>;

/** Where a clinical rule comes from (src/domain/shared/citation.ts `Citation`), as an answer carries it. */
export const CitationSchema = Type.Object({
  source: Type.String(),
  detail: Type.Optional(Type.String()),
  url: Type.Optional(Type.String()),
  status: literalUnion(CITATION_STATUSES),
});

/**
 * A member of staff as an answer names them, from a row's user id and the display name read beside it; null where
 * the row names no one. A user whose name was not read shows as ''.
 */
export function staffRef(id: string | null | undefined, displayName: string | null | undefined): StaffRef | null {
  return id ? { id, displayName: displayName ?? '' } : null;
}

/** `staffRef` for user ids whose names were read together (the users repository's `displayNames`). */
export function staffRefsFrom(names: ReadonlyMap<string, string>): (id: string | null | undefined) => StaffRef | null {
  return (id) => staffRef(id, id ? names.get(id) : undefined);
}

/** RFC 9457 problem document, as every error answer looks. */
export const ProblemSchema = Type.Object({
  type: Type.String(),
  title: Type.String(),
  status: Type.Integer(),
  detail: Type.String(),
  errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  code: Type.Optional(Type.String()),
});

export const errorResponses = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
} as const;

export const StaffRoleSchema = Type.Union([
  Type.Literal('admin'),
  Type.Literal('prescriber'),
  Type.Literal('nurse'),
  Type.Literal('therapist'),
  Type.Literal('front_desk'),
]);

const JsonScalar = Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Null()]);
/** A JSON value nested at most `depth` arrays or objects deep. */
function jsonValue(depth: number): TSchema {
  if (depth === 0) return JsonScalar;
  const inner = jsonValue(depth - 1);
  return Type.Union([JsonScalar, Type.Array(inner), Type.Record(Type.String(), inner)]);
}

/**
 * A JSON object as stored in a jsonb column whose shape varies by kind (a timeline entry's data, an audit event's
 * detail, a clinic's rule overrides): values are JSON scalars, or arrays and objects of them nested up to four
 * levels. Typed as `Record<string, unknown>` for TypeScript, because the services hold such values as stored.
 */
export const JsonObject = Type.Unsafe<Record<string, unknown>>(Type.Record(Type.String(), jsonValue(4)));

/**
 * A FHIR R4 resource, typed at the resource level: its `resourceType` and id; the rest is the FHIR specification's
 * (https://hl7.org/fhir/R4/), which these schemas do not repeat.
 */
export const FhirResource = <const T extends string>(resourceType: T) =>
  Type.Object(
    {
      resourceType: Type.Literal(resourceType),
      id: Type.Optional(Type.String()),
    },
    {
      additionalProperties: true,
      description: `A FHIR R4 ${resourceType} (https://hl7.org/fhir/R4/${resourceType.toLowerCase()}.html)`,
    },
  );

/**
 * A clinic's opening hours by weekday: `{ open: 'HH:MM', close: 'HH:MM' }` or `'closed'` (src/domain/scheduling/
 * clinic-hours.ts). Typed as the services hold it, a stored settings object.
 */
export const ClinicHoursSchema = Type.Unsafe<Record<string, unknown>>(
  Type.Record(
    Type.String(),
    Type.Union([Type.Literal('closed'), Type.Object({ open: Type.String(), close: Type.String() })]),
  ),
);

/** A 200 that answers a PDF file rather than JSON (declared per content type, as OpenAPI has it). */
export const PdfDocument = {
  description: 'A PDF document',
  content: { 'application/pdf': { schema: Type.Unsafe<Uint8Array>(Type.String({ format: 'binary' })) } },
} as const;

/** A zip archive, streamed (the whole-clinic export). */
export const ZipArchive = {
  description: 'A zip archive',
  content: {
    'application/zip': {
      schema: Type.Unsafe<AsyncIterable<Uint8Array> | Uint8Array>(Type.String({ format: 'binary' })),
    },
  },
} as const;
