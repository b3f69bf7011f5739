/**
 * Request validation. Two Ajv instances: the body is validated strictly (no type coercion: the string "2" is
 * not the number 2, which matters for questionnaire answers; unknown fields are refused, not dropped), while
 * the query string and path parameters, which are always text, are coerced to the declared types.
 *
 * Two limits hold for every schema, so no route has to remember them (issue 12): every `date` and
 * `date-time` is a real date between the years 1900 and 2199 (PostgreSQL refuses year 0, and no date in a
 * clinic's records is older than a date of birth can be: stricter bounds per field live in the services), and
 * every integer is a safe integer and every number finite (a path id of 99999999999999999999999 or 1e309
 * is refused with 400 rather than reaching the database).
 */
import { Ajv, type Options } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchema, FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives wrapped under NodeNext resolution.
const addFormats = (addFormatsModule as unknown as { default?: typeof addFormatsModule }).default ?? addFormatsModule;

export const PLAUSIBLE_YEARS = { from: 1900, to: 2199 } as const;

/** True when the text starts with a year inside PLAUSIBLE_YEARS. */
export function hasPlausibleYear(text: string): boolean {
  const year = /^(\d{4})-/.exec(text)?.[1];
  return year !== undefined && Number(year) >= PLAUSIBLE_YEARS.from && Number(year) <= PLAUSIBLE_YEARS.to;
}

function makeAjv(options: Options): Ajv {
  const ajv = new Ajv({ allErrors: true, removeAdditional: false, useDefaults: true, strict: false, ...options });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  for (const name of ['date', 'date-time'] as const) {
    const base = ajv.formats[name];
    const check =
      typeof base === 'function'
        ? base
        : base instanceof RegExp
          ? (s: string) => base.test(s)
          : base && typeof base === 'object' && 'validate' in base && typeof base.validate === 'function'
            ? (base.validate as (s: string) => boolean)
            : () => true;
    ajv.addFormat(name, { type: 'string', validate: (s: string) => check(s) && hasPlausibleYear(s) });
  }
  return ajv;
}

/**
 * A copy of `schema` in which every integer without bounds gets the safe-integer bounds and every number
 * without bounds the finite ones (JSON.parse turns 1e309 into Infinity; Ajv would take it as a number).
 */
export function withNumericBounds(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withNumericBounds);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema as Record<string, unknown>)) out[key] = withNumericBounds(value);
  const types = Array.isArray(out.type) ? out.type : [out.type];
  const limit = types.includes('integer')
    ? Number.MAX_SAFE_INTEGER
    : types.includes('number')
      ? Number.MAX_VALUE
      : undefined;
  if (limit !== undefined) {
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = limit;
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -limit;
  }
  return out;
}

export function validatorCompiler(): FastifySchemaCompiler<FastifySchema> {
  const strict = makeAjv({ coerceTypes: false });
  const coercing = makeAjv({ coerceTypes: 'array' });
  return ({ schema, httpPart }) => {
    const ajv = httpPart === 'body' ? strict : coercing;
    return ajv.compile(withNumericBounds(schema) as object) as ReturnType<FastifySchemaCompiler<FastifySchema>>;
  };
}
